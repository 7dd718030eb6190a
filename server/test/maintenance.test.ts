import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addDays, addMonths, maintenanceSmsText, shanghaiDay } from '@fangxin/shared';
import { createLogger } from '../src/logger';
import { createHttpSms } from '../src/modules/auth/sms';
import { runJobOnce } from '../src/lib/jobs';
import { backgroundJobs } from '../src/modules/jobs';
import { sendMaintenanceReminders } from '../src/modules/maintenance/service';
import { MaintenanceReminder } from '../src/modules/maintenance/model';
import { createLogChannel } from '../src/modules/notifications/channels';
import { MessageDelivery } from '../src/modules/notifications/messagingModel';
import { Notification } from '../src/modules/notifications/model';
import { createSmsChannel } from '../src/modules/notifications/smsChannel';
import { createWechatSubscribeChannel, createWechatSubscribeClient } from '../src/modules/notifications/wechatSubscribe';
import { Order } from '../src/modules/orders/model';
import { User } from '../src/modules/users/model';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';
import { book, buildWorld, customerToken, staffToken, uniqueSlot, type OrderWorld } from './orderKit';
import { startStandIn, type StandIn } from './standins';

/**
 * Issue 20.3, maintenance reminders, on the manual clock, with the real WeChat and SMS clients against local
 * stand-ins: a due reminder goes out once per appliance, rule and period (however often and however concurrently the
 * job runs), through the inbox and the channels the customer allows, and opens the booking page prefilled; the
 * customer may turn it off or snooze it; the platform may turn a rule off or change it (validated, naming the field).
 */
const TEMPLATES = { maintenance_due: 'tmpl-care' };
let t: TestServer;
let w: OrderWorld;
let wechat: StandIn;
let sms: StandIn;

beforeAll(async () => {
  wechat = await startStandIn(({ url }) => {
    if (url.pathname === '/cgi-bin/token') return { json: { access_token: 'tok', expires_in: 7200 } };
    return { json: { errcode: 0, errmsg: 'ok' } };
  });
  sms = await startStandIn(() => ({ json: { code: 'OK', requestId: 'r-1' } }));
  const logger = createLogger('silent');
  const env = { WECHAT_APPID: 'wx-app', WECHAT_SECRET: 'wx-secret', WECHAT_API_BASE: wechat.url, WECHAT_SUBSCRIBE_TEMPLATES: JSON.stringify(TEMPLATES) };
  const wechatChannel = createWechatSubscribeChannel({ client: createWechatSubscribeClient({ baseUrl: wechat.url, appId: 'wx-app', secret: 'wx-secret' }), templates: TEMPLATES, logger });
  const smsChannel = createSmsChannel({ sender: createHttpSms({ url: sms.url }), logger });
  t = await startTestServer({ env, deps: { channels: [createLogChannel(logger), wechatChannel, smsChannel] } });
  w = await buildWorld(t, { capacity: 50 });
}, 120_000);
beforeEach(() => {
  wechat.requests.length = 0;
  sms.requests.length = 0;
});
afterAll(async () => {
  await t?.close();
  await wechat?.close();
  await sms?.close();
  await dropTestDatabase();
});

const today = () => shanghaiDay(t.clock.now());
const job = (owner = 'a') => runJobOnce(backgroundJobs(t.deps).find((j) => j.name === 'maintenance.reminders')!, t.clock, owner);
const reminders = (userId: string) => Notification.find({ userId, type: 'maintenance_due' }).lean();
const smsTo = (phone: string) => sms.requests.map((r) => JSON.parse(r.body) as { phone: string; template: string; params: Record<string, string> }).filter((m) => m.phone === phone);

