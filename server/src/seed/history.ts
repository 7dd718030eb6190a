import crypto from 'node:crypto';
import { Types } from 'mongoose';
import {
  addDays,
  BOOKING_LEAD_MS,
  partsToReport,
  SLOT_WINDOWS,
  SURVEY_ELEMENT_KEYS,
  shanghaiDay,
  shanghaiDayStart,
  slotBounds,
  type CategoryCode,
  type ComplaintCategory,
  type OrderStatus,
  type ServiceTypeCode,
  type SlotWindowCode,
  type SurveyScores,
} from '@fangxin/shared';
import type { AuthUser } from '../core/authUser';
import { ManualClock, type Clock } from '../lib/clock';
import { runCommand, type Caller, type OrderCommand } from '../modules/orders/command';
import { Order, Slot, type OrderRecord } from '../modules/orders/model';
import { createOrder, cancelOrder } from '../modules/orders/booking/booking';
import { isBookable, slotId } from '../modules/orders/booking/slots';
import { acceptOrder, dispatchOrder, rankCandidates } from '../modules/orders/dispatch/dispatch';
import { checkIn, departOrder, issueServiceCode } from '../modules/orders/field/arrival';
import { confirmQuote, quoteOrder, rejectQuote } from '../modules/orders/field/quotes';
import { acceptWork, completeOrder, recordPayment, resumeService, startService, submitReport, waitForParts } from '../modules/orders/field/work';
import { requestRework } from '../modules/orders/rework/rework';
import { notifyOrderParties } from '../modules/orders/notify';
import { appliesTo, getPublishedCatalog } from '../modules/catalog/service';
import { createAddress, createAppliance } from '../modules/customers/service';
import { Address, Appliance } from '../modules/customers/model';
import { submitSurvey } from '../modules/surveys/service';
import { acceptResolution, acknowledgeComplaint, fileComplaint, investigateComplaint, resolveComplaint } from '../modules/complaints/service';
import { Complaint } from '../modules/complaints/model';
import { ReturnVisit } from '../modules/returnVisits/model';
import { recordReturnVisitOutcome } from '../modules/returnVisits/service';
import { Survey } from '../modules/surveys/model';
import { Upload, type UploadKind } from '../modules/uploads/model';
import type { FileStorage } from '../modules/uploads/storage';
import { rollupDailyStats } from '../modules/analytics/rollup';
import { recomputeQualityScores } from '../modules/quality/service';
import { Engineer, Outlet } from '../modules/network/model';
import { User } from '../modules/users/model';
import { DEMO_CUSTOMERS, DEMO_ENGINEERS, DEMO_OUTLETS } from './data';

/**
 * The demo's history (issue 18): about 90 days of an after-sales business, generated through the same use cases the
 * routes run — bookings, dispatch, accept, depart, service code and check-in, quotes (a few rejected, a few outside
 * the price list), confirmation, parts waits, reports, payments, completion and acceptance (or auto-close), surveys
 * with a realistic spread, low results opening return visits, free second visits, complaints with compensation —
 * each step at its own moment of a ManualClock, so every timestamp, deadline, order number and statistic is what the
 * live system would have written on that day. Then today's orders at every stage, and the rollup and quality jobs,
 * so the dashboard, charts, rankings, survey and complaint pages show what they are for on the first start.
 *
 * Deterministic (a seeded PRNG; everything is placed relative to today) and idempotent: every booking carries a
 * fixed Idempotency-Key, and a history whose first booking exists is not generated again.
 */

export interface HistoryOptions {
  /** Days of history before today (default 90). */
  days?: number;
  /** Average bookings per outlet and day (default 1.2). */
  perOutletDay?: number;
  /** Where the report photos go (the server's upload storage); without it the upload records point at nothing. */
  storage?: FileStorage | null;
  /** Today's orders at every stage (default true); the snapshot (snapshot.ts) leaves them out and makes them live at restore. */
  today?: boolean;
  /** The rollup and quality jobs at the end (default true). */
  jobs?: boolean;
  /** Told each booking's order id and request body as createOrder received it. */
  onBooked?: (orderId: string, body: Record<string, unknown>) => void;
  /**
   * Told each time the simulated clock moves (its new time); given, the outlets' streams run one after another
   * instead of side by side (the same history), so at any real moment exactly one simulated clock is current.
   */
  onClock?: (simulatedMs: number) => void;
}

export interface HistoryCounts {
  skipped: boolean;
  orders: number;
  byStatus: Partial<Record<OrderStatus, number>>;
  today: Partial<Record<OrderStatus, number>>;
  surveys: number;
  lowSurveys: number;
  complaints: number;
  returnVisits: number;
  reworks: number;
  days: number;
  ms: number;
  /** How long each part took (ms): the customers, the outlets' streams (today's orders and the history), the jobs. */
  phases?: Record<string, number>;
  /** Restored from the snapshot (snapshot.ts) made on that day, moved by that many days, rather than generated. */
  restored?: { anchorDay: string; shiftDays: number };
}

const HOUR = 3600_000;
const MINUTE = 60_000;
const KEY_PREFIX = 'demo-history';
const PNG_1x1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const DEMO_PHOTO_KEY = 'demo/photo.png';
const DEMO_PHOTO_SHA = crypto.createHash('sha256').update(PNG_1x1).digest('hex');

/**
 * People accept work, answer surveys and complain, and managers call back, between 08:00 and 21:00 (Asia/Shanghai): a
 * moment of the night (21:00–08:00) moves to the next day's 08:00–21:00, as far into it as it was into the night.
 */
function daytime(t: number): number {
  const day = shanghaiDay(new Date(t));
  const start = shanghaiDayStart(day).getTime();
  const hour = (t - start) / HOUR;
  if (hour >= 8 && hour < 21) return t;
  const intoNight = hour >= 21 ? hour - 21 : hour + 3; // 0–11 h
  const morning = (hour >= 21 ? shanghaiDayStart(addDays(day, 1)).getTime() : start) + 8 * HOUR;
  return morning + Math.round((intoNight * 13) / 11 * 60) * MINUTE;
}

