import { z } from 'zod';
import { CATEGORY_CODES, SERVICE_TYPE_CODES, categoryName, type CategoryCode, type ServiceTypeCode } from './catalog';
import { addDays, shanghaiDay } from './slots';

/**
 * Maintenance reminders (issue 20.3): an appliance that needs regular care is reminded of it, through the customer's
 * message channels, each reminder leading straight to a booking for that appliance and service. The rules, once:
 *
 * - One rule per appliance category that needs care (the rule book below): the service it leads to (a catalogue
 *   service type), how often (months), and how many days before the due day the reminder goes out. A platform admin
 *   may turn a rule off or change its interval and lead days (setting `maintenanceReminders`).
 * - Due days are counted from the appliance's last completed order of that kind (the service types the rule counts,
 *   e.g. a cleaning or a maintenance visit) or, before any, from its purchase date: one due day every interval after
 *   it. A rule marked `beforeSummer` moves a due day that falls in June–August to 15 May of that year, so the air
 *   conditioner is cleaned before the heat.
 * - The reminder of a period goes out once its remind day (due day − lead days) has come; the period is its due day,
 *   so an appliance is reminded at most once per rule and period. An appliance never serviced keeps being reminded
 *   once per interval; a completed service starts the count again. An appliance with an open order of that kind is
 *   not reminded (it is booked).
 * - The customer may turn reminders off for an appliance, or snooze them (提醒我晚些时候): nothing is sent before the
 *   snooze ends, and a reminder already sent for the period is sent once more when it ends (that snooze is its own
 *   period).
 */

export interface MaintenanceRule {
  code: string;
  category: CategoryCode;
  /** The service the reminder books. */
  serviceType: ServiceTypeCode;
  /** Completed orders of these service types restart the count. */
  counts: readonly ServiceTypeCode[];
  /** The customer's words for the care (空调清洗). */
  name: string;
  /** The admin's English name. */
  nameEn: string;
  /** What to do, after 建议在…前 (做一次清洗). */
  care: string;
  /** Why it matters, in one plain sentence. */
  why: string;
  intervalMonths: number;
  leadDays: number;
  beforeSummer: boolean;
}

export const MAINTENANCE_RULES = [
  {
    code: 'ac_cleaning',
    category: 'air_conditioner',
    serviceType: 'cleaning',
    counts: ['cleaning', 'maintenance'],
    name: '空调清洗',
    nameEn: 'Air conditioner cleaning',
    care: '做一次清洗',
    why: '夏季用机前清洗滤网和蒸发器，制冷更好，吹出的风更干净',
    intervalMonths: 12,
    leadDays: 14,
    beforeSummer: true,
  },
  {
    code: 'purifier_filter',
    category: 'water_purifier',
    serviceType: 'maintenance',
    counts: ['maintenance'],
    name: '净水器换滤芯',
    nameEn: 'Water purifier filter change',
    care: '更换滤芯',
    why: '滤芯用久了过滤效果会下降，按时更换喝水更放心',
    intervalMonths: 6,
    leadDays: 7,
    beforeSummer: false,
  },
  {
    code: 'range_hood_cleaning',
    category: 'range_hood',
    serviceType: 'cleaning',
    counts: ['cleaning', 'maintenance'],
    name: '油烟机清洗',
    nameEn: 'Range hood cleaning',
    care: '做一次清洗',
    why: '油污积多了吸力变小、噪音变大，清洗后排烟更好',
    intervalMonths: 12,
    leadDays: 7,
    beforeSummer: false,
  },
  {
    code: 'water_heater_descaling',
    category: 'water_heater',
    serviceType: 'cleaning',
    counts: ['cleaning', 'maintenance'],
    name: '热水器清洗除垢',
    nameEn: 'Water heater descaling',
    care: '做一次清洗除垢',
    why: '水垢会让加热变慢、更费电，定期除垢更安全',
    intervalMonths: 12,
    leadDays: 7,
    beforeSummer: false,
  },
  {
    code: 'washer_cleaning',
    category: 'washing_machine',
    serviceType: 'cleaning',
    counts: ['cleaning', 'maintenance'],
    name: '洗衣机清洗',
    nameEn: 'Washing machine cleaning',
    care: '做一次清洗',
    why: '内桶夹层容易藏污垢和细菌，清洗后衣服洗得更干净',
    intervalMonths: 12,
    leadDays: 7,
    beforeSummer: false,
  },
] as const satisfies readonly MaintenanceRule[];

