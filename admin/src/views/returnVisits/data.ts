import { ReturnVisitOutcomeBody, type ReturnVisitView } from '@fangxin/shared';
import type { FormRules } from 'element-plus';
import { i18n } from '@/locales';
import { zodRule } from '@/utils/zodRules';

/** The three views of the task list: what is mine, what is late, everything. */
export const VIEWS = ['mine', 'overdue', 'all'] as const;
export type TaskView = (typeof VIEWS)[number];

export function viewQuery(view: TaskView): { mine?: 'true'; overdue?: 'true'; status?: 'open' } {
  if (view === 'mine') return { mine: 'true', status: 'open' };
  if (view === 'overdue') return { overdue: 'true' };
  return {};
}

export interface OutcomeForm {
  reached: boolean | undefined;
  satisfied: boolean | undefined;
  notes: string;
}

export function outcomeBody(form: OutcomeForm): ReturnVisitOutcomeBody {
  return {
    reached: form.reached === true,
    ...(form.reached ? { satisfied: form.satisfied ?? null } : {}),
    notes: form.notes.trim(),
  };
}

/** The notes rule is the shared schema's; "satisfied" is required exactly when the customer was reached (as on the server). */
export function outcomeRules(t: (key: string) => string, form: OutcomeForm): FormRules<OutcomeForm> {
  const choose = (field: string) => i18n.global.t('validation.choose', { field });
  return {
    reached: [{ trigger: 'change', validator: (_r, v, cb) => (v === undefined ? cb(new Error(choose(t('returnVisits.reached')))) : cb()) }],
    satisfied: [
      {
        trigger: 'change',
        validator: (_r, v, cb) => (form.reached && v === undefined ? cb(new Error(choose(t('returnVisits.satisfied')))) : cb()),
      },
    ],
    notes: [zodRule(ReturnVisitOutcomeBody, 'notes', t('returnVisits.notes'))],
  };
}

export function outcomeText(visit: ReturnVisitView, t: (key: string) => string): string {
  if (!visit.outcome) return '—';
  if (!visit.outcome.reached) return t('returnVisits.notReached');
  return visit.outcome.satisfied ? t('returnVisits.satisfiedYes') : t('returnVisits.satisfiedNo');
}
