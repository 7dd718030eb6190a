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

/** The approval record as staff see it. */
function presentApproval(a: NonNullable<ComplaintRecord['approval']>): NonNullable<ComplaintView['approval']> {
  return {
    status: a.status,
    compensationFen: a.compensationFen,
    capFen: a.capFen,
    requestedAt: iso(a.requestedAt),
    requestedBy: a.requestedBy.name,
    decidedAt: a.decidedAt ? iso(a.decidedAt) : null,
    decidedBy: a.decidedBy?.name ?? null,
    reason: a.reason,
  };
}

/**
 * One complaint for its audience. The customer sees a resolution only once it stands: while a compensation above the
 * cap awaits a platform admin, the resolution is withheld (and its history entry is internal); the cap and the
 * approval record are for staff only. `capFen` is the cap in force (staff views).
 */
export function presentComplaint(c: ComplaintRecord, audience: Audience, role: string, now: Date, capFen: number | null = null): ComplaintView {
  const { states, fields } = sla(c, now);
  const staff = audience === 'staff';
  const resolution = c.resolution && (staff || c.status !== 'awaiting_approval') ? c.resolution : null;
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
    resolution: resolution ? { text: resolution.text, compensationFen: resolution.compensationFen, at: iso(resolution.at) } : null,
    approval: staff && c.approval ? presentApproval(c.approval) : null,
    compensationCapFen: staff ? capFen : null,
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