export type MaintenanceRuleCode = (typeof MAINTENANCE_RULES)[number]['code'];
export const MAINTENANCE_RULE_CODES = MAINTENANCE_RULES.map((r) => r.code) as [MaintenanceRuleCode, ...MaintenanceRuleCode[]];

/** The message type of a reminder (in-app, WeChat subscribe template, SMS template). */
export const MAINTENANCE_MESSAGE_TYPE = 'maintenance_due';

export const MAINTENANCE_LIMITS = { intervalMonthsMax: 60, leadDaysMax: 60, snoozeDays: [7, 30, 90] as const } as const;

/** What a platform admin may change about a rule. */
export const MaintenanceRuleSetting = z
  .object({
    rule: z.enum(MAINTENANCE_RULE_CODES),
    enabled: z.boolean(),
    intervalMonths: z
      .number()
      .int('间隔月数请填写整数')
      .min(1, '间隔至少 1 个月')
      .max(MAINTENANCE_LIMITS.intervalMonthsMax, `间隔最多 ${MAINTENANCE_LIMITS.intervalMonthsMax} 个月`),
    leadDays: z
      .number()
      .int('提前天数请填写整数')
      .min(0, '提前天数不能为负数')
      .max(MAINTENANCE_LIMITS.leadDaysMax, `最多提前 ${MAINTENANCE_LIMITS.leadDaysMax} 天`),
  })
  .refine((r) => r.leadDays < r.intervalMonths * 28, { path: ['leadDays'], message: '提前天数要少于提醒间隔' })
  .meta({ id: 'MaintenanceRuleSetting' });

export type MaintenanceRuleSetting = z.infer<typeof MaintenanceRuleSetting>;

export const DEFAULT_MAINTENANCE_SETTINGS: MaintenanceRuleSetting[] = MAINTENANCE_RULES.map((r) => ({
  rule: r.code,
  enabled: true,
  intervalMonths: r.intervalMonths,
  leadDays: r.leadDays,
}));

/** The setting: one entry per rule at most (a rule left out keeps its defaults). */
export const MaintenanceSettings = z
  .array(MaintenanceRuleSetting)
  .max(MAINTENANCE_RULES.length)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      if (seen.has(r.rule)) ctx.addIssue({ code: 'custom', path: [i, 'rule'], message: '同一项保养提醒只能设置一次' });
      seen.add(r.rule);
    });
  });

export type MaintenanceRuleInForce = Omit<MaintenanceRule, 'code'> & { code: MaintenanceRuleCode; enabled: boolean };

/** The rule book with the platform's settings applied. */
export function maintenanceRulesInForce(settings: readonly MaintenanceRuleSetting[] | undefined): MaintenanceRuleInForce[] {
  return MAINTENANCE_RULES.map((rule) => {
    const s = settings?.find((x) => x.rule === rule.code);
    return { ...rule, enabled: s?.enabled ?? true, intervalMonths: s?.intervalMonths ?? rule.intervalMonths, leadDays: s?.leadDays ?? rule.leadDays };
  });
}

export function maintenanceRuleFor(rules: readonly MaintenanceRuleInForce[], category: string): MaintenanceRuleInForce | null {
  return rules.find((r) => r.category === category) ?? null;
}

export function maintenanceRuleName(code: string): string {
  return MAINTENANCE_RULES.find((r) => r.code === code)?.name ?? '保养';
}

