import type { AppDeps } from '../deps';
import type { Job } from '../lib/jobs';
import { autoCloseCompleted } from './orders/field/work';
import { sweepOrderDeadlines } from './orders/sla';
import { sweepNoShowWaits } from './orders/noShow';
import { getSettings } from './settings/service';
import { sweepComplaintDeadlines } from './complaints/sweep';
import { remindUnansweredSurveys } from './surveys/reminders';
import { sampleClosedOrders } from './returnVisits/sampling';
import { rollupDailyStats } from './analytics/rollup';
import { recomputeQualityScores } from './quality/service';
import { tellDueTiers } from './orders/dispatch/offers';
import { escalateUndispatched } from './orders/dispatch/escalation';
import { markOverdueRectifications } from './governance/service';
import { sendMaintenanceReminders } from './maintenance/service';
import { sweepInterruptedDeliveries } from './notifications/delivery';
import { sweepPayments } from './payments/service';

/** Every background job, in one list. `JOBS_EVERY_MS` (tests, demos) replaces every interval with one. */
export function backgroundJobs(deps: AppDeps): Job[] {
  return withInterval(deps.config.JOBS_EVERY_MS, [
    {
      name: 'complaints.deadline_sweep',
      everyMs: 5 * 60_000,
      run: () => sweepComplaintDeadlines(deps.clock),
    },
    {
      // A message attempt cut off mid-send is marked interrupted instead of staying pending for ever.
      name: 'messaging.interrupted_sweep',
      everyMs: 5 * 60_000,
      run: () => sweepInterruptedDeliveries(deps.clock),
    },
    {
      name: 'orders.sla_sweep',
      everyMs: 60_000,
      run: () => sweepOrderDeadlines(deps.clock),
    },
    {
      // Issue 20.1: a wait at the door that ran out unanswered is marked once; the engineer may then end the visit.
      name: 'orders.no_show_waits',
      everyMs: 15_000,
      run: () => sweepNoShowWaits(deps.clock),
    },
    {
      name: 'orders.auto_close',
      everyMs: 5 * 60_000,
      run: async () => ({ closed: await autoCloseCompleted(deps.clock, (await getSettings()).autoCloseHours) }),
    },
    {
      name: 'surveys.remind',
      everyMs: 10 * 60_000,
      run: () => remindUnansweredSurveys(deps.clock),
    },
    {
      name: 'return_visits.sample',
      everyMs: 15 * 60_000,
      run: () => sampleClosedOrders(deps.clock),
    },
    {
      // Daily statistics and the open-order board behind the dashboards (incremental: only what changed).
      name: 'analytics.rollup',
      everyMs: 60_000,
      run: () => rollupDailyStats(deps.clock),
    },
    {
      // Issue 19: each later tier of an open offer is told when its turn comes (exactly once, by compare-and-set).
      name: 'orders.offer_tiers',
      everyMs: 60_000,
      run: () => tellDueTiers(deps.clock),
    },
    {
      // Issue 19: an order left undispatched past `dispatchEscalationMinutes` is escalated and handed on automatically.
      name: 'orders.dispatch_escalation',
      everyMs: 60_000,
      run: () => escalateUndispatched({ clock: deps.clock, offerTierMinutes: deps.config.OFFER_TIER_MINUTES }),
    },
    {
      // S11: brings the statistics up to date, then rescores engineers (dispatch order, offer tiers) and outlets.
      name: 'quality.recompute',
      everyMs: 15 * 60_000,
      run: async () => ({ rollup: await rollupDailyStats(deps.clock), scores: await recomputeQualityScores(deps.clock) }),
    },
    {
      // Issue 19: rectification tasks past their deadline and still owed are marked overdue, once each.
      name: 'governance.overdue',
      everyMs: 15 * 60_000,
      run: () => markOverdueRectifications(deps.clock),
    },
    {
      // Issue 20.3: maintenance reminders that are due go out once per appliance, rule and period (a unique claim).
      name: 'maintenance.reminders',
      everyMs: deps.config.MAINTENANCE_REMINDERS_EVERY_MS,
      run: () => sendMaintenanceReminders(deps.clock),
    },
    {
      // Issue 20.4: open payments asked about (a lost notification still counts), expired ones closed, refunds sent again.
      name: 'payments.sweep',
      everyMs: 30_000,
      run: () => sweepPayments({ clock: deps.clock, wechatPay: deps.wechatPay, logger: deps.logger }),
    },
  ]);
}

function withInterval(everyMs: number | undefined, jobs: Job[]): Job[] {
  return everyMs ? jobs.map((job) => ({ ...job, everyMs })) : jobs;
}