/** A fresh customer (a phone: SMS reaches them) with one appliance bought on `purchaseDate`. */
async function customerWith(category: string, purchaseDate: string, brand = '美的') {
  const c = await customerToken(t);
  const res = await t.request('POST', '/api/v1/me/appliances', { token: c.token, body: { category, brand, model: 'M1', purchaseDate } });
  expect(res.status).toBe(201);
  return { ...c, applianceId: res.body.id as string };
}
/** Signs the customer in again (the clock moves days ahead, past any access token's life). */
async function relogin(phone: string): Promise<string> {
  t.clock.advance(61_000);
  return (await customerToken(t, phone)).token;
}
const mine = async (token: string) => {
  const res = await t.request('GET', '/api/v1/me/maintenance', { token });
  expect(res.status).toBe(200);
  return res.body.items as Array<Record<string, unknown>>;
};
/** A water purifier (every 6 months, 7 days ahead) whose first filter change is due `inDays` from today. */
const purifierDueIn = (inDays: number) => customerWith('water_purifier', addMonths(addDays(today(), inDays), -6));

describe('the reminder job', () => {
  it('sends a due reminder once: inbox, SMS, opening the booking page with the appliance and service chosen; later runs send nothing', async () => {
    const c = await purifierDueIn(10);
    const [before] = await mine(c.token);
    expect(before).toMatchObject({ applianceId: c.applianceId, rule: 'purifier_filter', serviceType: 'maintenance', basis: 'purchase', dueOn: addDays(today(), 10), remindOn: addDays(today(), 3), state: 'later', on: true });
    expect(before!.text).toMatch(/^下次保养 \d{4}年\d{1,2}月\d{1,2}日$/);

    await job();
    expect(await reminders(c.id)).toHaveLength(0);

    t.clock.advance(3 * 86_400_000);
    await job();
    const sent = await reminders(c.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ title: '保养提醒：净水器换滤芯', orderId: null, link: `packages/customer/pages/booking/index?applianceId=${c.applianceId}&category=water_purifier&serviceType=maintenance` });
    expect(sent[0]!.body).toContain('您的美的净水器 M1，建议在');
    expect(smsTo(c.phone)).toEqual([{ phone: c.phone, template: 'FX_MAINTENANCE_DUE', params: { appliance: '美的净水器', service: '更换滤芯' } }]);
    expect(maintenanceSmsText({ appliance: '美的净水器', service: '更换滤芯' })).toBe('【放心服务】您的美的净水器该更换滤芯了，打开放心服务“我的家电”即可一键预约。');

    // The customer's inbox shows it with its link.
    const inbox = await t.request('GET', '/api/v1/notifications', { token: await relogin(c.phone) });
    expect(inbox.body.items[0]).toMatchObject({ type: 'maintenance_due', link: sent[0]!.link, orderId: null });

    // Every later run of the same period sends nothing, on any instance.
    t.clock.advance(86_400_000);
    await job('a');
    await job('b');
    expect(await reminders(c.id)).toHaveLength(1);
    expect(smsTo(c.phone)).toHaveLength(1);
    expect(await MessageDelivery.countDocuments({ userId: c.id, event: 'maintenance_due', channel: 'sms', outcome: 'sent' })).toBe(1);
    const [after] = await mine(await relogin(c.phone));
    expect(after).toMatchObject({ state: 'due', lastRemindedAt: expect.any(String) });
  });

  it('sends once when runs overlap (two instances at the same moment)', async () => {
    const c = await purifierDueIn(2);
    const results = await Promise.all([sendMaintenanceReminders(t.clock), sendMaintenanceReminders(t.clock), sendMaintenanceReminders(t.clock)]);
    expect(results.every((r) => r.considered >= 1)).toBe(true);
    expect(await reminders(c.id)).toHaveLength(1);
    expect(await MaintenanceReminder.countDocuments({ applianceId: c.applianceId })).toBe(1);
    expect(smsTo(c.phone)).toHaveLength(1);
  });

  it('reminds an appliance never serviced once per interval', async () => {
    // Bought 13 months ago: the second filter change (month 12) is overdue; the first period's reminder is long past.
    const c = await customerWith('water_purifier', addMonths(addDays(today(), -3), -12));
    await job();
    expect(await reminders(c.id)).toHaveLength(1);
    expect((await reminders(c.id))[0]!.body).toContain('已到保养时间');
    // Six months on: the next period, one more reminder.
    t.clock.advance(183 * 86_400_000);
    await job();
    expect(await reminders(c.id)).toHaveLength(2);
    const [item] = await mine(await relogin(c.phone));
    expect(item).toMatchObject({ basis: 'purchase' });
  });

  it('does not remind an appliance booked for that service; a completed one restarts the count', async () => {
    // An air conditioner bought 13 months ago (from a month that never lands in summer: 1 March), cleaning overdue.
    const year = Number(today().slice(0, 4));
    w.customer.token = await relogin(w.customer.phone);
    const appliance = await t.request('POST', '/api/v1/me/appliances', { token: w.customer.token, body: { category: 'air_conditioner', brand: '格力', model: 'KFR-26GW', purchaseDate: `${year - 2}-03-01` } });
    expect(appliance.status).toBe(201);
    const order = await book(t, w, { serviceType: 'cleaning', applianceId: appliance.body.id, faultDescription: '空调清洗', slot: uniqueSlot(w, t.clock) });
    await job();
    const sentFor = async () => (await reminders(w.customer.id)).filter((n) => n.link?.includes(appliance.body.id));
    expect(await sentFor()).toHaveLength(0);

    // The cleaning is done (the order as the completion leaves it): counted from that day, nothing due now.
    await Order.updateOne({ _id: order.id }, { $set: { status: 'closed', 'times.completedAt': t.clock.now(), 'times.closedAt': t.clock.now() } });
    const item = (await mine(w.customer.token)).find((i) => i.applianceId === appliance.body.id)!;
    expect(item).toMatchObject({ basis: 'service', since: today(), state: 'later' });
    await job();
    expect(await sentFor()).toHaveLength(0);
  });
});