/** `day` plus whole months; a day-of-month the month lacks (31 March + 1 month) becomes its last day. */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** A due day of a `beforeSummer` rule falling in June–August moves to 15 May of that year (never to before `since`). */
function seasonal(rule: Pick<MaintenanceRule, 'beforeSummer'>, day: string, since: string): string {
  const month = Number(day.slice(5, 7));
  const moved = `${day.slice(0, 4)}-05-15`;
  return rule.beforeSummer && month >= 6 && month <= 8 && moved > since ? moved : day;
}

export type MaintenanceState = 'later' | 'due' | 'overdue';

export interface MaintenanceSchedule {
  /** The due day of the current period (or, before the first remind day, of the first period). */
  dueOn: string;
  /** When its reminder goes out: due day − lead days. */
  remindOn: string;
  /** later: the remind day has not come; due: reminded, due day today or ahead; overdue: the due day has passed. */
  state: MaintenanceState;
}

/**
 * Where an appliance stands with a rule on `today` (Asia/Shanghai day), counting from `since` (its last completed
 * service of that kind, else its purchase date): the latest due day whose remind day has come, else the first one.
 */
export function maintenanceSchedule(rule: Pick<MaintenanceRule, 'intervalMonths' | 'leadDays' | 'beforeSummer'>, since: string, today: string): MaintenanceSchedule {
  const interval = Math.max(1, Math.floor(rule.intervalMonths));
  const dueAt = (k: number) => seasonal(rule, addMonths(since, k * interval), since);
  let current: string | null = null;
  // At most one period per interval since 1990: bounded however old the appliance.
  for (let k = 1; k <= 1000; k++) {
    const due = dueAt(k);
    if (addDays(due, -rule.leadDays) > today) break;
    current = due;
  }
  const dueOn = current ?? dueAt(1);
  return { dueOn, remindOn: addDays(dueOn, -rule.leadDays), state: current === null ? 'later' : dueOn >= today ? 'due' : 'overdue' };
}

/**
 * The period a reminder belongs to: the due day, or — after a snooze that ends later than the remind day — the
 * snooze's end, so the customer who asked to be reminded later is reminded once more, once.
 */
export function maintenancePeriod(schedule: MaintenanceSchedule, snoozedUntil: string | null): string {
  return snoozedUntil && snoozedUntil > schedule.remindOn ? `${schedule.dueOn}~${snoozedUntil}` : schedule.dueOn;
}

/** Whether a reminder may go out today: the rule is on, the customer has not turned it off, no snooze runs. */
export function maintenanceReminderDue(
  rule: Pick<MaintenanceRuleInForce, 'enabled'>,
  schedule: MaintenanceSchedule,
  pref: { on: boolean; snoozedUntil: string | null },
  today: string,
): boolean {
  if (!rule.enabled || !pref.on || schedule.state === 'later') return false;
  return !(pref.snoozedUntil && pref.snoozedUntil > today);
}

/** The page of the app a reminder opens: the booking page with the appliance and the service chosen. */
export const BOOKING_PAGE = 'packages/customer/pages/booking/index';

export function maintenanceBookingPath(applianceId: string, rule: Pick<MaintenanceRule, 'category' | 'serviceType'>): string {
  return `${BOOKING_PAGE}?applianceId=${encodeURIComponent(applianceId)}&category=${rule.category}&serviceType=${rule.serviceType}`;
}

/** `2027年5月15日` */
export function chineseDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** The appliance as the customer recognises it: 格力空调 KFR-35GW. */
export function applianceLabel(a: { category: string; brand: string; model?: string | null }): string {
  return `${a.brand}${categoryName(a.category)}${a.model ? ` ${a.model}` : ''}`;
}

/** The reminder's words (in-app title and body; the WeChat template takes both, cut to its limits). */
export function maintenanceMessage(rule: Pick<MaintenanceRule, 'name' | 'why' | 'care'>, appliance: { category: string; brand: string; model?: string | null }, schedule: Pick<MaintenanceSchedule, 'dueOn' | 'state'>): { title: string; body: string } {
  const when = schedule.state === 'overdue' ? `已到保养时间（${chineseDay(schedule.dueOn)}），建议尽快` : `建议在 ${chineseDay(schedule.dueOn)} 前`;
  return {
    title: `保养提醒：${rule.name}`,
    body: `您的${applianceLabel(appliance)}，${when}${rule.care}。${rule.why}。点这里直接预约。`,
  };
}

