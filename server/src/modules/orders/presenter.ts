import { noShowActionAllowed, presentNoShow, presentRescheduleProposal } from './noShowView';
import { toJsonObject, orderDeadlines, ENGINEER_PII_STATUSES, ORDER_STATUS_LABELS, legalActions, maskName, maskPhone, type OrderAction, type OrderSummary, type OrderView } from '@fangxin/shared';
import type { OrderRecord, QuoteRecord } from './model';
import type { Relation } from './access';
import type { TimelineEvent } from './timeline';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** Keeps the district and the start of the street; hides the house number. */
function maskDetail(detail: string): string {
  const chars = Array.from(detail);
  return chars.length <= 4 ? '****' : `${chars.slice(0, Math.min(6, Math.floor(chars.length / 2))).join('')}****`;
}

/**
 * S10: the customer sees their own contact in full; the assigned engineer sees it only from acceptance until the
 * order is done; everyone else (offered engineers, staff lists) sees masked values. Staff reveal full values through
 * an audited endpoint.
 */
export function presentContact(order: OrderRecord, relation: Relation, revealed = false) {
  const full = revealed || relation === 'customer' || (relation === 'engineer' && ENGINEER_PII_STATUSES.includes(order.status));
  const c = order.contact;
  return full
    ? { ...c, full: true }
    : { name: maskName(c.name), phone: maskPhone(c.phone), districtCode: c.districtCode, detail: maskDetail(c.detail), full: false };
}

const actorRole: Record<Relation, 'customer' | 'engineer' | 'outlet_manager'> = { customer: 'customer', engineer: 'engineer', offered: 'engineer', staff: 'outlet_manager' };

/** The shared state machine's legal actions, narrowed by what this order's data allows right now. */
export function availableActions(order: OrderRecord, relation: Relation, role: string): OrderAction[] {
  if (relation === 'offered') return ['claim'];
  const machineRole = relation === 'staff' ? (role as 'outlet_manager' | 'platform_admin') : actorRole[relation];
  const latest = order.quotes.at(-1);
  return legalActions(order.status, machineRole).filter((action) => {
    switch (action) {
      case 'claim':
        return false;
      case 'confirm_quote':
      case 'reject_quote':
        return latest?.status === 'pending';
      case 'start':
        return latest?.status === 'confirmed';
      case 'quote':
        // The bill is settled once paid (online or recorded): no new quote under a payment (the server refuses it too).
        return !order.payment;
      case 'complete':
        return Boolean(order.report && order.payment);
      case 'request_rework':
        // One open second visit per order; the warranty window is checked when it is asked for.
        return !order.reworkOrderId;
      case 'rate_service':
        // Once per order: not after the survey is in (its submission is on the order's timeline).
        return !order.timeline?.some((e) => e.type === 'survey_submitted');
      case 'dispatch':
        return true;
      case 'report_nobody_home':
      case 'answer_door':
      case 'end_no_show':
      case 'rebook_after_no_show':
      case 'propose_reschedule':
      case 'accept_reschedule':
      case 'decline_reschedule':
        return noShowActionAllowed(action, order, relation === 'engineer' ? 'engineer' : 'customer');
      // After a no-show the order waits for the customer's new window (rebook_after_no_show), not for the old one.
      case 'depart':
      case 'reschedule':
      case 'show_service_code':
        return order.noShow?.state !== 'no_show';
      default:
        return true;
    }
  });
}

function presentQuote(q: QuoteRecord) {
  return {
    no: q.no,
    items: q.items.map((it) => ({ ...it })),
    totalFen: q.totalFen,
    status: q.status,
    createdAt: iso(q.createdAt)!,
    decidedAt: iso(q.decidedAt),
  };
}

