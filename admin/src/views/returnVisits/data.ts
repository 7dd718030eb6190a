import { RETURN_VISIT_REASONS, ReturnVisitOutcomeBody, type ReturnVisitView } from '@fangxin/shared';
import type { FormRules } from 'element-plus';
import { recordReturnVisitOutcome } from '@/api/returnVisits';
import { outletColumn, type Column, type FilterField } from '@/composables/useResourceList';
import type { SchemaFormConfig } from '@/composables/useSchemaForm';
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

/** Records a return call: reached or not, satisfied or not (asked only when reached), and what was said. */
export function outcomeDialog(visit: ReturnVisitView | null): SchemaFormConfig<OutcomeForm, ReturnVisitView> {
  const yesNo = (t: (key: string) => string, yes: string, no: string) => [
    { value: true, label: t(yes) },
    { value: false, label: t(no) },
  ];
  return {
    title: (t) => t('returnVisits.recordTitle', { no: visit?.orderNo ?? '' }),
    labelPosition: 'top',
    // Wide enough for the order beside the call: contact, survey, quote and timeline (OrderContext).
    width: 'min(720px, 94vw)',
    submitText: 'returnVisits.record',
    initial: () => ({ reached: undefined, satisfied: undefined, notes: '' }),
    // "Satisfied" is asked again whenever "reached" is answered anew.
    onChange: (form) => {
      if (form && !form.reached) form.satisfied = undefined;
    },
    rules: (form, t) => outcomeRules(t, form),
    fields: [
      { prop: 'reached', label: 'returnVisits.reached', widget: 'radio', options: ({ t }) => yesNo(t, 'common.yes', 'common.no') },
      { prop: 'satisfied', label: 'returnVisits.satisfied', widget: 'radio', show: (form) => form.reached === true, options: ({ t }) => yesNo(t, 'returnVisits.satisfiedYes', 'returnVisits.satisfiedNo') },
      {
        prop: 'notes',
        label: 'returnVisits.notes',
        widget: 'textarea',
        attrs: (_form, { t }) => ({ rows: 4, maxlength: 1000, showWordLimit: true, placeholder: t('returnVisits.notesPlaceholder') }),
      },
    ],
    submit: (form) => (visit ? recordReturnVisitOutcome(visit.id, outcomeBody(form)) : Promise.resolve(null)),
    success: () => i18n.global.t('returnVisits.recorded'),
  };
}

export function outcomeText(visit: ReturnVisitView, t: (key: string) => string): string {
  if (!visit.outcome) return '—';
  if (!visit.outcome.reached) return t('returnVisits.notReached');
  return visit.outcome.satisfied ? t('returnVisits.satisfiedYes') : t('returnVisits.satisfiedNo');
}

// ---- The list ----------------------------------------------------------------------------------------------------

/** The view (mine, overdue, all) is the list's `filter-view` slot; the status filter only applies to "all". */
export function visitFilters(showStatus: () => boolean): FilterField[] {
  return [
    { key: 'view', label: 'returnVisits.view', widget: 'slot' },
    { key: 'status', label: 'returnVisits.status', widget: 'select', width: '120px', show: showStatus, options: ({ t }) => (['open', 'done'] as const).map((s) => ({ value: s, label: t(`returnVisits.statuses.${s}`) })) },
    { key: 'reason', label: 'returnVisits.reason', widget: 'select', width: '160px', options: ({ t }) => RETURN_VISIT_REASONS.map((r) => ({ value: r, label: t(`returnVisits.reasons.${r}`) })) },
  ];
}

export const visitColumns: Column<ReturnVisitView>[] = [
  { key: 'orderNo', label: 'orders.orderNo', minWidth: 160 },
  { key: 'reason', label: 'returnVisits.reason', width: 160, text: (row) => i18n.global.t(`returnVisits.reasons.${row.reason}`, row.reasonLabel) },
  outletColumn('orders.outlet', 130),
  { key: 'assignee', label: 'returnVisits.assignee', width: 110, text: (row, { t }) => row.assignee?.name ?? t('returnVisits.unassigned') },
  { key: 'due', label: 'returnVisits.due', width: 180 },
  {
    key: 'status',
    label: 'returnVisits.status',
    width: 90,
    tag: (row, { t }) => ({
      type: row.status === 'done' ? 'success' : row.overdue ? 'danger' : 'warning',
      text: row.overdue ? t('common.overdue') : t(`returnVisits.statuses.${row.status}`),
    }),
  },
  { key: 'outcome', label: 'returnVisits.outcome', minWidth: 200 },
  { key: 'actions', label: 'common.actions', width: 160, fixed: 'right' },
];
