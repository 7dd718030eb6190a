/**
 * Issue 18: a customer confirms money only knowing who is at the door. The rule the server enforces on the quote
 * confirmation, and the one the customer's confirmation sheet states, from the same order timeline (S3 logs every
 * card check on the order as a `card_verified` event).
 *
 * Decided:
 * - The latest check on the order decides; no check at all does not block (checking the card is the customer's right,
 *   not a chore imposed on every job).
 * - A latest check that failed on identity blocks the confirmation: a card that is not genuine, expired, revoked or
 *   of a suspended engineer, a card that is not this order's engineer's, or an engineer not qualified for the
 *   appliance. The customer goes on by re-checking the engineer's card: the next check that passes lifts the block.
 * - A check that failed only because the visit is outside the booked time does not block: the person at the door is
 *   the right, qualified engineer, and a visit on another day could never pass that check again, which would leave
 *   the customer unable to confirm at all. The sheet still says so.
 * - The server matches one scan against every active order of the customer: with two active orders, scanning one
 *   engineer marks the other order as "not this order's engineer" too, so the customer re-checks that order's
 *   engineer as well. That errs on the side of the rule's purpose: no money after a card that did not match.
 */
export interface CardCheckEvent {
  type: string;
  at: string | Date;
  data: Record<string, unknown>;
}

export interface LastCardCheck {
  /** Genuine, current, this order's engineer, in the time window and qualified. */
  match: boolean;
  /** Failed on identity (see above): the quote cannot be confirmed until a later check passes. */
  blocking: boolean;
  verdict: string;
  at: string;
}

/** The latest card check on an order, or null when the customer has not checked a card on it. */
export function lastCardCheck(events: readonly CardCheckEvent[] | null | undefined): LastCardCheck | null {
  const e = events?.filter((x) => x.type === 'card_verified').at(-1);
  if (!e) return null;
  const match = e.data.match === true;
  const blocking = !match && (e.data.verdict !== 'genuine' || e.data.assignedToThisOrder !== true || e.data.qualifiedForCategory === false);
  return { match, blocking, verdict: String(e.data.verdict), at: new Date(e.at).toISOString() };
}

export const CARD_CHECK_FAILED_TEXT = '最近一次核验工作证未通过。请先重新扫码核验本单工程师，核验通过后再确认报价。';
export const CARD_CHECK_OUTSIDE_WINDOW_TEXT = '最近一次核验：工作证真实，是本单工程师，但不在预约的上门时间内。如有疑问，可先联系网点。';

/** Why the customer may not confirm a quote now (409 card_check_failed), or null when they may. */
export function quoteConfirmationError(events: readonly CardCheckEvent[] | null | undefined): { id: 'card_check_failed'; message: string } | null {
  return lastCardCheck(events)?.blocking ? { id: 'card_check_failed', message: CARD_CHECK_FAILED_TEXT } : null;
}

/** What the customer's confirmation sheet says about the latest card check: a block, a note, or nothing. */
export function cardCheckNotice(events: readonly CardCheckEvent[] | null | undefined): { blocking: boolean; text: string } | null {
  const last = lastCardCheck(events);
  if (!last || last.match) return null;
  return last.blocking ? { blocking: true, text: CARD_CHECK_FAILED_TEXT } : { blocking: false, text: CARD_CHECK_OUTSIDE_WINDOW_TEXT };
}
