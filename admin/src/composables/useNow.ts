import { getCurrentScope, onScopeDispose, readonly, ref, type Ref } from 'vue';

/**
 * One shared clock for every countdown on screen: a single interval however many rows tick, started by the first
 * user and stopped when the last one goes away (a table of 100 countdowns must not run 100 timers).
 */
const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | null = null;

function start(intervalMs: number) {
  now.value = Date.now();
  timer = setInterval(() => (now.value = Date.now()), intervalMs);
}

export function useNow(intervalMs = 1000): Readonly<Ref<number>> {
  users += 1;
  if (!timer) start(intervalMs);
  if (getCurrentScope()) {
    onScopeDispose(() => {
      users -= 1;
      if (users === 0 && timer) {
        clearInterval(timer);
        timer = null;
      }
    });
  }
  return readonly(now);
}

/** For tests: how many components hold the clock, and whether it runs. */
export function nowClockState() {
  return { users, running: timer !== null };
}
