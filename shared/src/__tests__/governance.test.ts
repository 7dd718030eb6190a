import { describe, expect, it } from 'vitest';
import {
  BOTTOM_MIN_CLOSED,
  bottomOutletIds,
  CreateSanctionBody,
  exemplarIds,
  monthPeriod,
  monthPublishError,
  previousMonth,
  rectificationActions,
  rectificationIsOverdue,
  rectificationTransitionError,
  rankByScore,
} from '../index';

/** Outlets with these scores, each on `closed` closed orders, ranked as the platform ranks them. */
const ranked = (scores: Array<number | null>, closed = 10) =>
  rankByScore(
    scores.map((score, i) => ({ id: `o${i}`, score, closed })),
    (i) => i.id,
  );

describe('bottomOutletIds (issue 19: the bottom five means what it says)', () => {
  it('never names the best outlet: one outlet, or two, or all tied', () => {
    expect(bottomOutletIds(ranked([90]))).toEqual(new Set());
    expect([...bottomOutletIds(ranked([90, 40]))]).toEqual(['o1']);
    expect(bottomOutletIds(ranked([80, 80, 80, 80]))).toEqual(new Set());
  });

  it('names at most half of the ranked outlets, and at most five', () => {
    expect([...bottomOutletIds(ranked([90, 70, 50]))]).toEqual(['o2']);
    expect([...bottomOutletIds(ranked([90, 80, 70, 60, 50, 40, 30]))].sort()).toEqual(['o4', 'o5', 'o6']);
    expect(bottomOutletIds(ranked([99, 95, 90, 85, 80, 75, 70, 65, 60, 55, 50, 45])).size).toBe(5);
  });

  it('ranks only outlets with enough closed orders; unscored outlets are never named', () => {
    const items = rankByScore(
      [
        { id: 'a', score: 90, closed: 10 },
        { id: 'b', score: 70, closed: 10 },
        { id: 'few', score: 10, closed: BOTTOM_MIN_CLOSED - 1 },
        { id: 'none', score: null, closed: 0 },
      ],
      (i) => i.id,
    );
    expect([...bottomOutletIds(items)]).toEqual(['b']);
  });
});

describe('exemplarIds', () => {
  it('names the top three engineers with enough closed orders, ties at the cut included', () => {
    const items = rankByScore(
      [
        { id: 'e1', score: 95, closed: 8 },
        { id: 'e2', score: 99, closed: 2 },
        { id: 'e3', score: 90, closed: 6 },
        { id: 'e4', score: 88, closed: 6 },
        { id: 'e5', score: 88, closed: 9 },
        { id: 'e6', score: 80, closed: 9 },
      ],
      (i) => i.id,
    );
    expect([...exemplarIds(items)].sort()).toEqual(['e1', 'e3', 'e4', 'e5']);
  });
});

describe('months', () => {
  it('has periods, the month before, and publishes only ended months (Asia/Shanghai)', () => {
    expect(monthPeriod('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28', days: 28 });
    expect(monthPeriod('2028-02').to).toBe('2028-02-29');
    expect(previousMonth('2026-01')).toBe('2025-12');
    // 2026-12-01 00:30 in Shanghai is still 2026-11-30 in UTC: November has ended there.
    expect(monthPublishError('2026-11', new Date('2026-11-30T16:30:00Z'))).toBeNull();
    expect(monthPublishError('2026-11', new Date('2026-11-30T15:30:00Z'))).toContain('还没有结束');
  });
});

describe('the rectification machine', () => {
  it('lets the manager submit, the platform admin accept or return, and the manager resubmit', () => {
    expect(rectificationActions('open', 'outlet_manager')).toEqual(['submit']);
    expect(rectificationActions('submitted', 'platform_admin')).toEqual(['accept', 'return']);
    expect(rectificationActions('returned', 'outlet_manager')).toEqual(['submit']);
    expect(rectificationActions('accepted', 'platform_admin')).toEqual([]);
    expect(rectificationTransitionError('accept', 'submitted', 'outlet_manager')).toBe('forbidden');
    expect(rectificationTransitionError('accept', 'open', 'platform_admin')).toBe('illegal_transition');
  });

  it('is overdue only while a report is owed', () => {
    const now = new Date('2026-12-20T00:00:00Z');
    expect(rectificationIsOverdue({ status: 'open', dueAt: '2026-12-19T00:00:00Z' }, now)).toBe(true);
    expect(rectificationIsOverdue({ status: 'returned', dueAt: '2026-12-19T00:00:00Z' }, now)).toBe(true);
    expect(rectificationIsOverdue({ status: 'submitted', dueAt: '2026-12-19T00:00:00Z' }, now)).toBe(false);
    expect(rectificationIsOverdue({ status: 'open', dueAt: '2026-12-21T00:00:00Z' }, now)).toBe(false);
  });
});

describe('CreateSanctionBody', () => {
  const base = { subjectType: 'engineer', subjectId: 'a'.repeat(24), reason: '上门迟到两小时' } as const;
  it('asks an amount for a fine and none for a warning', () => {
    expect(CreateSanctionBody.safeParse({ ...base, kind: 'warning' }).success).toBe(true);
    expect(CreateSanctionBody.safeParse({ ...base, kind: 'fine', amountFen: 20_000 }).success).toBe(true);
    expect(CreateSanctionBody.safeParse({ ...base, kind: 'fine' }).error?.issues[0]?.path).toEqual(['amountFen']);
    expect(CreateSanctionBody.safeParse({ ...base, kind: 'warning', amountFen: 100 }).error?.issues[0]?.path).toEqual(['amountFen']);
  });
});
