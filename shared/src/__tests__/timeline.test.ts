import { describe, expect, it } from 'vitest';
import { TIMELINE_EVENT_LABELS, TIMELINE_EVENT_LABELS_EN, TIMELINE_EVENT_TYPES, timelineEventLabel } from '../domain/timeline';
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