/** mulberry32: a small seeded PRNG, so the same day always gets the same history. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    weighted: <T>(xs: ReadonlyArray<readonly [T, number]>): T => {
      const total = xs.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [x, w] of xs) if ((r -= w) < 0) return x;
      return xs.at(-1)![0];
    },
  };
}
type Rng = ReturnType<typeof prng>;

/** `work` for every item, at most `width` at a time; the results in the items' order. */
async function inBatches<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹'];
const TITLES = ['女士', '先生', '阿姨', '大爷', '女士', '先生'];
const STREETS: Record<string, string[]> = {
  '330106': ['文三路', '古翠路', '天目山路', '学院路', '教工路'],
  '330102': ['清泰街', '解放路', '望江路', '建国南路'],
  '330108': ['江南大道', '滨盛路', '长河路', '浦沿路'],
  '330109': ['市心中路', '金城路', '人民路', '晨晖路'],
  '330105': ['莫干山路', '湖州街', '大关路', '上塘路'],
  '330110': ['文一西路', '五常大道', '良渚路', '西溪路'],
};
const BRANDS: Record<CategoryCode, string[]> = {
  air_conditioner: ['格力', '美的', '海尔', '大金'],
  refrigerator: ['海尔', '美的', '西门子', '容声'],
  washing_machine: ['小天鹅', '海尔', '西门子', '美的'],
  tv: ['海信', 'TCL', '小米', '创维'],
  water_heater: ['A.O.史密斯', '海尔', '万和', '美的'],
  range_hood: ['方太', '老板', '华帝'],
  gas_stove: ['方太', '老板', '华帝'],
  dishwasher: ['西门子', '方太', '美的'],
  water_purifier: ['沁园', '美的', '安吉尔'],
};
const FAULTS: Record<CategoryCode, string[]> = {
  air_conditioner: ['空调不制冷，外机不转', '空调滴水，室内机漏水', '开机几分钟就停，显示 E1', '制热效果差，出风不热'],
  refrigerator: ['冷藏室不冷，压缩机一直响', '冷冻室结霜严重', '冰箱门关不严，有异味'],
  washing_machine: ['洗衣机不排水', '脱水时响声很大，机器晃动', '门打不开，显示故障码'],
  tv: ['电视有声音没有图像', '屏幕一半发暗', '开机后自动关机'],
  water_heater: ['热水器不加热', '洗澡时水忽冷忽热', '热水器漏水'],
  range_hood: ['油烟机吸力变小', '油烟机噪音大', '按键失灵，开不了机'],
  gas_stove: ['燃气灶打不着火', '火焰发红，一会儿就灭', '灶头点火后熄火'],
  dishwasher: ['洗碗机不进水', '洗完碗还有残渣', '显示故障码，不加热'],
  water_purifier: ['净水器出水变慢', '滤芯到期提醒', '净水器漏水'],
};
const SERVICE_FAULT: Partial<Record<ServiceTypeCode, string>> = {
  installation: '新买的，需要上门安装',
  cleaning: '用了两年没清洗过，想做一次深度清洗',
  maintenance: '定期保养，顺便检查一下',
};
const GOOD_COMMENTS = ['师傅很准时，讲解清楚，收费和价目表一样', '工程师很专业，修好后还帮忙清理了现场', '服务态度好，出示了工作证，放心', '上门很快，问题一次解决', '价格透明，没有乱收费', ''];
const LOW_COMMENTS = ['修完第二天又坏了', '师傅迟到了一个多小时，也没提前打电话', '收费比预想的高，解释不清楚', '现场没有清理，地上都是灰'];
const COMPLAINT_TEXTS: Record<ComplaintCategory, string> = {
  quality: '刚修好没几天又出现同样的问题，耽误了使用，希望尽快处理',
  attitude: '工程师态度不好，问问题时很不耐烦',
  overcharging: '报价时没说清楚，最后收费比我预想的多',
  no_show: '约好的时间没有上门，也没有提前通知',
  damage: '维修时把墙面碰坏了一块，需要处理',
  privacy: '维修后接到陌生推销电话，怀疑信息泄露',
  other: '维修过程中有些问题希望网点跟进',
};

/** How good each engineer's work tends to be (0 = average): the rankings need a spread to rank. */
const ENGINEER_FORM: Record<string, number> = {
  'FX-XH-001': 0.6, 'FX-XH-002': 0.3, 'FX-XH-003': -0.2, 'FX-XH-004': 0,
  'FX-BJ-001': 0.7, 'FX-BJ-002': 0.1, 'FX-BJ-003': -0.5,
  'FX-GS-001': 0.4, 'FX-GS-002': 0.2, 'FX-GS-003': -0.1, 'FX-GS-004': -0.7,
};

interface Customer {
  user: AuthUser;
  phone: string;
  outlet: string;
  addressId: string;
  appliances: Array<{ id: string; category: CategoryCode }>;
}

interface World {
  outlets: Map<string, { id: Types.ObjectId; managers: AuthUser[]; categories: CategoryCode[] }>;
  engineers: Map<string, { user: AuthUser; employeeNo: string }>; // by engineer id
  customers: Customer[];
  byOutlet: Map<string, Customer[]>;
  /** Published price lists by version, read once (the quotes' own checks read them again, as the route does). */
  catalogs: Map<number | undefined, ReturnType<typeof getPublishedCatalog>>;
  /** Told each booking's request body (the snapshot keeps them to recompute the bookings' request hashes). */
  onBooked?: HistoryOptions['onBooked'];
  /** A day whose windows the history's bookings leave alone (today's, when today's orders are made later). */
  avoidDay?: string;
  onClock?: HistoryOptions['onClock'];
}

const SEED = 20261124;
const sysMeta = { ip: '127.0.0.1', requestId: 'demo-seed' };

