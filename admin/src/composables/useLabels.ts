import { districtName } from '@fangxin/shared';
import { useI18n } from 'vue-i18n';
import type { MessageSchema } from '@/locales/zh-CN';

export type EnumGroup = keyof MessageSchema['enums'];

/**
 * Names for the shared codes (statuses, categories, certificates…) in the current language. A code the tables do
 * not know yet (the server added one) shows as itself rather than as a missing-key path.
 */
export function useLabels() {
  const { t, te } = useI18n();
  const label = (group: EnumGroup, code: string | null | undefined): string => {
    if (!code) return '—';
    const key = `enums.${group}.${code}`;
    return te(key) || te(key, 'zh-CN') ? t(key) : code;
  };
  /** Region names are Chinese place names in both languages; unknown codes show the code. */
  const district = (code: string | null | undefined): string => (code ? (districtName(code) ?? code) : '—');
  const timelineType = (type: string): string => (te(`timeline.${type}`) || te(`timeline.${type}`, 'zh-CN') ? t(`timeline.${type}`) : type);
  return { label, district, timelineType };
}
