import { describe, expect, it } from 'vitest';
import {
  compareOutlets,
  DISPATCH_MODES,
  DISPATCH_MODE_LABELS,
  dispatchModeLabel,
  ESCALATION_OUTCOME_LABELS,
  ESCALATION_OUTCOMES,
  escalationDueAt,
  escalationText,
  offerTierSize,
  rankOutletOptions,
  ROUTING_REASON_LABELS,
  ROUTING_REASONS,
  routingDecision,
  routingReasonText,
  type OutletOption,
} from '../domain/routing';
import { timelineEventDetail } from '../domain/timelineDetail';

const o = (id: string, score: number | null, remaining: number, code = id.toUpperCase()): OutletOption => ({ id, code, name: `网点${id}`, score, remaining });

describe('the routing rule', () => {
  it('puts outlets with room first, then higher score, then more places left, then code', () => {
    const ranked = rankOutletOptions([o('a', 80, 2), o('b', 92, 1), o('c', 92, 3), o('d', 99, 0), o('e', 80, 2, '0E')]);
    expect(ranked.map((x) => x.id)).toEqual(['c', 'b', 'e', 'a', 'd']);
  });

  it('ranks an outlet without a score after every scored one, whatever its room; unscored ones by places left', () => {
    expect(rankOutletOptions([o('new', null, 9), o('old', 40, 1)]).map((x) => x.id)).toEqual(['old', 'new']);
    expect(rankOutletOptions([o('n1', null, 1), o('n2', null, 4)]).map((x) => x.id)).toEqual(['n2', 'n1']);
    expect(compareOutlets(o('x', null, 0), o('y', null, 0))).toBeLessThan(0);
  });

  it('states the reason for the choice', () => {
    expect(routingDecision([o('a', 70, 3)], 'a').reason).toBe('only_outlet');
    expect(routingDecision([o('a', 70, 3), o('b', 90, 0)], 'a').reason).toBe('only_capacity');
    expect(routingDecision([o('a', 70, 3), o('b', 90, 1)], 'b')).toMatchObject({ reason: 'best_score', score: 90, remaining: 1 });
    expect(routingDecision([o('a', 90, 3), o('b', 90, 1)], 'a').reason).toBe('tie_capacity');
    expect(routingDecision([o('a', 90, 2), o('b', 90, 2)], 'a').reason).toBe('tie_code');
    expect(routingDecision([o('a', null, 3), o('b', null, 1)], 'a').reason).toBe('unscored');
    // The best one filled up while booking: the next one took it.
    expect(routingDecision([o('a', 70, 3), o('b', 90, 1)], 'a').reason).toBe('fallback_full');
  });

  it('lists every covering outlet as ranked, and refuses an outlet that was not an option', () => {
    const d = routingDecision([o('a', 70, 3), o('b', 90, 1), o('c', null, 5)], 'b');
    expect(d.alternatives.map((a) => [a.outletId, a.rank])).toEqual([['b', 1], ['a', 2], ['c', 3]]);
    expect(() => routingDecision([o('a', 70, 3)], 'z')).toThrow();
  });
});

describe('words', () => {
  it('every reason, mode and outcome has Chinese and English words, never a key', () => {
    for (const r of ROUTING_REASONS) {
      expect(ROUTING_REASON_LABELS[r].zh).toMatch(/[\u4e00-\u9fa5]/);
      expect(routingReasonText(r, 'en')).not.toContain('_');
    }
    for (const m of DISPATCH_MODES) expect(DISPATCH_MODE_LABELS[m].hintZh).toMatch(/[\u4e00-\u9fa5]/);
    for (const e of ESCALATION_OUTCOMES) expect(ESCALATION_OUTCOME_LABELS[e].en).not.toContain('_');
    expect(routingReasonText('someday_new')).toBe('按分配规则选择');
    expect(dispatchModeLabel('auto', 'en')).toBe('Automatic dispatch');
  });

  it('describes an escalation and an automatic dispatch on the timeline', () => {
    expect(escalationText(30)).toBe('超过 30 分钟未派单，已通知网点经理和平台');
    expect(timelineEventDetail('escalated', { afterMinutes: 120 }, 'en')).toContain('120 minutes');
    expect(timelineEventDetail('dispatched', { engineerName: '陈建国', auto: true })).toBe('工程师：陈建国，系统按质量分自动派单');
  });
});

describe('tiers and escalation time', () => {
  it('offers in thirds, at least one engineer a tier', () => {
    expect([1, 2, 3, 4, 7].map(offerTierSize)).toEqual([1, 1, 1, 2, 3]);
  });
  it('escalates the set minutes after the order started waiting', () => {
    expect(escalationDueAt(new Date('2026-12-07T01:00:00Z'), 120).toISOString()).toBe('2026-12-07T03:00:00.000Z');
  });
});