/** Generates the history, or does nothing when it is already there. */
export async function seedDemoHistory(now: Clock, options: HistoryOptions = {}): Promise<HistoryCounts> {
  const started = performance.now();
  const days = options.days ?? 90;
  const today = now.now();
  if (await Order.exists({ idempotencyKey: { $regex: `:${KEY_PREFIX}-` } })) {
    return { ...(await countHistory(today)), skipped: true, days, ms: Math.round(performance.now() - started) };
  }
  const phases: Record<string, number> = {};
  const lap = (name: string, since: number) => (phases[name] = Math.round(performance.now() - since));
  let t = performance.now();
  const worldClock = new ManualClock(new Date(today.getTime() - (days + 1) * 24 * HOUR));
  options.onClock?.(worldClock.now().getTime());
  const world = await buildWorld(worldClock, prng(SEED), options.storage ?? null);
  world.onBooked = options.onBooked;
  world.onClock = options.onClock;
  // Without today's orders (the snapshot), today's windows are left to them: none of the history's bookings waits
  // for a visit today that, restored later in the day, nobody would have made.
  if (options.today === false) world.avoidDay = shanghaiDay(today);
  lap('customers', t);

  // Each outlet is one stream on its own clock and random stream, the outlets side by side (one after another for the
  // snapshot, see onClock): they share no engineer, customer or slot, so what one stream does never depends on how far
  // another has got, and the history comes out the same on every run. Within an outlet, today's orders go first, so each gets its engineer in its window and the
  // history's last days book around them; then each booking runs to its end — survey, complaint, second visit —
  // before the next one starts, so an engineer is never double-booked; the clock moves to each step's moment.
  const firstDay = addDays(shanghaiDay(today), -days);
  const rate = options.perOutletDay ?? 1.2;
  t = performance.now();
  const streams = [...world.outlets.keys()].map((code, index) => async () => {
    if (options.today !== false) await new Simulation(new ManualClock(), prng(SEED + 7 + index), world).todayOrders(code, today);
    const rng = prng(SEED + 101 * (index + 1));
    const sim = new Simulation(new ManualClock(), rng, world);
    let n = 0;
    for (let d = 0; d < days; d++) {
      const day = addDays(firstDay, d);
      const weekday = new Date(`${day}T12:00:00+08:00`).getUTCDay();
      // Busier at weekends, and a gentle rise towards today: something for the charts to show.
      const dayRate = rate * (weekday === 0 || weekday === 6 ? 1.35 : 1) * (0.8 + (0.4 * d) / days);
      const count = Math.max(0, Math.round(dayRate + (rng.next() - 0.5) * 2.2));
      const times = Array.from({ length: count }, () => rng.int(8 * 60, 21 * 60)).sort((a, b) => a - b);
      for (const minute of times) await sim.historyOrder(`${KEY_PREFIX}-${code}-${String(n++).padStart(4, '0')}`, code, new Date(shanghaiDayStart(day).getTime() + minute * MINUTE), today);
    }
  });
  if (options.onClock) for (const stream of streams) await stream();
  else await Promise.all(streams.map((stream) => stream()));
  lap('orders', t);
  // What the background jobs would have done by now, once at the end: the statistics behind the dashboards and the
  // quality scores.
  t = performance.now();
  if (options.jobs !== false) await runHistoryJobs(now);
  lap('jobs', t);
  return { ...(await countHistory(today)), skipped: false, days, ms: Math.round(performance.now() - started), phases };
}

/** What the background jobs would have done by now: the statistics behind the dashboards and the quality scores. */
export async function runHistoryJobs(now: Clock): Promise<void> {
  await rollupDailyStats(now, { overlapMs: 0 });
  await recomputeQualityScores(now);
}

/**
 * Today's orders at every stage over a history that is already there (a restored snapshot, snapshot.ts): the same
 * plan, keys and random streams as seedDemoHistory's, on the demo customers as they are in the database.
 */
export async function seedTodayOrders(now: Clock): Promise<void> {
  const today = now.now();
  const world = await loadWorld();
  await Promise.all([...world.outlets.keys()].map((code, index) => new Simulation(new ManualClock(), prng(SEED + 7 + index), world).todayOrders(code, today)));
}

/** One line for the logs: what the history holds and how long it took. */
export function describeHistory(h: HistoryCounts): string {
  const statuses = (counts: HistoryCounts['byStatus']) => Object.entries(counts).map(([s, n]) => `${s} ${n}`).join(', ');
  return (
    `demo history ${h.skipped ? 'already there' : `${h.restored ? `restored from the snapshot of ${h.restored.anchorDay} (+${h.restored.shiftDays} days)` : 'generated'} in ${(h.ms / 1000).toFixed(1)} s`}: ${h.orders} orders over ${h.days} days (${statuses(h.byStatus)}); ` +
    `today: ${statuses(h.today)}; ${h.surveys} surveys (${h.lowSurveys} low), ${h.complaints} complaints, ${h.returnVisits} return visits, ${h.reworks} second visits`
  );
}

export async function countHistory(today: Date): Promise<Omit<HistoryCounts, 'skipped' | 'days' | 'ms'>> {
  const all = await Order.find({}, { status: 1, createdDay: 1, parentOrderId: 1, idempotencyKey: 1 }).lean();
  const byStatus: Partial<Record<OrderStatus, number>> = {};
  const todayCounts: Partial<Record<OrderStatus, number>> = {};
  const day = shanghaiDay(today);
  for (const o of all) {
    byStatus[o.status] = (byStatus[o.status] ?? 0) + 1;
    if (o.createdDay === day) todayCounts[o.status] = (todayCounts[o.status] ?? 0) + 1;
  }
  return {
    orders: all.length,
    byStatus,
    today: todayCounts,
    surveys: await Survey.countDocuments(),
    lowSurveys: await Survey.countDocuments({ low: true }),
    complaints: await Complaint.countDocuments(),
    returnVisits: await ReturnVisit.countDocuments(),
    reworks: all.filter((o) => o.parentOrderId).length,
  };
}

