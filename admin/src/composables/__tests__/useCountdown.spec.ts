import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick } from 'vue';
import { useCountdown } from '@/composables/useCountdown';
import { nowClockState, useNow } from '@/composables/useNow';

describe('useNow: one shared clock', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-24T08:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('runs one interval for any number of users and stops when the last one leaves', () => {
    const scopes = [effectScope(), effectScope(), effectScope()];
    const clocks = scopes.map((s) => s.run(() => useNow())!);
    expect(nowClockState()).toEqual({ users: 3, running: true });
    expect(vi.getTimerCount()).toBe(1);

    vi.advanceTimersByTime(3000);
    expect(clocks.every((c) => c.value === Date.parse('2026-11-24T08:00:03Z'))).toBe(true);

    scopes.forEach((s) => s.stop());
    expect(nowClockState()).toEqual({ users: 0, running: false });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('useCountdown', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-24T08:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  function countdown(...args: Parameters<typeof useCountdown>) {
    const scope = effectScope();
    const result = scope.run(() => useCountdown(...args))!;
    return { ...result, stop: () => scope.stop() };
  }

  it('counts down live and turns overdue once the deadline passes', async () => {
    const c = countdown('2026-11-24T08:00:02Z');
    expect(c.text.value).toBe('00:00:02');
    expect(c.level.value).toBe('ok');
    vi.advanceTimersByTime(3000);
    await nextTick();
    expect(c.remainingMs.value).toBe(-1000);
    expect(c.level.value).toBe('overdue');
    expect(c.text.value).toBe('00:00:01');
    c.stop();
  });

  it('warns once the at-risk share of the time is used, or when the server says so', () => {
    const byRatio = countdown('2026-11-24T10:00:00Z', { startAt: '2026-11-24T00:00:00Z', riskRatio: 0.8 });
    expect(byRatio.level.value).toBe('warning'); // 8 of 10 hours used
    const early = countdown('2026-11-24T10:00:00Z', { startAt: '2026-11-24T07:00:00Z', riskRatio: 0.8 });
    expect(early.level.value).toBe('ok');
    const flagged = countdown('2026-11-25T08:00:00Z', { atRisk: true });
    expect(flagged.level.value).toBe('warning');
    [byRatio, early, flagged].forEach((c) => c.stop());
  });

  it('has nothing to show without a due time', () => {
    const c = countdown(null);
    expect(c.level.value).toBe('none');
    expect(c.text.value).toBe('');
    c.stop();
  });
});
