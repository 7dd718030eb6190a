import { DEFAULT_SETTINGS } from '@fangxin/shared';
import type { FormItemRule } from 'element-plus';
import { describe, expect, it } from 'vitest';
import { bounds, LIST_SETTING_FIELDS, SETTING_FIELDS, settingsPatch, settingsRules, TEXT_SETTING_FIELDS } from '../data';

describe('settings/data', () => {
  it('lists every platform setting the shared schema defines', () => {
    expect([...SETTING_FIELDS.map((f) => f.key), ...TEXT_SETTING_FIELDS, ...LIST_SETTING_FIELDS].sort()).toEqual(Object.keys(DEFAULT_SETTINGS).sort());
  });

  it('reads the input bounds from the shared schema', () => {
    expect(bounds('respondHours')).toEqual({ min: 1, max: 168 });
    expect(bounds('atRiskRatio')).toEqual({ min: 0.5, max: 0.95 });
  });

  it('patches only what changed', () => {
    expect(settingsPatch(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS })).toEqual({});
    expect(settingsPatch(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, respondHours: 12, atRiskRatio: 0.7 })).toEqual({ respondHours: 12, atRiskRatio: 0.7 });
  });

  it('validates with the shared rules', () => {
    const rule = (settingsRules((k) => k).respondHours as FormItemRule[])[0]!;
    let message: string | null = 'unset';
    rule.validator!(rule, 500, (e?: string | Error) => (message = e ? String(e instanceof Error ? e.message : e) : null), {}, {});
    expect(message).not.toBeNull();
    rule.validator!(rule, 24, (e?: string | Error) => (message = e ? String(e) : null), {}, {});
    expect(message).toBeNull();
  });
});