/** The demo's customers (the three demo logins and about sixty more), each with an address and appliances. */
async function buildWorld(clock: ManualClock, rng: Rng, storage: FileStorage | null): Promise<World> {
  const { outlets, engineers } = await loadNetwork();
  if (storage) await storage.put(DEMO_PHOTO_KEY, PNG_1x1).catch(() => undefined); // already there: fine

  const people: Array<{ phone: string; name: string }> = [...DEMO_CUSTOMERS];
  for (let i = 1; i <= 60; i++) people.push({ phone: historyCustomerPhone(i), name: `${rng.pick(SURNAMES)}${rng.pick(TITLES)}` });
  const codes = [...outlets.keys()];
  // Every random choice is made first, in order (the same world on every run); then the customers are written side
  // by side, each through the same use cases as the app's (address book, appliances).
  const plans = people.map((p, i) => {
    const outlet = codes[i % codes.length]!;
    const district = rng.pick(DEMO_OUTLETS.find((o) => o.code === outlet)!.districtCodes);
    const detail = `${rng.pick(STREETS[district]!)} ${rng.int(1, 600)} 号 ${rng.int(1, 12)} 幢 ${rng.int(1, 24)}0${rng.int(1, 4)} 室`;
    const cats = outlets.get(outlet)!.categories;
    // Bought between four years and three months before the history starts: some in warranty, most not.
    const appliances = [...new Set([rng.pick(cats), rng.pick(cats), rng.pick(cats)])].map((category) => ({
      category,
      brand: rng.pick(BRANDS[category]),
      model: `${category.slice(0, 2).toUpperCase()}-${rng.int(100, 999)}`,
      purchaseDate: addDays(shanghaiDay(clock.now()), -rng.int(90, 4 * 365)),
    }));
    return { ...p, outlet, district, detail, appliances };
  });
  const customers = await inBatches(plans, 8, async (p): Promise<Customer> => {
    const user = await User.findOneAndUpdate({ phone: p.phone }, { $setOnInsert: { name: p.name, role: 'customer', status: 'active' } }, { upsert: true, returnDocument: 'after', lean: true });
    const auth: AuthUser = { id: String(user!._id), role: 'customer', name: user!.name ?? p.name, outletId: null };
    const address = await createAddress(clock, auth.id, { contactName: auth.name, phone: p.phone, districtCode: p.district, detail: p.detail, isDefault: true });
    const appliances: Customer['appliances'] = [];
    for (const a of p.appliances) appliances.push({ id: (await createAppliance(clock, auth.id, a)).id, category: a.category });
    return { user: auth, phone: p.phone, outlet: p.outlet, addressId: address.id, appliances };
  });
  const byOutlet = new Map(codes.map((c) => [c, customers.filter((x) => x.outlet === c && !DEMO_CUSTOMERS.some((d) => d.phone === x.phone))]));
  return { outlets, engineers, customers, byOutlet, catalogs: new Map() };
}

/** The phone of the history's i-th customer (1…60) after the demo logins'. */
const historyCustomerPhone = (i: number) => `136${String(10000000 + i * 7919).slice(-8)}`;

/** The demo photo the history's report photos point at (restore puts it in the server's storage). */
export async function putDemoPhoto(storage: FileStorage): Promise<void> {
  await storage.put(DEMO_PHOTO_KEY, PNG_1x1).catch(() => undefined); // already there: fine
}

/** The outlets with their managers and the demo engineers, as the database has them. */
async function loadNetwork(): Promise<Pick<World, 'outlets' | 'engineers'>> {
  const outlets: World['outlets'] = new Map();
  const engineers: World['engineers'] = new Map();
  for (const o of DEMO_OUTLETS) {
    const outlet = (await Outlet.findOne({ code: o.code }, { _id: 1 }).lean())!;
    const managers = await User.find({ outletId: outlet._id, role: 'outlet_manager' }, { _id: 1, name: 1 }).lean();
    const skilled = DEMO_ENGINEERS.filter((e) => e.outlet === o.code && e.status === 'active').flatMap((e) => e.skills);
    outlets.set(o.code, {
      id: outlet._id,
      managers: managers.map((m) => ({ id: String(m._id), role: 'outlet_manager', name: m.name ?? '经理', outletId: String(outlet._id) })),
      categories: [...new Set(skilled)],
    });
  }
  for (const e of await Engineer.find({ employeeNo: { $in: DEMO_ENGINEERS.map((d) => d.employeeNo) } }, { _id: 1, userId: 1, name: 1, outletId: 1, employeeNo: 1 }).lean()) {
    engineers.set(String(e._id), { user: { id: String(e.userId), role: 'engineer', name: e.name, outletId: String(e.outletId) }, employeeNo: e.employeeNo });
  }
  return { outlets, engineers };
}

/** The demo's world as the database has it (after a restored snapshot): the customers in buildWorld's order. */
async function loadWorld(): Promise<World> {
  const { outlets, engineers } = await loadNetwork();
  const codes = [...outlets.keys()];
  const phones = [...DEMO_CUSTOMERS.map((c) => c.phone), ...Array.from({ length: 60 }, (_, i) => historyCustomerPhone(i + 1))];
  const customers: Customer[] = [];
  for (const [i, phone] of phones.entries()) {
    const user = await User.findOne({ phone }, { _id: 1, name: 1 }).lean();
    const address = user && (await Address.findOne({ customerId: user._id, isDefault: true }, { _id: 1 }).lean());
    if (!user || !address) continue;
    const appliances = await Appliance.find({ customerId: user._id }, { _id: 1, category: 1 }).sort({ _id: 1 }).lean();
    customers.push({ user: { id: String(user._id), role: 'customer', name: user.name ?? '', outletId: null }, phone, outlet: codes[i % codes.length]!, addressId: String(address._id), appliances: appliances.map((a) => ({ id: String(a._id), category: a.category })) });
  }
  const byOutlet = new Map(codes.map((c) => [c, customers.filter((x) => x.outlet === c && !DEMO_CUSTOMERS.some((d) => d.phone === x.phone))]));
  return { outlets, engineers, customers, byOutlet, catalogs: new Map() };
}

interface ProgressOptions {
  end?: Date;
  stopAt?: Date;
  avoid?: readonly string[];
  form?: number;
}

/** An order's next step is not due yet (see progress). */
class NotYet extends Error {}

/** Every step of one order's life, each at its own moment. */
class Simulation {
  constructor(
    private clock: ManualClock,
    private rng: Rng,
    private world: World,
  ) {}

  private at(t: Date | number) {
    this.clock.set(new Date(t));
    this.world.onClock?.(this.clock.now().getTime());
  }

  private run<T>(caller: Caller, orderId: Types.ObjectId | string, command: OrderCommand<T>) {
    return runCommand(this.clock, caller, orderId, command);
  }

  private as(user: AuthUser, relation: 'customer' | 'engineer' | 'staff'): Caller {
    return { user, allowed: [relation] };
  }

  private manager(outletCode: string) {
    return this.world.outlets.get(outletCode)!.managers[0]!;
  }

