import { Types } from 'mongoose';
import {
  ACTIVE_STATUSES,
  MAINTENANCE_MESSAGE_TYPE,
  addDays,
  applianceLabel,
  maintenanceBookingPath,
  maintenanceLine,
  maintenanceMessage,
  maintenancePeriod,
  maintenanceReminderDue,
  maintenanceRuleFor,
  maintenanceRulesInForce,
  maintenanceSchedule,
  shanghaiDay,
  type MaintenanceList,
  type MaintenancePrefBody,
  type MaintenancePrefView,
  type MaintenanceRuleInForce,
  type MaintenanceView,
} from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { Clock } from '../../lib/clock';
import { appliancesOfCategoriesCursor, customerAppliancesOf, ownApplianceId, type MaintenanceAppliance } from '../customers/maintenanceReads';
import { notify } from '../notifications/service';
import { applianceServiceOrders } from '../orders/maintenanceReads';
import { getSettings } from '../settings/service';
import { MaintenancePref, MaintenanceReminder, type MaintenancePrefRecord } from './model';

/**
 * Issue 20.3: maintenance reminders (the rules: shared/src/domain/maintenance.ts). The job finds appliances whose
 * reminder is due and sends each period's reminder once, through notify() (inbox, WeChat subscribe with consent, SMS
 * for customers with a phone, each as the customer chose); the customer reads when each appliance is next due and
 * turns reminders off or snoozes them.
 */

const BATCH = 200;
const DUPLICATE_KEY = 11000;
const OPEN_STATUSES: readonly string[] = ['pending', ...ACTIVE_STATUSES];
const DONE_STATUSES: readonly string[] = ['completed', 'closed'];

type ApplianceRow = MaintenanceAppliance;

interface ServiceFacts {
  /** Asia/Shanghai day of the last completed order counting for the rule, per appliance. */
  lastDone: Map<string, string>;
  /** Appliances with an open order of the rule's service. */
  open: Set<string>;
}

/** One query for a batch of appliances: their orders of the kinds the rules count. */
async function serviceFacts(appliances: ApplianceRow[], rules: MaintenanceRuleInForce[]): Promise<ServiceFacts> {
  const lastDone = new Map<string, string>();
  const open = new Set<string>();
  if (appliances.length === 0) return { lastDone, open };
  const kinds = [...new Set(rules.flatMap((r) => [...r.counts, r.serviceType]))];
  const customers = [...new Set(appliances.map((a) => String(a.customerId)))].map((id) => new Types.ObjectId(id));
  const orders = await applianceServiceOrders(customers, appliances.map((a) => a._id), kinds);
  for (const o of orders) {
    const id = o.appliance?.applianceId ? String(o.appliance.applianceId) : null;
    const rule = id ? maintenanceRuleFor(rules, o.category) : null;
    if (!id || !rule) continue;
    if (OPEN_STATUSES.includes(o.status) && o.serviceType === rule.serviceType) open.add(id);
    if (DONE_STATUSES.includes(o.status) && o.times.completedAt && (rule.counts as readonly string[]).includes(o.serviceType)) {
      const day = shanghaiDay(new Date(o.times.completedAt));
      if (!lastDone.has(id) || lastDone.get(id)! < day) lastDone.set(id, day);
    }
  }
  return { lastDone, open };
}

const prefOf = (p: MaintenancePrefRecord | undefined) => ({ on: p?.on ?? true, snoozedUntil: p?.snoozedUntil ?? null });

function assess(appliance: ApplianceRow, rule: MaintenanceRuleInForce, facts: ServiceFacts, today: string) {
  const id = String(appliance._id);
  const lastDone = facts.lastDone.get(id) ?? null;
  const since = lastDone && lastDone > appliance.purchaseDate ? lastDone : appliance.purchaseDate;
  return { since, basis: lastDone && since === lastDone ? ('service' as const) : ('purchase' as const), schedule: maintenanceSchedule(rule, since, today) };
}

/**
 * The job: every appliance whose period's reminder is due gets it once. The claim (a unique key per appliance,
 * rule and period, inserted before the message goes out) makes two runs at once, or on two instances, send once; a
 * crash between claim and send loses that one reminder rather than repeating it.
 */
