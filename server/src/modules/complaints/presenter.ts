import {
  COMPLAINT_CATEGORY_LABELS,
  COMPLAINT_STATUS_LABELS,
  complaintDeadlineStates,
  currentResolveKind,
  legalComplaintActions,
  type ComplaintHistoryData,
  type ComplaintSummary,
  type ComplaintView,
} from '@fangxin/shared';
import { NO_DUE, type ComplaintHistoryEntryData, type ComplaintRecord } from './model';

/** Who is looking: the customer never sees internal history (notes, escalations) nor staff actions. */
export type Audience = 'customer' | 'staff';

const iso = (d: Date | string) => new Date(d).toISOString();

/** The SLA countdown fields every row and view carries. */
function sla(c: ComplaintRecord, now: Date) {
  const states = complaintDeadlineStates(c.deadlines, now);
  const resolve = c.deadlines[currentResolveKind(c.reopenCount)] ?? c.deadlines.resolve!;
  const next = new Date(c.nextDueAt);
  return {
    states,
    fields: {
      ackDueAt: iso(c.deadlines.ack!.dueAt),
      resolveDueAt: iso(resolve.dueAt),
      nextDueAt: next.getTime() >= NO_DUE.getTime() ? null : next.toISOString(),
      atRisk: states.some((s) => s.atRisk),
      // The recorded flag, or computed now: a deadline just missed shows before the sweeper has run.
      breached: c.breached || states.some((s) => s.breached),
    },
  };
}

/** An entry's data as sent: its instant as an ISO string. */
function historyData({ dueAt, ...rest }: ComplaintHistoryEntryData = {}): ComplaintHistoryData {
  return { ...rest, ...(dueAt ? { dueAt: iso(dueAt) } : {}) };
}

export function presentComplaintSummary(c: ComplaintRecord, now: Date): ComplaintSummary {
  const chars = Array.from(c.text);
  return {
    id: String(c._id),
    orderId: String(c.orderId),
    orderNo: c.orderNo,
    outletId: String(c.outletId),
    category: c.category,
    categoryLabel: COMPLAINT_CATEGORY_LABELS[c.category],
    status: c.status,
    statusLabel: COMPLAINT_STATUS_LABELS[c.status],
    excerpt: chars.length > 60 ? `${chars.slice(0, 60).join('')}…` : c.text,
    reopenCount: c.reopenCount,
    filedAt: iso(c.filedAt),
    ...sla(c, now).fields,
  };
}

export function presentComplaint(c: ComplaintRecord, audience: Audience, role: string, now: Date): ComplaintView {
  const { states, fields } = sla(c, now);
  return {
    id: String(c._id),
    orderId: String(c.orderId),
    orderNo: c.orderNo,
    outletId: String(c.outletId),
    engineerId: c.engineerId ? String(c.engineerId) : null,
    category: c.category,
    categoryLabel: COMPLAINT_CATEGORY_LABELS[c.category],
    text: c.text,
    photoIds: c.photoIds.map(String),
    status: c.status,
    statusLabel: COMPLAINT_STATUS_LABELS[c.status],
    reopenCount: c.reopenCount,
    resolution: c.resolution ? { text: c.resolution.text, compensationFen: c.resolution.compensationFen, at: iso(c.resolution.at) } : null,
    deadlines: states.map((s) => ({
      kind: s.kind,
      label: s.label,
      startAt: s.startAt.toISOString(),
      dueAt: s.dueAt.toISOString(),
      metAt: s.metAt ? s.metAt.toISOString() : null,
      met: s.met,
      atRisk: s.atRisk,
      breached: s.breached,
    })),
    history: c.history
      .filter((h) => audience === 'staff' || !h.internal)
      .map((h) => ({
        at: iso(h.at),
        type: h.type,
        actor: { role: h.actor.role, name: h.actor.name },
        from: h.from,
        to: h.to,
        text: h.text,
        data: historyData(h.data),
        internal: h.internal,
      })),
    actions: legalComplaintActions(c, audience === 'customer' ? 'customer' : role),
    filedAt: iso(c.filedAt),
    updatedAt: iso(c.updatedAt),
    ...fields,
  };
}