  /** Bookable windows from `afterMs` after `from` on, earliest first (the customer books ahead). */
  private slotsAfter(from: Date, afterMs: number, count = 8): Array<{ day: string; window: SlotWindowCode }> {
    const earliest = from.getTime() + afterMs;
    const found: Array<{ day: string; window: SlotWindowCode }> = [];
    for (let day = shanghaiDay(from); found.length < count; day = addDays(day, 1)) {
      for (const w of SLOT_WINDOWS) {
        if (found.length < count && day !== this.world.avoidDay && slotBounds(day, w.code).startAt.getTime() >= earliest && isBookable(day, w.code, from)) found.push({ day, window: w.code });
      }
    }
    return found;
  }

  /**
   * The customer's preferred window among the next few, or the next one after it with room at the outlet (and, when
   * `usable` is given, the first of those it accepts).
   */
  private async freeSlot(outletCode: string, from: Date, afterMs: number, prefer = 0, usable?: (w: { day: string; window: SlotWindowCode }) => Promise<boolean>) {
    const outlet = this.world.outlets.get(outletCode)!;
    const windows = this.slotsAfter(from, afterMs, 12);
    const taken = new Map((await Slot.find({ _id: { $in: windows.map((w) => slotId(outlet.id, w.day, w.window)) } }, { booked: 1, capacity: 1 }).lean()).map((x) => [x._id, x.capacity - x.booked]));
    const order = [...windows.slice(prefer), ...windows.slice(0, prefer)];
    const withRoom = order.filter((w) => (taken.get(slotId(outlet.id, w.day, w.window)) ?? 1) > 0);
    if (usable) for (const w of withRoom) if (await usable(w)) return w;
    return withRoom[0] ?? windows.at(-1)!;
  }

  /**
   * Whether an engineer of the outlet (none of `avoid`) could take this work in this window, by dispatch's own rule
   * (rankCandidates on the booking it would be): today's orders over a restored history, whose last bookings already
   * hold some engineers today, take a window where theirs is free.
   */
  private async staffable(outletCode: string, category: CategoryCode, serviceType: ServiceTypeCode, w: { day: string; window: SlotWindowCode }, avoid: readonly string[]) {
    const outlet = this.world.outlets.get(outletCode)!;
    const catalog = await getPublishedCatalog();
    const probe = {
      _id: new Types.ObjectId(),
      outletId: outlet.id,
      category,
      serviceType,
      catalogVersion: catalog.version,
      slot: { outletId: outlet.id, day: w.day, window: w.window, ...slotBounds(w.day, w.window) },
      contact: { districtCode: DEMO_OUTLETS.find((o) => o.code === outletCode)!.districtCodes[0]! },
      reworkPreference: null,
      parentEngineerId: null,
    } as unknown as OrderRecord;
    return (await rankCandidates(probe)).some((c) => c.eligible && !avoid.includes(c.employeeNo));
  }

  private async book(key: string, customer: Customer, createdAt: Date, slotDelayMs: number, pickCategory?: (c: CategoryCode) => boolean, prefer?: number, staffedWithout?: readonly string[]) {
    const rng = this.rng;
    const choices = customer.appliances.filter((a) => !pickCategory || pickCategory(a.category));
    const appliance = rng.pick(choices.length ? choices : customer.appliances);
    const serviceType = rng.weighted<ServiceTypeCode>([['repair', 70], ['maintenance', 10], ['cleaning', 12], ['installation', 8]]);
    this.at(createdAt);
    const usable = staffedWithout && ((w: { day: string; window: SlotWindowCode }) => this.staffable(customer.outlet, appliance.category, serviceType, w, staffedWithout));
    const slot = await this.freeSlot(customer.outlet, createdAt, Math.max(BOOKING_LEAD_MS, slotDelayMs), prefer ?? rng.int(0, 3), usable);
    const body = {
      category: appliance.category,
      serviceType,
      addressId: customer.addressId,
      applianceId: appliance.id,
      faultDescription: SERVICE_FAULT[serviceType] ?? rng.pick(FAULTS[appliance.category]),
      photoIds: [],
      slot,
    };
    const { order, created } = await createOrder({ clock: this.clock }, customer.user, body, key);
    if (created) this.world.onBooked?.(String(order._id), body);
    return created ? order : null;
  }

  /** The manager's choice: usually the top suggestion, sometimes the next one (load, the customer's request). */
  private async dispatch(order: OrderRecord, outletCode: string, avoid: readonly string[] = []) {
    const eligible = (await rankCandidates(order)).filter((c) => c.eligible && !avoid.includes(c.employeeNo));
    if (!eligible.length) return null;
    const chosen = eligible.length > 1 && this.rng.chance(0.35) ? eligible[1]! : eligible[0]!;
    return (await this.run(this.as(this.manager(outletCode), 'staff'), order._id, dispatchOrder({ clock: this.clock, offerTierMinutes: 10 }, chosen.engineerId))).order;
  }

  /** The records the upload endpoint writes for received images, one per kind asked for; the bytes are one small demo photo. */
  private async photos(owner: AuthUser, orderId: Types.ObjectId, kinds: UploadKind[]): Promise<string[]> {
    const docs = await Upload.insertMany(
      kinds.map((kind) => ({
        ownerId: new Types.ObjectId(owner.id),
        orderId,
        kind,
        mime: 'image/png',
        size: PNG_1x1.length,
        width: 1,
        height: 1,
        sha256: DEMO_PHOTO_SHA,
        storageKey: DEMO_PHOTO_KEY,
        createdAt: this.clock.now(),
      })),
    );
    return docs.map((d) => String(d._id));
  }