describe('the customer’s choice', () => {
  it('turned off: nothing is sent; turned on again: the period’s reminder goes out', async () => {
    const c = await purifierDueIn(1);
    const off = await t.request('PUT', `/api/v1/me/appliances/${c.applianceId}/maintenance`, { token: c.token, body: { on: false } });
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ applianceId: c.applianceId, on: false, snoozedUntil: null });
    await job();
    expect(await reminders(c.id)).toHaveLength(0);
    expect((await mine(c.token))[0]).toMatchObject({ on: false, text: '提醒已关闭' });
    await t.request('PUT', `/api/v1/me/appliances/${c.applianceId}/maintenance`, { token: c.token, body: { on: true } });
    await job();
    expect(await reminders(c.id)).toHaveLength(1);
  });

  it('snoozed: nothing until the snooze ends, then once more, once', async () => {
    const c = await purifierDueIn(1);
    await job();
    expect(await reminders(c.id)).toHaveLength(1);
    const snooze = await t.request('PUT', `/api/v1/me/appliances/${c.applianceId}/maintenance`, { token: c.token, body: { snoozeDays: 7 } });
    expect(snooze.status).toBe(200);
    expect(snooze.body).toEqual({ applianceId: c.applianceId, on: true, snoozedUntil: addDays(today(), 7) });
    t.clock.advance(6 * 86_400_000);
    await job();
    expect(await reminders(c.id)).toHaveLength(1);
    t.clock.advance(86_400_000);
    await job();
    await job('b');
    expect(await reminders(c.id)).toHaveLength(2);
  });

  it('a reminder the customer turned SMS off for is recorded, not texted; WeChat goes out with consent, opening the booking page', async () => {
    const c = await purifierDueIn(1);
    await User.updateOne({ _id: c.id }, { $set: { wechatOpenId: `o_${c.id}` } });
    expect((await t.request('PUT', '/api/v1/me/message-channels', { token: c.token, body: { sms: false } })).status).toBe(200);
    expect((await t.request('POST', '/api/v1/me/subscribe-consents', { token: c.token, body: { results: [{ templateId: 'tmpl-care', result: 'accept' }] } })).status).toBe(200);
    await job();
    expect(smsTo(c.phone)).toHaveLength(0);
    expect(await MessageDelivery.findOne({ userId: c.id, channel: 'sms' }).lean()).toMatchObject({ event: 'maintenance_due', outcome: 'channel_off' });
    const sends = wechat.requests.filter((r) => r.url.pathname === '/cgi-bin/message/subscribe/send').map((r) => JSON.parse(r.body) as { touser: string; template_id: string; page: string });
    expect(sends).toEqual([expect.objectContaining({ touser: `o_${c.id}`, template_id: 'tmpl-care', page: `packages/customer/pages/booking/index?applianceId=${c.applianceId}&category=water_purifier&serviceType=maintenance` })]);
  });

  it('refuses another customer’s appliance (404), staff (403), and a snooze it does not offer (400 naming the field)', async () => {
    const c = await purifierDueIn(30);
    const other = await customerToken(t);
    expect((await t.request('PUT', `/api/v1/me/appliances/${c.applianceId}/maintenance`, { token: other.token, body: { on: false } })).status).toBe(404);
    expect((await t.request('GET', '/api/v1/me/maintenance', { token: await staffToken(t, w.usernames.manager) })).status).toBe(403);
    const bad = await t.request('PUT', `/api/v1/me/appliances/${c.applianceId}/maintenance`, { token: c.token, body: { snoozeDays: 5 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['snoozeDays']);
    const empty = await t.request('PUT', `/api/v1/me/appliances/${c.applianceId}/maintenance`, { token: c.token, body: {} });
    expect(empty.status).toBe(400);
    expect((await mine(c.token))[0]).toMatchObject({ on: true, snoozedUntil: null });
  });
});

