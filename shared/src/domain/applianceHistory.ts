import { shanghaiDay, shanghaiDayStart } from './slots';

/**
 * Issue 20.3: an appliance over its life — the repair warranty of each repaired item, when a booking for the same
 * appliance is offered the free second visit instead of a new paid order, and what counts as a repeated repair of
 * the same fault (重复维修, the platform figure 重复维修率). Pure: the server enforces it, the apps read its words.
 *
 * Repair warranty (保修, of the work, not the manufacturer's):
 * - it starts when the order closed (the customer accepted the work, or it closed by itself), or when it was completed
 *   if it has not closed yet;
 * - each labour or part item of the confirmed quote carries its own days (the catalogue's `warrantyDays`); items
 *   without days (上门检测费, 拆机) and fees (高空作业费…) carry none of their own;
 * - an item of N days is covered through the end of the Asia/Shanghai day on which N × 24 h after the start falls;
 * - the order's work warranty is its longest item warranty, or the platform default (setting `reworkWarrantyDays`)
 *   when no item carries one ("项目未标保修期的按 N 天"): the free second visit is possible while it runs.
 *
 * Free second visit offered at booking: the appliance has an earlier order of the same customer that is completed or
 * closed, whose work warranty still runs today (Asia/Shanghai), and that has no second visit yet (one per order; a
 * second visit's own work can in turn have one). The most recently finished such order is offered.
 *
 * Repeated repair of the same fault (重复维修): an order counts when
 * 1. it is a free second visit (it has an original order), or
 * 2. it is a normal repair booking (service type 维修; a cleaning or an installation is no repair) made while an
 *    earlier order of the same appliance was under warranty (the server then records that order as `repeatOf`,
 *    whether the customer declined the offer or never saw it), and its confirmed quote repeats a repair item of that
 *    order's confirmed quote: a labour or part line with a warranty of its own, by price-list code.
 * 重复维修率 = repeated repairs closed in the period ÷ all orders closed in the period.
 */

const DAY_MS = 24 * 3600 * 1000;

export type WarrantyItemKind = 'labour' | 'part' | 'fee';

export interface WarrantyItem {
  code: string | null;
  kind: WarrantyItemKind;
  warrantyDays: number;
}

/** The days an item of a confirmed quote is under repair warranty of its own: 0 for fees and items without days. */
export function itemWarrantyDays(item: Pick<WarrantyItem, 'kind' | 'warrantyDays'>): number {
  return item.kind === 'fee' ? 0 : Math.max(0, item.warrantyDays);
}

/** When the warranty of an order's work starts: its close, else its completion, else not yet. */
export function repairDoneAt(times: { closedAt?: Date | string | null; completedAt?: Date | string | null } | null | undefined): Date | null {
  const at = times?.closedAt ?? times?.completedAt ?? null;
  return at ? new Date(at) : null;
}

/** The last covered day (Asia/Shanghai) of `days` of warranty starting at `doneAt`; covered through its end. */
export function warrantyEndDay(doneAt: Date, days: number): string {
  return shanghaiDay(new Date(doneAt.getTime() + days * DAY_MS));
}

/** Whether a warranty ending on `endDay` still covers `today` (an instant read in Asia/Shanghai, or a day). */
export function warrantyRunning(endDay: string, today: Date | string): boolean {
  const day = typeof today === 'string' ? today : shanghaiDay(today);
  return day <= endDay;
}

/** Days left, today included (1 on the last day); 0 once it ended. */
export function warrantyDaysLeft(endDay: string, today: Date | string): number {
  const day = typeof today === 'string' ? today : shanghaiDay(today);
  if (day > endDay) return 0;
  return Math.round((shanghaiDayStart(endDay).getTime() - shanghaiDayStart(day).getTime()) / DAY_MS) + 1;
}

/** An order's work warranty: its longest item warranty, or the default when no labour or part item carries one. */
export function workWarranty(items: ReadonlyArray<Pick<WarrantyItem, 'kind' | 'warrantyDays'>>, doneAt: Date | null, defaultDays: number): { days: number; endDay: string | null } {
  const longest = Math.max(0, ...items.map((i) => itemWarrantyDays(i)));
  const days = longest > 0 ? longest : defaultDays;
  return { days, endDay: doneAt ? warrantyEndDay(doneAt, days) : null };
}

/** Statuses of an order whose work can be followed by a free second visit (as the order machine's request_rework). */
export const SECOND_VISIT_FROM_STATUSES = ['completed', 'closed'] as const;