  /** The quote an engineer would write: the work's labour line and, for repairs, a part or two; rarely a line outside the price list. */
  private async quoteItems(order: OrderRecord) {
    const cached = this.world.catalogs.get(order.catalogVersion) ?? getPublishedCatalog(order.catalogVersion);
    this.world.catalogs.set(order.catalogVersion, cached);
    const catalog = await cached;
    const items = catalog.items.filter((i) => i.category === order.category && i.active !== false && appliesTo(i, order.serviceType));
    const labour = items.filter((i) => i.kind === 'labour');
    const parts = items.filter((i) => i.kind === 'part');
    const work = labour.filter((i) => !i.name.includes('检测')) as typeof labour;
    const lines: Array<{ code: string; quantity: number } | { offCatalogue: true; name: string; kind: 'fee'; unit: string; unitPriceFen: number; quantity: number; reason: string }> = [];
    const main = work.length ? this.rng.pick(work) : labour[0];
    if (main) lines.push({ code: main.code, quantity: 1 });
    if (order.serviceType === 'repair' && parts.length) {
      lines.push({ code: this.rng.pick(parts).code, quantity: 1 });
      if (this.rng.chance(0.2)) {
        const second = this.rng.pick(parts);
        if (!lines.some((l) => 'code' in l && l.code === second.code)) lines.push({ code: second.code, quantity: 1 });
      }
    }
    if (!lines.length && labour[0]) lines.push({ code: labour[0].code, quantity: 1 });
    if (this.rng.chance(0.05)) lines.push({ offCatalogue: true, name: '旧机搬运费', kind: 'fee', unit: '次', unitPriceFen: 3000, quantity: 1, reason: '客户要求把旧机搬到楼下' });
    return lines;
  }

  /**
   * Runs an order from dispatch up to `until` (a status), with the realistic delays between steps; returns when it
   * got there (or stopped earlier, e.g. nobody was eligible). `end` caps the clock (today's orders reach their stage
   * before now); `stopAt` stops the order where it is when its next step would come later (the history's last days:
   * an order booked yesterday for tomorrow is still waiting for its visit).
   */
  private async progress(order: OrderRecord, outletCode: string, customer: AuthUser, until: OrderStatus, opts: ProgressOptions = {}) {
    try {
      return await this.steps(order, outletCode, customer, until, opts);
    } catch (err) {
      if (!(err instanceof NotYet)) throw err;
      const now = (await Order.findById(order._id).lean<OrderRecord>())!;
      return { order: now, engineer: now.engineerId ? (this.world.engineers.get(String(now.engineerId)) ?? null) : null };
    }
  }

  private async steps(order: OrderRecord, outletCode: string, customer: AuthUser, until: OrderStatus, opts: ProgressOptions) {
    const rng = this.rng;
    const slotStart = order.slot.startAt.getTime();
    const cap = (t: number) => (opts.end ? Math.min(t, opts.end.getTime()) : t);
    let t = this.clock.now().getTime();
    const moveTo = (next: number) => {
      t = cap(next);
      if (opts.stopAt && t > opts.stopAt.getTime()) throw new NotYet();
      this.at(t);
    };
    const step = (ms: number) => moveTo(Math.max(t + ms, t + MINUTE));
    let current = order;
    const stop = (s: OrderStatus) => current.status === s && s === until;

    if (current.status === 'pending') {
      step(rng.int(15, 180) * MINUTE);
      const dispatched = await this.dispatch(current, outletCode, opts.avoid);
      if (!dispatched) {
        step(30 * MINUTE);
        const cancelled = await this.run(this.as(this.manager(outletCode), 'staff'), current._id, cancelOrder({ clock: this.clock }, this.manager(outletCode), '该时段暂无符合资质的工程师，已电话联系客户改日预约'));
        return { order: cancelled.order, engineer: null };
      }
      current = dispatched;
    }
    const engineer = this.world.engineers.get(String(current.engineerId))!;
    const E = this.as(engineer.user, 'engineer');
    const C = this.as(customer, 'customer');
    const form = (ENGINEER_FORM[engineer.employeeNo] ?? 0) + (opts.form ?? 0);
    if (stop('dispatched')) return { order: current, engineer };

    step(rng.int(5, 90) * MINUTE);
    current = (await this.run(E, current._id, acceptOrder({ clock: this.clock, offerTierMinutes: 10 }))).order;
    if (stop('accepted')) return { order: current, engineer };

    // Sets off before the window; a weaker engineer is late more often (the arrival clock is the window's end).
    const late = rng.chance(0.06 - form * 0.05);
    moveTo(Math.max(t + MINUTE, slotStart - rng.int(10, 50) * MINUTE + (late ? 2 * HOUR + rng.int(0, 60) * MINUTE : 0)));
    current = (await this.run(E, current._id, departOrder(this.clock))).order;
    if (stop('on_the_way')) return { order: current, engineer };

    step(rng.int(20, 45) * MINUTE);
    const code = (await this.run(C, current._id, issueServiceCode(this.clock, customer))).result;
    step(rng.int(1, 4) * MINUTE);
    current = (await this.run(E, current._id, checkIn(this.clock, code.qrText))).order;
    if (stop('arrived')) return { order: current, engineer };

    step(rng.int(10, 30) * MINUTE);
    const items = await this.quoteItems(current);
    current = (await this.run(E, current._id, quoteOrder(this.clock, { items }))).order;
    if (rng.chance(0.04) && items.length > 1) {
      step(rng.int(3, 10) * MINUTE);
      current = (await this.run(C, current._id, rejectQuote(this.clock, current.quotes.at(-1)!.no, '配件太贵了，先只做检测和简单处理'))).order;
      step(rng.int(3, 10) * MINUTE);
      current = (await this.run(E, current._id, quoteOrder(this.clock, { items: items.slice(0, 1) }))).order;
    }
    if (stop('quoted')) return { order: current, engineer };

    step(rng.int(2, 10) * MINUTE);
    current = (await this.run(C, current._id, confirmQuote(this.clock, current.quotes.at(-1)!.no))).order;
    step(rng.int(1, 5) * MINUTE);
    current = (await this.run(E, current._id, startService(this.clock))).order;
    if (stop('in_service')) return { order: current, engineer };

    const quote = current.quotes.at(-1)!;
    // The parts a report must account for are the shared rule's (consumables such as filters are not among them).
    const partLines = partsToReport(quote.items);
    if (until === 'awaiting_parts' || (partLines.length && rng.chance(0.05))) {
      step(rng.int(10, 30) * MINUTE);
      current = (await this.run(E, current._id, waitForParts(this.clock, '配件需从厂家调货', addDays(shanghaiDay(this.clock.now()), 2)))).order;
      if (stop('awaiting_parts')) return { order: current, engineer };
      step(rng.int(40, 52) * HOUR);
      current = (await this.run(E, current._id, resumeService(this.clock))).order;
    }

    step(rng.int(30, 100) * MINUTE);
    const oid = current._id;
    const [reportPhotoId, signatureId, ...oldPartPhotoIds] = await this.photos(engineer.user, oid, ['report_photo', 'signature', ...partLines.map(() => 'old_part_photo' as const)]);
    const partsUsed = partLines.map((p, i) => ({
      ...(p.code ? { code: p.code } : { line: p.line! }),
      quantity: p.quantity,
      newSerialNo: `SN${shanghaiDay(this.clock.now()).replaceAll('-', '')}${rng.int(1000, 9999)}`,
      oldPartPhotoId: oldPartPhotoIds[i]!,
    }));
    const photoIds = [reportPhotoId!];
    const diagnosis = order.serviceType === 'repair' ? `检测确认：${order.fault.description}` : '按服务项目完成作业';
    await this.run(E, oid, submitReport(this.clock, { diagnosis, actions: '按确认报价完成维修/服务，试机正常，向客户说明使用注意事项', partsUsed, photoIds, signatureId: signatureId! }));
    step(rng.int(1, 5) * MINUTE);
    await this.run(E, oid, recordPayment(this.clock, { method: rng.weighted([['wechat', 80], ['cash', 12], ['transfer', 8]] as const), amountFen: quote.totalFen, receiptNo: `WX${this.clock.now().getTime()}` }));
    step(rng.int(1, 3) * MINUTE);
    current = (await this.run(E, oid, completeOrder(this.clock))).order;
    if (stop('completed')) return { order: current, engineer };

    if (opts.end || rng.chance(0.85)) {
      moveTo(daytime(Math.max(t + rng.int(1, opts.end ? 30 : 20 * 60) * MINUTE, t + MINUTE)));
      current = (await this.run(C, oid, acceptWork(this.clock))).order;
    } else {
      // Nobody objected within the acceptance window: the auto-close job closes it.
      moveTo(t + 49 * HOUR);
      // The job's own command (autoCloseCompleted), for this order only: the other outlets' clocks are elsewhere.
      current = (
        await this.run('system', oid, {
          action: 'auto_close',
          build: () => ({ type: 'auto_closed', data: { afterHours: 48 }, set: { 'times.closedAt': this.clock.now(), closedDay: shanghaiDay(this.clock.now()) } }),
          after: (updated) => notifyOrderParties(this.clock, updated, 'order_closed'),
        })
      ).order;
    }
    return { order: current, engineer };
  }