/** 我的家电's line under the care's name: 下次保养 2027年5月15日, or why no reminder comes. */
export function maintenanceLine(view: Pick<MaintenanceView, 'dueOn' | 'state' | 'on' | 'enabled' | 'snoozedUntil'>): string {
  if (!view.enabled) return '平台已暂停此项提醒';
  if (!view.on) return '提醒已关闭';
  const due = view.state === 'overdue' ? `已到保养时间（${chineseDay(view.dueOn)}）` : `下次保养 ${chineseDay(view.dueOn)}`;
  const snooze = view.snoozedUntil ? `，${chineseDay(view.snoozedUntil)} 前不再提醒` : '';
  return `${due}${snooze}`;
}

/** The SMS text of a reminder (a registered template; parameters: the appliance and the care). */
export const MAINTENANCE_SMS = { template: 'FX_MAINTENANCE_DUE', text: '【放心服务】您的{appliance}该{service}了，打开放心服务“我的家电”即可一键预约。' } as const;

export function maintenanceSmsText(params: { appliance: string; service: string }): string {
  return MAINTENANCE_SMS.text.replace('{appliance}', params.appliance).replace('{service}', params.service);
}

// ---- the API's shapes --------------------------------------------------------------------------------------------

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const MaintenanceView = z
  .object({
    applianceId: z.string(),
    rule: z.enum(MAINTENANCE_RULE_CODES),
    ruleName: z.string(),
    category: z.enum(CATEGORY_CODES),
    serviceType: z.enum(SERVICE_TYPE_CODES),
    enabled: z.boolean().meta({ description: 'The platform has the rule on' }),
    on: z.boolean().meta({ description: 'The customer has reminders for this appliance on' }),
    snoozedUntil: Day.nullable().meta({ description: 'No reminder before this day (Asia/Shanghai)' }),
    since: Day.meta({ description: 'Counted from this day: the last completed service of this kind, else the purchase date' }),
    basis: z.enum(['purchase', 'service']),
    dueOn: Day,
    remindOn: Day,
    state: z.enum(['later', 'due', 'overdue']),
    lastRemindedAt: z.string().nullable(),
    text: z.string().meta({ description: 'The line 我的家电 shows under the care’s name, in words' }),
    bookingPath: z.string().meta({ description: 'The app page that books this care for this appliance' }),
  })
  .meta({ id: 'MaintenanceView' });

export const MaintenanceList = z.object({ items: z.array(MaintenanceView) }).meta({ id: 'MaintenanceList' });

export const MaintenancePrefBody = z
  .object({
    on: z.boolean().optional().meta({ description: 'Reminders for this appliance on or off' }),
    snoozeDays: z
      .union(MAINTENANCE_LIMITS.snoozeDays.map((d) => z.literal(d)) as unknown as [z.ZodLiteral<7>, z.ZodLiteral<30>, z.ZodLiteral<90>], { message: '只能选择 7、30 或 90 天' })
      .nullable()
      .optional()
      .meta({ description: 'Remind me later: nothing before today + these days; null ends a snooze' }),
  })
  .strict()
  .refine((b) => b.on !== undefined || b.snoozeDays !== undefined, '请选择打开、关闭或稍后提醒')
  .meta({ id: 'MaintenancePrefBody' });

export const MaintenancePrefView = z
  .object({ applianceId: z.string(), on: z.boolean(), snoozedUntil: Day.nullable() })
  .meta({ id: 'MaintenancePrefView' });

export type MaintenanceView = z.infer<typeof MaintenanceView>;
export type MaintenanceList = z.infer<typeof MaintenanceList>;
export type MaintenancePrefBody = z.infer<typeof MaintenancePrefBody>;
export type MaintenancePrefView = z.infer<typeof MaintenancePrefView>;

/** Today in Asia/Shanghai, for callers holding an instant. */
export function maintenanceToday(now: Date): string {
  return shanghaiDay(now);
}