export function presentOrder(order: OrderRecord, relation: Relation, role: string, now: Date): OrderView {
  const times: Record<string, string> = {};
  for (const [k, v] of Object.entries(order.times ?? {})) if (v) times[k] = iso(v)!;
  return {
    id: String(order._id),
    orderNo: order.orderNo,
    status: order.status,
    statusLabel: ORDER_STATUS_LABELS[order.status],
    category: order.category,
    serviceType: order.serviceType,
    outletId: String(order.outletId),
    customerId: relation === 'offered' ? null : String(order.customerId),
    engineerId: order.engineerId ? String(order.engineerId) : null,
    parentOrderId: order.parentOrderId ? String(order.parentOrderId) : null,
    appliance: order.appliance ? { brand: order.appliance.brand, model: order.appliance.model, purchaseDate: order.appliance.purchaseDate, inWarranty: order.appliance.inWarranty } : null,
    fault: { description: order.fault.description, photoIds: order.fault.photoIds.map(String) },
    contact: presentContact(order, relation),
    slot: { day: order.slot.day, window: order.slot.window, startAt: iso(order.slot.startAt)!, endAt: iso(order.slot.endAt)! },
    catalogVersion: order.catalogVersion,
    quotes: order.quotes.map(presentQuote),
    confirmedQuoteNo: order.confirmedQuoteNo,
    report: order.report
      ? {
          ...order.report,
          partsUsed: order.report.partsUsed.map((p) => ({ ...p, oldPartPhotoId: String(p.oldPartPhotoId) })),
          photoIds: order.report.photoIds.map(String),
          signatureId: String(order.report.signatureId),
          submittedAt: iso(order.report.submittedAt),
        }
      : null,
    payment: order.payment ? { ...order.payment, paidAt: iso(order.payment.paidAt)! } : null,
    partsWait: order.partsWait ? { ...order.partsWait, since: iso(order.partsWait.since)! } : null,
    cancellation: order.cancellation ? { ...order.cancellation, at: iso(order.cancellation.at)! } : null,
    urgent: order.urgent === true,
    heightWork: order.heightWork ? { photoId: String(order.heightWork.photoId), markedAt: iso(order.heightWork.markedAt)! } : null,
    deadlines: orderDeadlines(order, now),
    reworkOrderId: order.reworkOrderId ? String(order.reworkOrderId) : null,
    repeatOf: order.repeatOf ? { orderId: String(order.repeatOf.orderId), orderNo: order.repeatOf.orderNo, declined: order.repeatOf.declined } : null,
    noShow: presentNoShow(order),
    rescheduleProposal: presentRescheduleProposal(order),
    actions: availableActions(order, relation, role),
    times,
    createdAt: iso(order.createdAt)!,
  };
}

export function presentSummary(order: OrderRecord, relation: Relation): OrderSummary {
  return {
    id: String(order._id),
    orderNo: order.orderNo,
    status: order.status,
    statusLabel: ORDER_STATUS_LABELS[order.status],
    category: order.category,
    serviceType: order.serviceType,
    outletId: String(order.outletId),
    engineerId: order.engineerId ? String(order.engineerId) : null,
    slot: { day: order.slot.day, window: order.slot.window, startAt: iso(order.slot.startAt)!, endAt: iso(order.slot.endAt)! },
    createdAt: iso(order.createdAt)!,
    urgent: order.urgent === true,
    contact: presentContact(order, relation),
    slaState: slaState(order),
  };
}

/** The worst state among an order's deadlines, for list columns and filters. */
export function slaState(order: OrderRecord): 'ok' | 'at_risk' | 'breached' {
  const has = (m: Partial<Record<string, unknown>> | undefined) => Object.values(m ?? {}).some((v) => v != null);
  if (has(order.sla?.breaches)) return 'breached';
  if (has(order.sla?.atRisk)) return 'at_risk';
  return 'ok';
}

export function presentEvent(e: TimelineEvent) {
  return { seq: e.seq, type: e.type, at: iso(e.at)!, actor: e.actor, data: toJsonObject(e.data), prevHash: e.prevHash, hash: e.hash };
}