  private scores(form: number, low: boolean): { scores: SurveyScores; problemSolved: boolean; recommendation: number } {
    const rng = this.rng;
    const scores: SurveyScores = {};
    if (!low) {
      const p5 = Math.min(0.95, 0.75 + form * 0.2);
      for (const k of SURVEY_ELEMENT_KEYS) scores[k] = rng.chance(p5) ? 5 : rng.chance(0.85) ? 4 : 3;
      scores.overall = Math.max(4, Math.round((scores.punctuality! + scores.problem_solved! + scores.courtesy! + 5) / 4));
      return { scores, problemSolved: true, recommendation: rng.int(8, 10) };
    }
    for (const k of SURVEY_ELEMENT_KEYS) scores[k] = rng.int(3, 5);
    const weak = rng.pick(['punctuality', 'transparent_charges', 'problem_solved', 'clean_site', 'explanation'] as const);
    scores[weak] = rng.int(1, 2);
    scores.overall = rng.int(2, 3);
    return { scores, problemSolved: weak !== 'problem_solved', recommendation: rng.int(2, 6) };
  }

  /** One booking of the history, run to its end, with what followed it. */
  async historyOrder(key: string, outletCode: string, createdAt: Date, today: Date) {
    const rng = this.rng;
    const customer = rng.pick(this.world.byOutlet.get(outletCode)!);
    const order = await this.book(key, customer, createdAt, rng.int(12, 40) * HOUR);
    if (!order) return;
    if (rng.chance(0.05)) {
      this.at(createdAt.getTime() + rng.int(20, 300) * MINUTE);
      await this.run(this.as(customer.user, 'customer'), order._id, cancelOrder({ clock: this.clock }, customer.user, rng.pick(['家电自己好了，不需要上门了', '临时出差，改天再约', '已找物业师傅处理'])));
      return;
    }
    // The last days' orders stop where they are now; one still open keeps the journeys' engineer (eng.xihu.1) free.
    const stopAt = new Date(today.getTime() - 5 * MINUTE);
    const { order: done, engineer } = await this.progress(order, outletCode, customer.user, 'closed', { stopAt, avoid: order.slot.startAt.getTime() > stopAt.getTime() - 2 * 24 * HOUR ? ['FX-XH-001'] : [] });
    if (done.status !== 'closed' || !engineer) return;
    await this.afterClose(done, outletCode, customer, engineer, today, 0);
  }

