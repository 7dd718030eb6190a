import { describe, expect, it } from 'vitest';
import { bookingPromise, complaintPromise, DEFAULT_SETTINGS, homePromises, orderDeadlines, promiseSentences, respondDeadlineLabel } from '../index';

describe('the published promises (issue 19, part 5)', () => {
  it('say the configured numbers', () => {
    expect(homePromises({ respondHours: 24 })[2]).toEqual({ title: '24小时响应', detail: '下单后 24 小时内接单联系' });
    expect(homePromises({ respondHours: 12 })[2]).toEqual({ title: '12小时响应', detail: '下单后 12 小时内接单联系' });
    expect(homePromises({ respondHours: 48 })[2]!.title).toBe('2天响应');
    expect(bookingPromise({ respondHours: 6 })).toContain('提交后 6 小时内工程师接单联系');
    expect(complaintPromise({ complaintAckHours: 12, complaintResolveHours: 72 })).toContain('12 小时内受理、3 天内给出处理结果');
    expect(promiseSentences(DEFAULT_SETTINGS)).toHaveLength(5);
  });

  it('label an order’s respond deadline with the hours it was promised at booking', () => {
    const created = new Date('2026-12-07T02:00:00Z');
    const sla = { respondDueAt: new Date(created.getTime() + 12 * 3600_000), arriveDueAt: new Date('2026-12-08T08:00:00Z') };
    const [respond] = orderDeadlines({ status: 'pending', sla, times: {}, timeline: [{ type: 'created', at: created }] }, created);
    expect(respond!.label).toBe(respondDeadlineLabel(12));
    expect(respond!.label).toBe('12 小时内接单响应');
    // Without the order's timeline: the clock's name, no number.
    expect(orderDeadlines({ status: 'pending', sla, times: {} }, created)[0]!.label).toBe('按时接单响应');
  });
});