/** What the eligibility rule needs to know about one earlier order on the appliance. */
export interface ApplianceOrderFacts {
  id: string;
  orderNo: string;
  status: string;
  /** Close (else completion) time; null while the work is not done. */
  doneAt: Date | null;
  /** Items of the confirmed quote. */
  items: ReadonlyArray<WarrantyItem>;
  /** The second visit already requested for this order, if any. */
  reworkOrderId: string | null;
}

export interface SecondVisitCandidate {
  orderId: string;
  orderNo: string;
  doneDay: string;
  untilDay: string;
  warrantyDays: number;
}

/** The earlier order a booking for this appliance is offered the free second visit for, or null (see the rule above). */
export function secondVisitCandidate(orders: ReadonlyArray<ApplianceOrderFacts>, today: Date | string, defaultDays: number): SecondVisitCandidate | null {
  let best: (SecondVisitCandidate & { at: number }) | null = null;
  for (const o of orders) {
    if (!(SECOND_VISIT_FROM_STATUSES as readonly string[]).includes(o.status) || !o.doneAt || o.reworkOrderId) continue;
    const w = workWarranty(o.items, o.doneAt, defaultDays);
    if (!w.endDay || !warrantyRunning(w.endDay, today)) continue;
    if (best && best.at >= o.doneAt.getTime()) continue;
    best = { orderId: o.id, orderNo: o.orderNo, doneDay: shanghaiDay(o.doneAt), untilDay: w.endDay, warrantyDays: w.days, at: o.doneAt.getTime() };
  }
  if (!best) return null;
  const { at: _at, ...candidate } = best;
  return candidate;
}

/** Price-list codes of the repair items of a confirmed quote (labour and parts with a warranty): what "the same fault" compares. */
export function repairCodes(items: ReadonlyArray<WarrantyItem>): string[] {
  return [...new Set(items.filter((i) => itemWarrantyDays(i) > 0 && i.code).map((i) => i.code!))].sort();
}

/** Only a repair booking can be a repeated repair (the service types are in domain/catalog.ts). */
export const REPEAT_REPAIR_SERVICE_TYPE = 'repair';

/** Whether an order is a repeated repair of the same fault (see the rule above). */
export function isRepeatedRepair(order: { parentOrderId: unknown; repeatOf?: { codes: readonly string[] } | null; confirmedCodes: readonly string[] }): boolean {
  if (order.parentOrderId) return true;
  if (!order.repeatOf) return false;
  const earlier = new Set(order.repeatOf.codes);
  return order.confirmedCodes.some((c) => earlier.has(c));
}

/** 重复维修率 of a period: null when nothing closed. */
export function repeatRepairRate(repeated: number, closed: number): number | null {
  return closed > 0 ? repeated / closed : null;
}

/** The rate for people: 3.5% or 暂无数据. */
export function repeatRepairRateText(rate: number | null): string {
  return rate === null ? '暂无数据' : `${(rate * 100).toFixed(1)}%`;
}

/** Words both apps read (zh-CN; the admin also has English in its locale). */
export const APPLIANCE_LIFE_TEXT = {
  title: '家电档案',
  history: '维修记录',
  parts: '更换的配件',
  warranties: '保修中的项目',
  noOrders: '这台家电还没有服务记录',
  noParts: '没有更换过配件',
  noWarranties: '目前没有保修中的项目',
  bookAgain: '再次报修',
  secondVisit: '二次上门',
  secondVisitFree: '免费二次上门（保修期内）',
  repeated: '同一故障重复维修',
  repeatOfBooking: '保修期内再次报修',
  repeatRate: '重复维修率',
  repeatRateDefinition:
    '重复维修：同一台家电在上次维修保修期内又修了同一个故障——免费二次上门都算；保修期内另下的维修单，确认的维修项目或配件与上次相同也算。重复维修率 = 期间内完成的订单中重复维修所占的比例。',
} as const;

/** The booking screen's offer sentence. */
export function secondVisitOfferText(c: Pick<SecondVisitCandidate, 'orderNo' | 'doneDay' | 'untilDay'>): string {
  return `这台家电 ${dayWords(c.doneDay)} 的维修（订单 ${c.orderNo}）还在保修期内，保修到 ${dayWords(c.untilDay)}。如果是同一个问题又出现了，可以申请免费二次上门，不用另付维修费。`;
}

/** A warranty end for people: 保修至 2026年12月7日. */
export function warrantyUntilText(endDay: string, today: Date | string): string {
  return warrantyRunning(endDay, today) ? `保修至 ${dayWords(endDay)}` : `保修已于 ${dayWords(endDay)} 结束`;
}

/** 2026-12-07 → 2026年12月7日. */
export function dayWords(day: string): string {
  const [y, m, d] = day.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}
