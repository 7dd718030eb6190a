import type { AppDeps } from '../app';
import type { Job } from '../lib/jobs';
import { autoCloseCompleted } from './orders/field';
import { sweepOrderDeadlines } from './orders/sla';
import { getSettings } from './settings/service';

/** Every background job, in one list. */
export function backgroundJobs(deps: AppDeps): Job[] {
  return [
    {
      name: 'orders.sla_sweep',
      everyMs: 60_000,
      run: () => sweepOrderDeadlines(deps.clock),
    },
    {
      name: 'orders.auto_close',
      everyMs: 5 * 60_000,
      run: async () => ({ closed: await autoCloseCompleted(deps.clock, (await getSettings()).autoCloseHours) }),
    },
  ];
}
