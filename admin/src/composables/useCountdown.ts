import { computed, toValue, type MaybeRefOrGetter } from 'vue';
import { formatClock } from '@/utils/format';
import { useNow } from './useNow';

export type CountdownLevel = 'ok' | 'warning' | 'overdue' | 'none';

export interface CountdownOptions {
  /** When the clock started, to tell "at risk" (more than `riskRatio` of the time used) from merely running. */
  startAt?: MaybeRefOrGetter<string | Date | null | undefined>;
  /** Share of the time after which it shows as a warning (the platform's at-risk ratio). */
  riskRatio?: MaybeRefOrGetter<number | undefined>;
  /** Shown as a warning regardless of the ratio (the server already flagged it at risk). */
  atRisk?: MaybeRefOrGetter<boolean | undefined>;
}

/**
 * A live countdown to `dueAt`: milliseconds left (negative once overdue), a clock text, and a level for the colour.
 * Reads the shared clock, so it re-renders once a second without a timer of its own.
 */
export function useCountdown(dueAt: MaybeRefOrGetter<string | Date | null | undefined>, options: CountdownOptions = {}) {
  const now = useNow();
  const due = computed(() => {
    const value = toValue(dueAt);
    const time = value ? new Date(value).getTime() : NaN;
    return Number.isNaN(time) ? null : time;
  });
  const remainingMs = computed(() => (due.value === null ? null : due.value - now.value));
  const level = computed<CountdownLevel>(() => {
    if (remainingMs.value === null || due.value === null) return 'none';
    if (remainingMs.value < 0) return 'overdue';
    if (toValue(options.atRisk)) return 'warning';
    const start = toValue(options.startAt);
    const ratio = toValue(options.riskRatio);
    if (start && ratio !== undefined) {
      const begin = new Date(start).getTime();
      const span = due.value - begin;
      if (span > 0 && (now.value - begin) / span >= ratio) return 'warning';
    }
    return 'ok';
  });
  const text = computed(() => (remainingMs.value === null ? '' : formatClock(remainingMs.value)));
  return { remainingMs, level, text };
}
