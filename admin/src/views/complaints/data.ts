import {
  COMPLAINT_CATEGORY_CODES,
  COMPLAINT_LIMITS,
  COMPLAINT_STATUSES,
  type ComplaintSummary,
  ComplaintNoteBody,
  RejectCompensationBody,
  ResolveComplaintBody,
  type ComplaintAction,
  type ComplaintStatus,
  type ComplaintView,
} from '@fangxin/shared';
import type { FormItemRule, FormRules } from 'element-plus';
import { outletColumn, type Column, type FilterField } from '@/composables/useResourceList';
import { formatDateTime, yuanToFen } from '@/utils/format';
import { describeIssue, zodFieldValidator, zodRule } from '@/utils/zodRules';

/**
 * The actions staff take (approve and reject_compensation only reach platform admins: the server lists them by role);
 * the customer's (accept, reopen) never show here even if the server listed them.
 */
export const STAFF_COMPLAINT_ACTIONS = ['acknowledge', 'investigate', 'resolve', 'approve', 'reject_compensation'] as const satisfies readonly ComplaintAction[];
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
    case 'awaiting_approval':
      return 'danger';
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

/** The reason a platform admin gives for rejecting a compensation, checked by the shared rule. */
export function rejectReasonError(reason: string): string | null {
  const parsed = RejectCompensationBody.safeParse({ reason });
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? null);
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const PLACES = ['', '拾', '佰', '仟'];
const SECTIONS = ['', '万', '亿'];

/** 1 ≤ n ≤ 9999 in capital numerals, a zero kept between non-zero digits (1005 → 壹仟零伍). */
function sectionWords(n: number): string {
  let out = '';
  let zero = false;
  for (let i = 3; i >= 0; i--) {
    const d = Math.floor(n / 10 ** i) % 10;
    if (d === 0) {
      zero = out !== '';
      continue;
    }
    out += (zero ? '零' : '') + DIGITS[d] + PLACES[i];
    zero = false;
  }
  return out;
}

/**
 * An amount in capital Chinese numerals, the way a cheque spells it (500000 fen → 伍仟元整, 5050 → 伍拾元伍角整), so
 * that a slipped digit in the figure is caught before money is promised.
 */
export function fenInWords(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  const sections: number[] = [];
  for (let n = yuan; n > 0; n = Math.floor(n / 10000)) sections.push(n % 10000);
  let out = '';
  for (let i = sections.length - 1; i >= 0; i--) {
    const s = sections[i]!;
    if (s === 0) continue;
    out += (out && s < 1000 ? '零' : '') + sectionWords(s) + SECTIONS[i];
  }
  if (out) out += '元';
  if (jiao) out += DIGITS[jiao] + '角';
  else if (out && cents) out += '零';
  if (cents) out += DIGITS[cents] + '分';
  else out += out ? '整' : '零元整';
  return out;
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

/** The order number, the next deadline and the actions are the list's slots. Fits 1440 px with the outlet column (platform admins). */
export const complaintColumns: Column<ComplaintSummary>[] = [
  { key: 'orderNo', label: 'complaints.orderNo', minWidth: 160 },
  { key: 'status', label: 'complaints.status', width: 150, tag: (row, { label }) => ({ type: complaintStatusTag(row.status), text: label('complaintStatus', row.status) }) },
  { key: 'category', label: 'complaints.category', width: 100, text: (row, { label }) => label('complaintCategory', row.category) },
  { key: 'excerpt', label: 'complaints.excerpt', prop: 'excerpt', minWidth: 190, overflow: true },
  outletColumn('orders.outlet', 130),
  { key: 'filedAt', label: 'complaints.filedAt', width: 150, text: (row) => formatDateTime(row.filedAt) },
  { key: 'nextDue', label: 'complaints.nextDue', width: 150 },
  { key: 'actions', label: 'common.actions', width: 90, fixed: 'right' },
];
