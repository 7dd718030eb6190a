import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAINTENANCE_SETTINGS,
  MaintenanceSettings,
  PlatformSettingsPatch,
  addMonths,
  maintenanceLine,
  maintenanceMessage,
  maintenancePeriod,
  maintenanceReminderDue,
  maintenanceRuleFor,
  maintenanceRulesInForce,
  maintenanceSchedule,
} from '../index';

const rules = maintenanceRulesInForce(DEFAULT_MAINTENANCE_SETTINGS);
const ac = maintenanceRuleFor(rules, 'air_conditioner')!;
const purifier = maintenanceRuleFor(rules, 'water_purifier')!;

describe('maintenance rule book (issue 20.3)', () => {
  it('adds months keeping the day, or the month’s last day when it has none', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-08-15', 6)).toBe('2027-02-15');
    expect(addMonths('2026-03-01', -6)).toBe('2025-09-01');
  });

  it('counts from the last service: the first due day, then every interval; reminded lead days ahead', () => {
    expect(maintenanceSchedule(purifier, '2026-01-10', '2026-06-01')).toEqual({ dueOn: '2026-07-10', remindOn: '2026-07-03', state: 'later' });
    expect(maintenanceSchedule(purifier, '2026-01-10', '2026-07-03')).toEqual({ dueOn: '2026-07-10', remindOn: '2026-07-03', state: 'due' });
    expect(maintenanceSchedule(purifier, '2026-01-10', '2026-07-11').state).toBe('overdue');
    // Never serviced: the next period comes round, once per interval.
    expect(maintenanceSchedule(purifier, '2026-01-10', '2027-01-05')).toMatchObject({ dueOn: '2027-01-10', state: 'due' });
  });

  it('cleans the air conditioner before summer: a due day in June–August moves to 15 May', () => {
    expect(maintenanceSchedule(ac, '2025-07-20', '2026-01-01').dueOn).toBe('2026-05-15');
    expect(maintenanceSchedule(ac, '2025-07-20', '2026-05-01')).toMatchObject({ dueOn: '2026-05-15', remindOn: '2026-05-01', state: 'due' });
    expect(maintenanceSchedule(ac, '2025-10-08', '2026-01-01').dueOn).toBe('2026-10-08');
    // Never to before the service it counts from (a platform that set one month).
    expect(maintenanceSchedule({ ...ac, intervalMonths: 1 }, '2026-05-20', '2026-05-21').dueOn).toBe('2026-06-20');
  });

  it('a snooze that ends after the remind day is a period of its own; off, paused or snoozed: not due', () => {
    const s = maintenanceSchedule(purifier, '2026-01-10', '2026-07-05');
    expect(maintenancePeriod(s, null)).toBe('2026-07-10');
    expect(maintenancePeriod(s, '2026-07-02')).toBe('2026-07-10');
    expect(maintenancePeriod(s, '2026-08-04')).toBe('2026-07-10~2026-08-04');
    expect(maintenanceReminderDue(purifier, s, { on: true, snoozedUntil: null }, '2026-07-05')).toBe(true);
    expect(maintenanceReminderDue(purifier, s, { on: false, snoozedUntil: null }, '2026-07-05')).toBe(false);
    expect(maintenanceReminderDue({ enabled: false }, s, { on: true, snoozedUntil: null }, '2026-07-05')).toBe(false);
    expect(maintenanceReminderDue(purifier, s, { on: true, snoozedUntil: '2026-07-06' }, '2026-07-05')).toBe(false);
    expect(maintenanceReminderDue(purifier, s, { on: true, snoozedUntil: '2026-07-05' }, '2026-07-05')).toBe(true);
  });

  it('words for the customer: no codes, dates in Chinese', () => {
    expect(maintenanceMessage(purifier, { category: 'water_purifier', brand: '美的', model: 'MRO1791' }, { dueOn: '2026-07-10', state: 'due' })).toEqual({
      title: '保养提醒：净水器换滤芯',
      body: '您的美的净水器 MRO1791，建议在 2026年7月10日 前更换滤芯。滤芯用久了过滤效果会下降，按时更换喝水更放心。点这里直接预约。',
    });
    expect(maintenanceLine({ dueOn: '2026-07-10', state: 'overdue', on: true, enabled: true, snoozedUntil: '2026-08-04' })).toBe('已到保养时间（2026年7月10日），2026年8月4日 前不再提醒');
  });

  it('settings: a rule left out keeps its defaults; a wrong one names its field', () => {
    expect(maintenanceRulesInForce([{ rule: 'ac_cleaning', enabled: false, intervalMonths: 24, leadDays: 30 }])[0]).toMatchObject({ code: 'ac_cleaning', enabled: false, intervalMonths: 24, leadDays: 30 });
    expect(maintenanceRulesInForce([])[1]).toMatchObject({ code: 'purifier_filter', enabled: true, intervalMonths: 6, leadDays: 7 });
    const bad = PlatformSettingsPatch.safeParse({ maintenanceReminders: [{ rule: 'purifier_filter', enabled: true, intervalMonths: 1, leadDays: 28 }] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(['maintenanceReminders.0.leadDays']);
    expect(MaintenanceSettings.safeParse(DEFAULT_MAINTENANCE_SETTINGS).success).toBe(true);
  });
});
