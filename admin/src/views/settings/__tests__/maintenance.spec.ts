import { DEFAULT_SETTINGS } from '@fangxin/shared';
import { describe, expect, it } from 'vitest';
import { settingsPatch } from '../data';
import { maintenanceProblem, maintenanceRows } from '../maintenance';

describe('settings: maintenance reminder rules (issue 20.3)', () => {
  it('shows every rule of the rule book, a rule the setting leaves out with its defaults', () => {
    const rows = maintenanceRows([{ rule: 'purifier_filter', enabled: false, intervalMonths: 3, leadDays: 5 }]);
    expect(rows.map((r) => r.name)).toEqual(['空调清洗', '净水器换滤芯', '油烟机清洗', '热水器清洗除垢', '洗衣机清洗']);
    expect(rows[1]).toMatchObject({ rule: 'purifier_filter', enabled: false, intervalMonths: 3, leadDays: 5 });
    expect(rows[0]).toMatchObject({ rule: 'ac_cleaning', enabled: true, intervalMonths: 12, leadDays: 14 });
  });

  it('names the rule a problem is in, with the shared schema’s words', () => {
    const rows = maintenanceRows(DEFAULT_SETTINGS.maintenanceReminders).map((r) => (r.rule === 'range_hood_cleaning' ? { ...r, intervalMonths: 1, leadDays: 30 } : r));
    expect(maintenanceProblem(rows, (code) => rows.find((r) => r.rule === code)!.name)).toBe('油烟机清洗：提前天数要少于提醒间隔');
    expect(maintenanceProblem(maintenanceRows(DEFAULT_SETTINGS.maintenanceReminders), (c) => c)).toBeNull();
  });

  it('sends the rules whole when one changed, nothing when none did', () => {
    expect(settingsPatch(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, maintenanceReminders: [...DEFAULT_SETTINGS.maintenanceReminders] })).toEqual({});
    const changed = DEFAULT_SETTINGS.maintenanceReminders.map((r) => (r.rule === 'ac_cleaning' ? { ...r, enabled: false } : r));
    expect(settingsPatch(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, maintenanceReminders: changed })).toEqual({ maintenanceReminders: changed });
  });
});
