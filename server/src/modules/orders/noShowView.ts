import { noShowNotice, shanghaiDateTime, slotLabel, type NoShowView, type RescheduleProposalView } from '@fangxin/shared';
import type { OrderRecord } from './model';

/** Issue 20.1: how the no-show record and a reschedule proposal appear on the order, and which steps its data allows. */

const hm = (d: Date) => shanghaiDateTime(d).slice(11, 16);

/** The no-show record as the order view shows it, with the customer's words. */
export function presentNoShow(order: Pick<OrderRecord, 'noShow'>): NoShowView | null {
  const ns = order.noShow;
  if (!ns) return null;
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    state: ns.state,
    reportedAt: new Date(ns.reportedAt).toISOString(),
    waitUntil: new Date(ns.waitUntil).toISOString(),
    waitMinutes: ns.waitMinutes,
    location: ns.location,
    photoId: String(ns.photoId),
    answeredAt: iso(ns.answeredAt),
    waitOverAt: iso(ns.waitOverAt),
    endedAt: iso(ns.endedAt),
    feeFen: ns.feeFen,
    notice: noShowNotice(ns.state, ns.feeFen, hm(new Date(ns.waitUntil))),
  };
}

export function presentRescheduleProposal(order: Pick<OrderRecord, 'rescheduleProposal'>): RescheduleProposalView | null {
  const p = order.rescheduleProposal;
  if (!p) return null;
  return {
    by: p.by,
    day: p.day,
    window: p.window,
    proposedAt: new Date(p.proposedAt).toISOString(),
    text: `${p.by === 'engineer' ? '工程师' : '客户'}提议改到 ${slotLabel(p.day, p.window)}`,
  };
}

/** Which of the protocol's actions the order's data allows now (the state machine says who and from which status). */
export function noShowActionAllowed(action: string, order: Pick<OrderRecord, 'noShow' | 'rescheduleProposal'>, side: 'engineer' | 'customer'): boolean {
  const ns = order.noShow;
  switch (action) {
    case 'report_nobody_home':
      return !ns || !['waiting', 'wait_over'].includes(ns.state);
    case 'answer_door':
      return !!ns && ['waiting', 'wait_over'].includes(ns.state);
    case 'end_no_show':
      return ns?.state === 'wait_over';
    case 'rebook_after_no_show':
      return ns?.state === 'no_show';
    case 'propose_reschedule':
      return ns?.state !== 'answered';
    case 'accept_reschedule':
    case 'decline_reschedule':
      return !!order.rescheduleProposal && order.rescheduleProposal.by !== side;
    default:
      return true;
  }
}
