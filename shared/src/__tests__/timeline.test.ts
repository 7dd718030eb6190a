import { describe, expect, it } from 'vitest';
import { TIMELINE_EVENT_LABELS, TIMELINE_EVENT_LABELS_EN, TIMELINE_EVENT_TYPES, timelineEventLabel } from '../domain/timeline';
import { timelineEventDetail } from '../domain/timelineDetail';
import { TimelineEventView } from '../schemas/order';

describe('timeline event words', () => {
  it('has Chinese and English words for every event type, none of them a key', () => {
    for (const type of TIMELINE_EVENT_TYPES) {
      expect(TIMELINE_EVENT_LABELS[type], type).toMatch(/[\u4e00-\u9fa5]/);
      expect(TIMELINE_EVENT_LABELS_EN[type], type).toMatch(/^[A-Z][a-z ]+/);
      expect(TIMELINE_EVENT_LABELS_EN[type]).not.toContain('_');
    }
  });

  it('reads an unknown type as a neutral phrase, not as its key', () => {
    expect(timelineEventLabel('some_future_event')).toBe('订单更新');
    expect(timelineEventLabel('some_future_event', TIMELINE_EVENT_LABELS_EN)).toBe('Order updated');
    expect(timelineEventLabel('checked_in')).toBe('工程师到达签到');
  });

  it('is the list the timeline response declares: an event of another type breaks the contract', () => {
    const event = { seq: 1, at: '2026-12-07T01:00:00.000Z', actor: { id: null, role: 'system', name: '系统' }, data: {}, prevHash: 'a', hash: 'b' };
    expect(TimelineEventView.safeParse({ ...event, type: 'checked_in' }).success).toBe(true);
    expect(TimelineEventView.safeParse({ ...event, type: 'step1' }).success).toBe(false);
  });
});

describe('timeline event details', () => {
  it('says what the server recorded in words, never keys or codes', () => {
    expect(timelineEventDetail('created', { slot: '2026-12-14 16-18', outletId: 'x', category: 'air_conditioner', serviceType: 'repair' })).toBe(
      '预约 12月14日 傍晚 16:00-18:00，空调，维修',
    );
    expect(timelineEventDetail('dispatched', { engineerId: 'e1', engineerName: '陈建国', rank: 1 })).toBe('工程师：陈建国');
    expect(timelineEventDetail('rescheduled', { from: '2026-12-14 16-18', to: '2026-12-15 09-11' })).toBe('改到 12月15日 上午 09:00-11:00');
    expect(timelineEventDetail('checked_in', { late: true, lateMinutes: 12 })).toBe('迟到 12 分钟');
    expect(timelineEventDetail('quoted', { quoteNo: 2, totalFen: 29500, items: 3, offCatalogue: 1 })).toBe('第 2 次报价，合计 ¥295.00，1 项价目表外');
    expect(timelineEventDetail('payment_recorded', { method: 'transfer', amountFen: 29500, receiptNo: 'R-1' })).toBe('收款 ¥295.00，银行转账，收据号 R-1');
    expect(timelineEventDetail('card_verified', { verdict: 'genuine', match: false, assignedToThisOrder: false, inTimeWindow: true })).toMatch(/^核验结果：.+，非本单工程师$/);
    expect(timelineEventDetail('sla_breached', { clock: 'arrive', dueAt: '2026-12-14T10:00:00.000Z' })).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('adds nothing when there is nothing to say, and survives data it does not expect', () => {
    expect(timelineEventDetail('started', {})).toBeNull();
    expect(timelineEventDetail('survey_submitted', { redacted: true })).toBeNull();
    expect(timelineEventDetail('some_future_event', { a: 1 })).toBeNull();
    expect(timelineEventDetail('created', { slot: 42 })).toBeNull();
  });

  it('shows no key, id or code of any known event, whatever the event recorded', () => {
    const data = { slot: '2026-12-14 16-18', category: 'tv', serviceType: 'install', engineerName: '王', engineers: 3, to: '2026-12-15 09-11', late: false, verdict: 'revoked', quoteNo: 1, totalFen: 100, offCatalogue: 0, amountFen: 100, method: 'cash', receiptNo: 'R', reason: '客户不在家', pausedMinutes: 5, photos: 2, afterHours: 72, clock: 'respond', category2: 'x', compensationFen: 500, overall: 4, reached: true, satisfied: true, engineer: 'same', warrantyDays: 90 };
    for (const type of TIMELINE_EVENT_TYPES) {
      const line = timelineEventDetail(type, data);
      if (line) expect(line, type).not.toMatch(/[a-z]+_[a-z]+|[A-Za-z]+Id\b|air_conditioner|install|respond|revoked|cash/);
    }
  });
});
