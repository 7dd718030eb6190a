import { ORDER_STATUSES, type OrderAction, type OrderStatus, type OrderView, type DispatchCandidate } from '@fangxin/shared';

export const STATUS_OPTIONS: readonly OrderStatus[] = ORDER_STATUSES;

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

/** Colours tell where the order is: waiting on the outlet (warning), moving (primary), done (success), dead (info). */
export function statusTagType(status: OrderStatus): TagType {
  switch (status) {
    case 'pending':
      return 'warning';
    case 'awaiting_parts':
      return 'warning';
    case 'completed':
    case 'closed':
      return 'success';
    case 'cancelled':
      return 'info';
    default:
      return 'primary';
  }
}

export function deadlineTagType(state: OrderView['deadlines'][number]['state']): TagType {
  switch (state) {
    case 'met':
      return 'success';
    case 'at_risk':
    case 'paused':
      return 'warning';
    case 'missed':
    case 'breached':
      return 'danger';
    default:
      return 'info';
  }
}

/**
 * The buttons an order shows, in this order, from the actions the server says are legal now (`order.actions`).
 * Offer mode is a dispatch alternative: legal exactly when dispatch is.
 */
export type OrderButton = 'dispatch' | 'offer' | 'reassign' | 'cancel';

export function orderButtons(actions: readonly OrderAction[]): OrderButton[] {
  const buttons: OrderButton[] = [];
  if (actions.includes('dispatch')) buttons.push('dispatch', 'offer');
  if (actions.includes('reassign')) buttons.push('reassign');
  if (actions.includes('cancel')) buttons.push('cancel');
  return buttons;
}

/** Eligible engineers by rank, then the excluded ones; the preselected choice is the top-ranked one. */
export function splitCandidates(items: readonly DispatchCandidate[], currentEngineerId: string | null = null) {
  const eligible = items
    .filter((c) => c.eligible && c.engineerId !== currentEngineerId)
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
  const excluded = items.filter((c) => !c.eligible || c.engineerId === currentEngineerId);
  return { eligible, excluded, best: eligible[0] ?? null };
}

/** Upload ids on an order, by what they show. `report` is typed loosely by the contract, so it is read defensively. */
export function orderPhotos(order: Pick<OrderView, 'fault' | 'report'>) {
  const report = order.report;
  return {
    fault: order.fault.photoIds,
    report: report?.photoIds ?? [],
    oldParts: report?.partsUsed.map((p) => p.oldPartPhotoId) ?? [],
    signature: report ? [report.signatureId] : [],
  };
}
