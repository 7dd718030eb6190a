import { districtName, timelineEventLabel, TIMELINE_EVENT_LABELS, TIMELINE_EVENT_LABELS_EN } from '@fangxin/shared';
import { useI18n } from 'vue-i18n';
import type { MessageSchema } from '@/locales/zh-CN';

export type EnumGroup = keyof MessageSchema['enums'];

/**
 * Names for the shared codes (statuses, categories, certificates…) in the current language. A code the tables do
 * not know yet (the server added one) shows as itself rather than as a missing-key path.
 */
export function useLabels() {
  const { t, te, locale } = useI18n();
  const label = (group: EnumGroup, code: string | null | undefined): string => {
    if (!code) return '—';
    const key = `enums.${group}.${code}`;
    return te(key) || te(key, 'zh-CN') ? t(key) : code;
  };
  /** Region names are Chinese place names in both languages; unknown codes show the code. */
  const district = (code: string | null | undefined): string => (code ? (districtName(code) ?? code) : '—');
  /** An event type this version does not know reads as a neutral phrase, never as its key. */
  const timelineType = (type: string): string =>
    te(`timeline.${type}`) ? t(`timeline.${type}`) : timelineEventLabel(type, locale.value === 'en' ? TIMELINE_EVENT_LABELS_EN : TIMELINE_EVENT_LABELS);
  return { label, district, timelineType };
}