  /** Survey, return visit, second visit and complaint of a closed order (a second visit's own close comes back here). */
  private async afterClose(order: OrderRecord, outletCode: string, customer: Customer, engineer: { user: AuthUser; employeeNo: string }, today: Date, depth: number) {
    const rng = this.rng;
    const form = ENGINEER_FORM[engineer.employeeNo] ?? 0;
    const closedAt = new Date(order.times.closedAt!).getTime();
    const manager = this.manager(outletCode);
    const beforeToday = (t: number) => t < today.getTime() - 30 * MINUTE;
    // Most customers answer the survey within a day or two; one in ten is low (more for weaker engineers).
    let low = false;
    if (rng.chance(0.85)) {
      const surveyAt = daytime(closedAt + rng.int(30, 36 * 60) * MINUTE);
      if (!beforeToday(surveyAt)) return;
      low = depth === 0 && rng.chance(Math.max(0.03, 0.1 - form * 0.08));
      this.at(surveyAt);
      const answer = this.scores(form, low);
      const result = await submitSurvey(this.clock, customer.user, String(order._id), {
        ...answer,
        comment: low ? rng.pick(LOW_COMMENTS) : rng.pick(GOOD_COMMENTS),
      });
      // The outlet calls back; the most recent few are still on the list.
      const taskId = result.followUp?.returnVisitTaskId;
      if (taskId) {
        const callAt = daytime(surveyAt + rng.int(3, 40) * HOUR);
        if (beforeToday(callAt) && rng.chance(0.9)) {
          this.at(callAt);
          const reached = rng.chance(0.85);
          await recordReturnVisitOutcome(this.clock, manager, taskId, { reached, ...(reached ? { satisfied: rng.chance(0.6) } : {}), notes: reached ? '已电话回访，向客户致歉并说明处理方案' : '电话无人接听，已发短信' }, sysMeta);
        }
      }
      // Not solved: the customer asks for the free second visit, usually with the same engineer.
      if (low && !answer.problemSolved && result.followUp?.canRequestRework) {
        const askAt = daytime(surveyAt + rng.int(1, 6) * HOUR);
        if (!beforeToday(askAt + 3 * 24 * HOUR)) return;
        this.at(askAt);
        const slot = await this.freeSlot(outletCode, this.clock.now(), 16 * HOUR);
        const same = rng.chance(0.7);
        const { result: child } = await this.run(this.as(customer.user, 'customer'), order._id, requestRework(this.clock, customer.user, { description: '上次维修后问题又出现了，申请免费二次上门', engineer: same ? 'same' : 'different', slot, photoIds: [] }));
        const finished = await this.progress(child, outletCode, customer.user, 'closed', { form: 0.3, stopAt: new Date(today.getTime() - 5 * MINUTE) });
        if (finished.order.status === 'closed' && finished.engineer) await this.afterClose(finished.order, outletCode, customer, finished.engineer, today, depth + 1);
        return;
      }
    }
    // A few customers complain (more after a low survey): the outlet acknowledges, investigates and resolves.
    if (depth === 0 && rng.chance(low ? 0.35 : 0.012)) {
      const fileAt = daytime(closedAt + rng.int(20, 60) * HOUR);
      if (!beforeToday(fileAt + 4 * 24 * HOUR)) return;
      this.at(fileAt);
      const category = rng.weighted<ComplaintCategory>([['quality', 40], ['attitude', 20], ['overcharging', 20], ['no_show', 8], ['damage', 12]]);
      const complaint = await fileComplaint(this.clock, customer.user, String(order._id), { category, text: COMPLAINT_TEXTS[category], photoIds: [] });
      const id = String(complaint._id);
      this.at(daytime(fileAt + (rng.chance(0.15) ? rng.int(25, 30) : rng.int(1, 8)) * HOUR)); // sometimes past the 24 h deadline
      await acknowledgeComplaint(this.clock, manager, id, sysMeta);
      this.at(daytime(this.clock.now().getTime() + rng.int(1, 4) * HOUR));
      await investigateComplaint(this.clock, manager, id, sysMeta);
      this.at(daytime(this.clock.now().getTime() + rng.int(6, 40) * HOUR));
      const compensationFen = category === 'damage' ? 20_000 : category === 'overcharging' ? 5_000 : rng.chance(0.5) ? 10_000 : 0;
      const resolved = await resolveComplaint(this.clock, manager, id, { resolution: category === 'damage' ? '已安排师傅上门修补墙面，并赔偿 200 元' : '已向客户道歉，对工程师进行培训并给予补偿', ...(compensationFen ? { compensationFen } : {}) }, sysMeta);
      if (resolved.status === 'resolved') {
        this.at(daytime(this.clock.now().getTime() + rng.int(2, 20) * HOUR));
        await acceptResolution(this.clock, customer.user, id);
      }
      const task = await ReturnVisit.findOne({ orderId: order._id, reason: 'complaint_resolved', status: 'open' }, { _id: 1 }).lean();
      const callAt = daytime(this.clock.now().getTime() + rng.int(6, 30) * HOUR);
      if (task && beforeToday(callAt)) {
        this.at(callAt);
        await recordReturnVisitOutcome(this.clock, manager, String(task._id), { reached: true, satisfied: true, notes: '客户对处理结果表示认可' }, sysMeta);
      }
    }
  }

  /** Today's orders at every stage, in this outlet; none holds the journeys' engineer (eng.xihu.1) or the demo logins' time. */
  async todayOrders(outletCode: string, now: Date) {
    const plan: Array<[string, OrderStatus]> = [
      ['HZ-XH', 'pending'], ['HZ-XH', 'pending'], ['HZ-XH', 'dispatched'], ['HZ-XH', 'on_the_way'], ['HZ-XH', 'arrived'], ['HZ-XH', 'closed'],
      ['HZ-BJ', 'pending'], ['HZ-BJ', 'accepted'], ['HZ-BJ', 'quoted'], ['HZ-BJ', 'in_service'], ['HZ-BJ', 'completed'], ['HZ-BJ', 'closed'],
      ['HZ-GS', 'pending'], ['HZ-GS', 'dispatched'], ['HZ-GS', 'arrived'], ['HZ-GS', 'in_service'], ['HZ-GS', 'awaiting_parts'], ['HZ-GS', 'completed'],
    ];
    const demoCustomer = this.world.customers.find((c) => c.phone === DEMO_CUSTOMERS[0]!.phone)!;
    const end = new Date(now.getTime() - 5 * MINUTE);
    for (const [i, [outlet, status]] of plan.entries()) {
      if (outlet !== outletCode) continue;
      // Booked this morning (or late last night), earlier the further along it is; the further along, the earlier its
      // window (each of an outlet's six in a window of its own, so none waits for a busy engineer).
      const progressRank = ['pending', 'dispatched', 'accepted', 'on_the_way', 'arrived', 'quoted', 'in_service', 'awaiting_parts', 'completed', 'closed'].indexOf(status);
      const booked = new Date(Math.max(shanghaiDayStart(shanghaiDay(now)).getTime(), now.getTime() - (1.5 + progressRank * 0.6) * HOUR - i * 5 * MINUTE));
      const customer = i === 3 ? demoCustomer : this.rng.pick(this.world.byOutlet.get(outlet)!);
      // Xihu's air conditioners belong to eng.xihu.1 in the journeys: today's Xihu orders are other appliances.
      const order = await this.book(`${KEY_PREFIX}-today-${i}`, customer, booked, 0, outlet === 'HZ-XH' ? (c) => c !== 'air_conditioner' && c !== 'refrigerator' && c !== 'washing_machine' : undefined, 5 - (i % 6), status === 'pending' ? undefined : ['FX-XH-001']);
      if (!order || status === 'pending') continue;
      await this.progress(order, outlet, customer.user, status, { end, avoid: ['FX-XH-001'] });
    }
  }
}