export async function sendMaintenanceReminders(clock: Clock): Promise<{ considered: number; reminded: number }> {
  const now = clock.now();
  const today = shanghaiDay(now);
  const rules = maintenanceRulesInForce((await getSettings()).maintenanceReminders).filter((r) => r.enabled);
  if (rules.length === 0) return { considered: 0, reminded: 0 };
  let considered = 0;
  let reminded = 0;
  let batch: ApplianceRow[] = [];
  const flush = async () => {
    const [facts, prefs] = await Promise.all([
      serviceFacts(batch, rules),
      MaintenancePref.find({ applianceId: { $in: batch.map((a) => a._id) } }).lean<MaintenancePrefRecord[]>(),
    ]);
    const prefById = new Map(prefs.map((p) => [String(p.applianceId), p]));
    for (const appliance of batch) {
      const id = String(appliance._id);
      const rule = maintenanceRuleFor(rules, appliance.category)!;
      if (facts.open.has(id)) continue;
      const { schedule } = assess(appliance, rule, facts, today);
      const pref = prefOf(prefById.get(id));
      if (!maintenanceReminderDue(rule, schedule, pref, today)) continue;
      const period = maintenancePeriod(schedule, pref.snoozedUntil);
      if (!(await claim(appliance, rule.code, schedule.dueOn, period, now))) continue;
      reminded++;
      const words = maintenanceMessage(rule, appliance, schedule);
      await notify(clock, [appliance.customerId], {
        type: MAINTENANCE_MESSAGE_TYPE,
        title: words.title,
        body: words.body,
        orderId: null,
        link: maintenanceBookingPath(id, rule),
        smsParams: { appliance: applianceLabel({ ...appliance, model: null }), service: rule.care },
      });
    }
    batch = [];
  };
  const cursor = appliancesOfCategoriesCursor(rules.map((r) => r.category));
  try {
    for await (const appliance of cursor as AsyncIterable<ApplianceRow>) {
      considered++;
      batch.push(appliance);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length) await flush();
  } finally {
    await cursor.close();
  }
  return { considered, reminded };
}

/** True for the one caller whose insert of the period's key succeeded. */
async function claim(appliance: ApplianceRow, rule: string, dueOn: string, period: string, now: Date): Promise<boolean> {
  try {
    await MaintenanceReminder.create({ key: `${String(appliance._id)}:${rule}:${period}`, applianceId: appliance._id, customerId: appliance.customerId, rule, dueOn, period, sentAt: now });
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === DUPLICATE_KEY) return false;
    throw err;
  }
}

/** When each of the customer's appliances is next due, for the appliances a rule covers (the rule on or not). */
export async function myMaintenance(clock: Clock, customerId: string): Promise<MaintenanceList> {
  const today = shanghaiDay(clock.now());
  const rules = maintenanceRulesInForce((await getSettings()).maintenanceReminders);
  const appliances = await customerAppliancesOf(customerId, rules.map((r) => r.category));
  const ids = appliances.map((a) => a._id);
  const [facts, prefs, sent] = await Promise.all([
    serviceFacts(appliances, rules),
    MaintenancePref.find({ applianceId: { $in: ids } }).lean<MaintenancePrefRecord[]>(),
    MaintenanceReminder.aggregate<{ _id: Types.ObjectId; at: Date }>([{ $match: { applianceId: { $in: ids } } }, { $group: { _id: '$applianceId', at: { $max: '$sentAt' } } }]),
  ]);
  const prefById = new Map(prefs.map((p) => [String(p.applianceId), p]));
  const sentById = new Map(sent.map((s) => [String(s._id), s.at]));
  const items = appliances.map((appliance): MaintenanceView => {
    const id = String(appliance._id);
    const rule = maintenanceRuleFor(rules, appliance.category)!;
    const { since, basis, schedule } = assess(appliance, rule, facts, today);
    const pref = prefOf(prefById.get(id));
    const snoozedUntil = pref.snoozedUntil && pref.snoozedUntil > today ? pref.snoozedUntil : null;
    const view = {
      applianceId: id,
      rule: rule.code,
      ruleName: rule.name,
      category: rule.category,
      serviceType: rule.serviceType,
      enabled: rule.enabled,
      on: pref.on,
      snoozedUntil,
      since,
      basis,
      dueOn: schedule.dueOn,
      remindOn: schedule.remindOn,
      state: schedule.state,
      lastRemindedAt: sentById.get(id)?.toISOString() ?? null,
      bookingPath: maintenanceBookingPath(id, rule),
    };
    return { ...view, text: maintenanceLine(view) };
  });
  return { items };
}

/** Turns one appliance's reminders on or off, or snoozes them; only the fields sent are written (no read-then-write). */
export async function setMaintenancePref(clock: Clock, customerId: string, applianceId: string, body: MaintenancePrefBody): Promise<MaintenancePrefView> {
  const owner = new Types.ObjectId(customerId);
  const id = await ownApplianceId(customerId, applianceId);
  if (!id) throw new AppError('not_found', '家电不存在');
  const now = clock.now();
  const set: Record<string, unknown> = { updatedAt: now, customerId: owner };
  const onInsert: Record<string, unknown> = {};
  if (body.on !== undefined) set.on = body.on;
  else onInsert.on = true;
  if (body.snoozeDays !== undefined) set.snoozedUntil = body.snoozeDays === null ? null : addDays(shanghaiDay(now), body.snoozeDays);
  else onInsert.snoozedUntil = null;
  const saved = await MaintenancePref.findOneAndUpdate({ applianceId: id }, { $set: set, $setOnInsert: onInsert }, { upsert: true, returnDocument: 'after' }).lean<MaintenancePrefRecord>();
  return { applianceId: String(id), on: saved!.on, snoozedUntil: saved!.snoozedUntil };
}
