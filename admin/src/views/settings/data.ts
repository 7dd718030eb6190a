import { PlatformSettings, type PlatformSettings as Settings } from '@fangxin/shared';
import type { FormRules } from 'element-plus';
import { zodRule } from '@/utils/zodRules';
import { maintenanceRows, maintenanceSetting, sameMaintenance } from './maintenance';

type NumberKey = { [K in keyof Settings]: Settings[K] extends number ? K : never }[keyof Settings];

/** Every numeric standard, in the order the form shows them, with its input step. */
export const SETTING_FIELDS: ReadonlyArray<{ key: NumberKey; step: number; precision?: number }> = [
  { key: 'respondHours', step: 1 },
  { key: 'urgentRespondHours', step: 1 },
  { key: 'dispatchEscalationMinutes', step: 5 },
  { key: 'resolveHours', step: 1 },
  { key: 'atRiskRatio', step: 0.05, precision: 2 },
  { key: 'complaintAckHours', step: 1 },
  { key: 'complaintResolveHours', step: 1 },
  { key: 'complaintCompensationCapFen', step: 100, precision: 2 },
  { key: 'surveyWindowDays', step: 1 },
  { key: 'reworkWarrantyDays', step: 1 },
  { key: 'returnVisitSampleRate', step: 0.05, precision: 2 },
  { key: 'returnVisitDueDays', step: 1 },
  { key: 'autoCloseHours', step: 1 },
  { key: 'customerChangeCutoffHours', step: 0.5, precision: 1 },
  { key: 'rectificationDays', step: 1 },
  // Step 1: from its minimum of 1 a step of 5 made the browser refuse the default 20 (valid: 16, 21), so nothing saved.
  { key: 'noShowWaitMinutes', step: 1 },
  { key: 'appealWindowDays', step: 1 },
];

/** The settings typed as text, shown after the numbers: the customer-service hotline. */
export const TEXT_SETTING_FIELDS: ReadonlyArray<{ [K in keyof Settings]: Settings[K] extends string ? K : never }[keyof Settings]> = ['hotline'];

/** The settings that are lists, with an editor of their own: the districts marked remote (issue 19). */
export const LIST_SETTING_FIELDS: ReadonlyArray<keyof Settings> = ['remoteDistrictCodes', 'maintenanceReminders'];

const ALL_KEYS: ReadonlyArray<keyof Settings> = [...SETTING_FIELDS.map((f) => f.key), ...TEXT_SETTING_FIELDS];

export function settingsRules(t: (key: string) => string): FormRules<Settings> {
  return Object.fromEntries(
    ALL_KEYS.map((key) => [key, [zodRule(PlatformSettings, key, t(`settings.${key}`), 'change')]]),
  ) as FormRules<Settings>;
}

/** Only what changed goes to `PATCH /admin/settings` (the server audits each change). */
export function settingsPatch(original: Settings, form: Settings): Partial<Settings> {
  const patch: Partial<Settings> = Object.fromEntries(ALL_KEYS.filter((key) => form[key] !== original[key]).map((key) => [key, form[key]]));
  // Issue 19: the districts marked remote (a list, compared as a set).
  if ([...form.remoteDistrictCodes].sort().join() !== [...original.remoteDistrictCodes].sort().join()) patch.remoteDistrictCodes = [...form.remoteDistrictCodes];
  // Issue 20.3: the maintenance reminder rules, sent whole (every rule, in the rule book's order) when any changed.
  if (!sameMaintenance(form.maintenanceReminders, original.maintenanceReminders)) patch.maintenanceReminders = maintenanceSetting(maintenanceRows(form.maintenanceReminders));
  return patch;
}

/** Money settings are stored in integer fen and typed in yuan. */
export const MONEY_SETTINGS: ReadonlySet<keyof Settings> = new Set<keyof Settings>(['complaintCompensationCapFen']);
export const shownValue = (key: keyof Settings, value: number): number => (MONEY_SETTINGS.has(key) ? value / 100 : value);
export const storedValue = (key: keyof Settings, value: number): number => (MONEY_SETTINGS.has(key) ? Math.round(value * 100) : value);

/** The bounds the shared schema allows, for the number inputs. */
export function bounds(key: NumberKey): { min: number; max: number } {
  const schema = PlatformSettings.shape[key] as unknown as { unwrap?: () => { minValue?: number | null; maxValue?: number | null } };
  const inner = schema.unwrap?.();
  return { min: inner?.minValue ?? 0, max: inner?.maxValue ?? Number.MAX_SAFE_INTEGER };
}
