import {
  COMPLAINT_CATEGORY_CODES,
  COMPLAINT_LIMITS,
  COMPLAINT_STATUSES,
  type ComplaintSummary,
  ComplaintNoteBody,
  ResolveComplaintBody,
  type ComplaintAction,
  type ComplaintStatus,
  type ComplaintView,
} from '@fangxin/shared';
import type { FormItemRule, FormRules } from 'element-plus';
import { outletColumn, type Column, type FilterField } from '@/composables/useResourceList';
import { formatDateTime, yuanToFen } from '@/utils/format';
import { describeIssue, zodFieldValidator, zodRule } from '@/utils/zodRules';

/** The actions outlet staff take; the customer's (accept, reopen) never show here even if the server listed them. */
export const STAFF_COMPLAINT_ACTIONS = ['acknowledge', 'investigate', 'resolve'] as const satisfies readonly ComplaintAction[];
export type StaffComplaintAction = (typeof STAFF_COMPLAINT_ACTIONS)[number];

export function staffActions(actions: readonly ComplaintAction[]): StaffComplaintAction[] {
  return STAFF_COMPLAINT_ACTIONS.filter((a) => actions.includes(a));
}

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

export function complaintStatusTag(status: ComplaintStatus): TagType {
  switch (status) {
    case 'submitted':
    case 'reopened':
      return 'danger';
    case 'acknowledged':
    case 'investigating':
      return 'warning';
    case 'resolved':
      return 'primary';
    default:
      return 'success';
  }
}

export type DeadlineView = ComplaintView['deadlines'][number];

/** Met in time, met late, open and at risk, open and overdue, or simply running. */
export function deadlineState(d: DeadlineView): 'met' | 'missed' | 'breached' | 'at_risk' | 'open' {
  if (d.metAt) return d.met ? 'met' : 'missed';
  if (d.breached) return 'breached';
  if (d.atRisk) return 'at_risk';
  return 'open';
}

export interface ResolveForm {
  resolution: string;
  compensationYuan: number | null;
}

export function resolveBody(form: ResolveForm): ResolveComplaintBody {
  return {
    resolution: form.resolution.trim(),
    ...(form.compensationYuan ? { compensationFen: yuanToFen(form.compensationYuan) } : {}),
  };
}

export function resolveRules(t: (key: string) => string): FormRules<ResolveForm> {
  const label = t('complaints.compensation');
  const compensation: FormItemRule = {
    trigger: 'change',
    validator: zodFieldValidator(
      { safeParse: (v: unknown) => (v === null || v === undefined ? { success: true } : ResolveComplaintBody.shape.compensationFen.safeParse(yuanToFen(Number(v)))) },
      (issue) => describeIssue(issue, label),
    ),
  };
  return {
    resolution: [zodRule(ResolveComplaintBody, 'resolution', t('complaints.resolution'))],
    compensationYuan: [compensation],
  };
}

export const noteRule = (label: string) => zodRule(ComplaintNoteBody, 'text', label);
export const COMPENSATION_MAX_YUAN = COMPLAINT_LIMITS.compensationMaxFen / 100;

// ---- The list ----------------------------------------------------------------------------------------------------

export const complaintFilters: FilterField[] = [
  { key: 'status', label: 'complaints.status', widget: 'select', width: '190px', options: ({ label }) => COMPLAINT_STATUSES.map((s) => ({ value: s, label: label('complaintStatus', s) })) },
  { key: 'category', label: 'complaints.category', widget: 'select', width: '140px', options: ({ label }) => COMPLAINT_CATEGORY_CODES.map((c) => ({ value: c, label: label('complaintCategory', c) })) },
  { key: 'from', to: 'to', label: 'complaints.filedAt', widget: 'daterange' },
  { key: 'overdue', label: 'complaints.overdueOnly', widget: 'switch' },
];

/** The order number, the next deadline and the actions are the list's slots. */
export const complaintColumns: Column<ComplaintSummary>[] = [
  { key: 'orderNo', label: 'complaints.orderNo', minWidth: 160 },
  { key: 'status', label: 'complaints.status', width: 170, tag: (row, { label }) => ({ type: complaintStatusTag(row.status), text: label('complaintStatus', row.status) }) },
  { key: 'category', label: 'complaints.category', width: 100, text: (row, { label }) => label('complaintCategory', row.category) },
  { key: 'excerpt', label: 'complaints.excerpt', prop: 'excerpt', minWidth: 220, overflow: true },
  outletColumn('orders.outlet', 130),
  { key: 'filedAt', label: 'complaints.filedAt', width: 160, text: (row) => formatDateTime(row.filedAt) },
  { key: 'nextDue', label: 'complaints.nextDue', width: 180 },
  { key: 'actions', label: 'common.actions', width: 90, fixed: 'right' },
];
