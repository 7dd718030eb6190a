import { describe, expect, it } from 'vitest';
import { ORDER_ACTIONS, ORDER_STATUSES, ORDER_TRANSITIONS, canTransition, legalActions, statusAfter, type OrderStatus } from '../domain/orderMachine';
import { addDays, shanghaiDay, slotBounds } from '../domain/slots';

describe('order state machine', () => {
  it('follows the documented lifecycle for the happy path', () => {
    const path: Array<[string, OrderStatus, string]> = [
      ['dispatch', 'pending', 'outlet_manager'],
      ['accept', 'dispatched', 'engineer'],
      ['depart', 'accepted', 'engineer'],
      ['check_in', 'on_the_way', 'engineer'],
      ['quote', 'arrived', 'engineer'],
      ['confirm_quote', 'quoted', 'customer'],
      ['start', 'quoted', 'engineer'],
      ['wait_for_parts', 'in_service', 'engineer'],
      ['resume', 'awaiting_parts', 'engineer'],
      ['complete', 'in_service', 'engineer'],
      ['accept_work', 'completed', 'customer'],
    ];
    for (const [action, from, actor] of path) {
      expect(canTransition(action as never, from, actor as never), `${action} from ${from} by ${actor}`).toBe(true);
    }
    expect(ORDER_TRANSITIONS.accept_work.to).toBe('closed');
  });

  it('allows cancelling only before service starts', () => {
    const allowed = ORDER_STATUSES.filter((s) => canTransition('cancel', s, 'customer'));
    expect(allowed).toEqual(['pending', 'dispatched', 'accepted', 'on_the_way', 'arrived', 'quoted']);
  });

  it('returns a declined dispatch to pending', () => {
    expect(ORDER_TRANSITIONS.decline).toMatchObject({ from: ['dispatched'], to: 'pending' });
  });

  it('gives no one any action on a cancelled order, and on a closed one only the customer’s second visit and rating', () => {
    for (const actor of ['customer', 'engineer', 'outlet_manager', 'platform_admin', 'system'] as const) {
      expect(legalActions('cancelled', actor)).toEqual([]);
      expect(legalActions('closed', actor)).toEqual(actor === 'customer' ? ['request_rework', 'rate_service'] : []);
    }
  });

  it('has rescheduling, the service code and the second visit as actions that keep the status', () => {
    // Before the engineer sets off the booking may move; staff too, never the engineer.
    expect(ORDER_STATUSES.filter((s) => canTransition('reschedule', s, 'customer'))).toEqual(['pending', 'dispatched', 'accepted']);
    expect(canTransition('reschedule', 'accepted', 'outlet_manager')).toBe(true);
    expect(canTransition('reschedule', 'on_the_way', 'customer')).toBe(false);
    expect(canTransition('reschedule', 'accepted', 'engineer')).toBe(false);
    // The service code: accepted and on the way, the customer only (S4).
    expect(ORDER_STATUSES.filter((s) => canTransition('show_service_code', s, 'customer'))).toEqual(['accepted', 'on_the_way']);
    expect(canTransition('show_service_code', 'accepted', 'engineer')).toBe(false);
    // The second visit: once the work is done (S8).
    expect(ORDER_STATUSES.filter((s) => canTransition('request_rework', s, 'customer'))).toEqual(['completed', 'closed']);
    for (const action of ['reschedule', 'show_service_code', 'request_rework'] as const) {
      expect(statusAfter(action, 'accepted')).toBe('accepted');
    }
    expect(statusAfter('depart', 'accepted')).toBe('on_the_way');
  });

  it('never lets a customer act as an engineer or the system', () => {
    for (const status of ORDER_STATUSES) {
      const customer = legalActions(status, 'customer');
      expect(
        customer.every((a) =>
          ['confirm_quote', 'reject_quote', 'accept_work', 'cancel', 'reschedule', 'show_service_code', 'request_rework', 'rate_service', 'answer_door', 'rebook_after_no_show', 'propose_reschedule', 'accept_reschedule', 'decline_reschedule'].includes(a),
        ),
      ).toBe(true);
    }
    expect(ORDER_ACTIONS.filter((a) => (ORDER_TRANSITIONS[a].by as readonly string[]).includes('system'))).toEqual(['dispatch', 'auto_close']);
  });
});

describe('slots', () => {
  it('computes windows in Asia/Shanghai (UTC+8)', () => {
    const { startAt, endAt } = slotBounds('2026-11-25', '09-11');
    expect(startAt.toISOString()).toBe('2026-11-25T01:00:00.000Z');
    expect(endAt.toISOString()).toBe('2026-11-25T03:00:00.000Z');
  });
  it('names the Shanghai day of an instant and adds days across months', () => {
    expect(shanghaiDay(new Date('2026-11-24T16:30:00Z'))).toBe('2026-11-25');
    expect(shanghaiDay(new Date('2026-11-24T15:59:59Z'))).toBe('2026-11-24');
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
