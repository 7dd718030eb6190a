import { Types } from 'mongoose';
import { addDays, categoryName, isActive, itemWarrantyDays, repairDoneAt, serviceTypeName, shanghaiDay, warrantyEndDay, type OrderStatus, type StaffOrderListQuery } from '@fangxin/shared';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { outletScope } from '../../lib/scope';
import { AppError } from '../../core/errors';
import { recordAudit } from '../audit/service';
import { engineerFields, outletFields } from '../network/reads';
import { Order, type OrderRecord } from './model';
import { presentContact, presentSummary } from './presenter';
import { confirmedQuote } from './reads';
import { verifyChain } from './timeline';
import type { Relation } from './access';

const LIST_PROJECTION = { timeline: 0, quotes: 0, report: 0 } as const;

interface Page {
  page: number;
  pageSize: number;
}

async function page(filter: Record<string, unknown>, q: Page, sort: Record<string, 1 | -1>, relation: Relation) {
  const [items, total] = await Promise.all([
    Order.find(filter, LIST_PROJECTION).sort(sort).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean<OrderRecord[]>(),
    Order.countDocuments(filter),
  ]);
  return { items: items.map((o) => presentSummary(o, relation)), total, page: q.page, pageSize: q.pageSize };
}

export function listCustomerOrders(user: AuthUser, q: Page & { status?: OrderStatus }) {
  return page({ customerId: new Types.ObjectId(user.id), ...(q.status ? { status: q.status } : {}) }, q, { createdAt: -1 }, 'customer');
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SORTS = { '-createdAt': { createdAt: -1 }, createdAt: { createdAt: 1 }, slot: { 'slot.startAt': 1 }, '-slot': { 'slot.startAt': -1 } } as const;
const ANY_BREACH = ['respond', 'arrive', 'resolve'].map((c) => ({ [`sla.breaches.${c}`]: { $ne: null } }));
const ANY_RISK = ['respond', 'arrive', 'resolve'].map((c) => ({ [`sla.atRisk.${c}`]: { $ne: null } }));

/** Staff list, scoped to the caller's outlet (all outlets for platform admins), with the queue's filters. */
export function listStaffOrders(user: AuthUser, q: StaffOrderListQuery) {
  const and: Record<string, unknown>[] = [outletScope(user)];
  if (q.status) and.push({ status: q.status });
  if (q.engineerId) and.push({ engineerId: new Types.ObjectId(q.engineerId) });
  if (q.category) and.push({ category: q.category });
  if (q.districtCode) and.push({ 'contact.districtCode': q.districtCode });
  if (q.from || q.to) and.push({ createdDay: { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lte: q.to } : {}) } });
  if (q.sla === 'breached') and.push({ $or: ANY_BREACH });
  if (q.sla === 'at_risk') and.push({ $nor: ANY_BREACH }, { $or: ANY_RISK });
  if (q.sla === 'ok') and.push({ $nor: [...ANY_BREACH, ...ANY_RISK] });
  if (q.q) {
    // An order number (prefix, anchored so the index can serve it) or the last four digits of the phone.
    and.push(/^\d{4}$/.test(q.q) ? { 'contact.phone': { $regex: `${q.q}$` } } : { orderNo: { $regex: `^${escapeRegex(q.q.toUpperCase())}` } });
  }
  // Issue 19: in a queue of open orders (待派单 and the other active statuses) urgent orders come first.
  const sort = q.status && (q.status === 'pending' || isActive(q.status)) ? { urgent: -1 as const, ...SORTS[q.sort] } : SORTS[q.sort];
  return page({ $and: and }, q, sort, 'staff');
}

const ENGINEER_OPEN = ['dispatched', 'accepted', 'on_the_way', 'arrived', 'quoted', 'in_service', 'awaiting_parts'];

/** The engineer's tasks: today's, upcoming, or history (done or cancelled). */
export function listEngineerOrders(clock: Clock, user: AuthUser, q: Page & { scope: 'today' | 'upcoming' | 'history' }) {
  const today = shanghaiDay(clock.now());
  const base = { engineerUserId: new Types.ObjectId(user.id) };
  if (q.scope === 'history') return page({ ...base, status: { $in: ['completed', 'closed', 'cancelled'] } }, q, { 'slot.startAt': -1 }, 'engineer');
  const day = q.scope === 'today' ? { 'slot.day': today } : { 'slot.day': { $gte: addDays(today, 1) } };
  return page({ ...base, ...day, status: { $in: ENGINEER_OPEN } }, q, { 'slot.startAt': 1 }, 'engineer');
}

/** S10: staff see full contact data only here, and every reveal is audit-logged. */
export async function revealContact(clock: Clock, user: AuthUser, order: OrderRecord, meta: { ip: string; requestId: string }) {
  await recordAudit(clock, {
    action: 'pii.reveal_contact',
    actorId: user.id,
    actorRole: user.role,
    outletId: String(order.outletId),
    target: `order:${order.orderNo}`,
    ip: meta.ip,
    requestId: meta.requestId,
  });
  return presentContact(order, 'staff', true);
}

export function chainVerdict(order: OrderRecord) {
  return verifyChain(String(order._id), order.timeline);
}

/** The e-receipt: every item of the confirmed quote, what was charged, the warranty each carries, and the payment. */
export async function receiptFor(order: OrderRecord) {
  const quote = confirmedQuote(order);
  if (!order.payment || !quote) throw new AppError('illegal_transition', '订单尚未收款，暂无电子收据');
  const [outlet, engineer] = await Promise.all([
    outletFields(order.outletId, 'name', 'phone', 'address'),
    order.engineerId ? engineerFields(order.engineerId, 'name', 'employeeNo') : null,
  ]);
  const paidAt = new Date(order.payment.paidAt);
  return {
    orderNo: order.orderNo,
    receiptNo: order.payment.receiptNo,
    service: `${categoryName(order.category)} · ${serviceTypeName(order.serviceType)}`,
    outlet: { name: outlet?.name ?? '', phone: outlet?.phone ?? '', address: outlet?.address ?? '' },
    engineer: engineer ? { name: engineer.name, employeeNo: engineer.employeeNo } : null,
    catalogVersion: order.catalogVersion,
    quoteNo: quote.no,
    items: quote.items.map((it) => ({
      code: it.code,
      name: it.name,
      kind: it.kind,
      unit: it.unit,
      quantity: it.quantity,
      unitPriceFen: it.unitPriceFen,
      chargedUnitFen: it.chargedUnitFen,
      amountFen: it.amountFen,
      coveredBy: it.coveredBy,
      offCatalogue: it.offCatalogue,
      reason: it.reason,
      warrantyDays: it.warrantyDays,
      // The appliance history's rule: counted from the close (or completion; the payment before that), fees carry none.
      warrantyUntil: itemWarrantyDays(it) > 0 ? warrantyEndDay(repairDoneAt(order.times) ?? paidAt, itemWarrantyDays(it)) : null,
    })),
    totalFen: quote.totalFen,
    payment: { method: order.payment.method, amountFen: order.payment.amountFen, paidAt: paidAt.toISOString() },
  };
}
