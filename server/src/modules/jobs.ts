import type { AppDeps } from '../app';
import type { Job } from '../lib/jobs';
import { autoCloseCompleted } from './orders/field';

/** Every background job, in one list. */
export function backgroundJobs(deps: AppDeps): Job[] {
  return [
    {
      name: 'orders.auto_close',
      everyMs: 5 * 60_000,
      run: async () => ({ closed: await autoCloseCompleted(deps.clock, deps.config.AUTO_CLOSE_HOURS) }),
    },
  ];
}
