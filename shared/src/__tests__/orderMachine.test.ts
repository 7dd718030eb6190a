import { describe, expect, it } from 'vitest';
import { ORDER_ACTIONS, ORDER_STATUSES, ORDER_TRANSITIONS, canTransition, legalActions, type OrderStatus } from '../domain/orderMachine';
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

  it('gives no one any action on a closed or cancelled order', () => {
    for (const status of ['closed', 'cancelled'] as const) {
      for (const actor of ['customer', 'engineer', 'outlet_manager', 'platform_admin', 'system'] as const) {
        expect(legalActions(status, actor)).toEqual([]);
      }
    }
  });

  it('never lets a customer act as an engineer or the system', () => {
    for (const status of ORDER_STATUSES) {
      const customer = legalActions(status, 'customer');
      expect(customer.every((a) => ['confirm_quote', 'reject_quote', 'accept_work', 'cancel'].includes(a))).toBe(true);
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
