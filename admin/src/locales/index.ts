import elementEn from 'element-plus/es/locale/lang/en';
import elementZhCn from 'element-plus/es/locale/lang/zh-cn';
import { createI18n } from 'vue-i18n';
import { isOneOf } from '@fangxin/shared';
import en from './en';
import zhCN from './zh-CN';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Element Plus carries its own strings (pagination, date pickers, empty tables): they switch with ours. */
export const ELEMENT_LOCALES = { 'zh-CN': elementZhCn, en: elementEn } as const;

const STORAGE_KEY = 'fangxin.admin.locale';

function storedLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  // Chinese is the default for everyone; English only when chosen.
  return isOneOf(LOCALES, saved) ? saved : 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