describe('the platform’s settings', () => {
  let admin = '';
  beforeEach(async () => {
    admin = await staffToken(t, w.usernames.admin);
  });
  const patch = (body: unknown) => t.request('PATCH', '/api/v1/admin/settings', { token: admin, body });

  it('refuses a wrong rule setting with 400 naming the field, and changes nothing', async () => {
    const before = (await t.request('GET', '/api/v1/settings', { token: admin })).body.maintenanceReminders;
    const cases: Array<[unknown, string]> = [
      [[{ rule: 'purifier_filter', enabled: true, intervalMonths: 0, leadDays: 7 }], 'maintenanceReminders.0.intervalMonths'],
      [[{ rule: 'purifier_filter', enabled: true, intervalMonths: 1, leadDays: 40 }], 'maintenanceReminders.0.leadDays'],
      [[{ rule: 'fridge_defrost', enabled: true, intervalMonths: 6, leadDays: 7 }], 'maintenanceReminders.0.rule'],
      [[{ rule: 'ac_cleaning', enabled: true, intervalMonths: 12, leadDays: 7 }, { rule: 'ac_cleaning', enabled: false, intervalMonths: 12, leadDays: 7 }], 'maintenanceReminders.1.rule'],
      [[{ rule: 'ac_cleaning', enabled: 'yes', intervalMonths: 12, leadDays: 7 }], 'maintenanceReminders.0.enabled'],
    ];
    for (const [value, field] of cases) {
      const res = await patch({ maintenanceReminders: value });
      expect(res.status, field).toBe(400);
      expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain(field);
    }
    expect((await t.request('GET', '/api/v1/settings', { token: admin })).body.maintenanceReminders).toEqual(before);
  });

  it('a rule turned off sends nothing; a changed interval moves the due day', async () => {
    const c = await purifierDueIn(1);
    const defaults = (await t.request('GET', '/api/v1/settings', { token: admin })).body.maintenanceReminders as Array<{ rule: string }>;
    expect(defaults.map((r) => r.rule)).toEqual(['ac_cleaning', 'purifier_filter', 'range_hood_cleaning', 'water_heater_descaling', 'washer_cleaning']);
    const set = (changes: Record<string, unknown>) => patch({ maintenanceReminders: defaults.map((r) => (r.rule === 'purifier_filter' ? { ...r, ...changes } : r)) });
    try {
      expect((await set({ enabled: false })).status).toBe(200);
      await job();
      expect(await reminders(c.id)).toHaveLength(0);
      expect((await mine(c.token))[0]).toMatchObject({ enabled: false, text: '平台已暂停此项提醒' });

      expect((await set({ enabled: true, intervalMonths: 12 })).status).toBe(200);
      const [item] = await mine(c.token);
      expect(item).toMatchObject({ enabled: true, state: 'later', dueOn: addMonths(addMonths(addDays(today(), 1), -6), 12) });
      await job();
      expect(await reminders(c.id)).toHaveLength(0);
    } finally {
      expect((await patch({ maintenanceReminders: defaults })).status).toBe(200);
    }
  });
});
