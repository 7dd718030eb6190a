import { APPLIANCE_CATEGORIES, ORDER_STATUSES, slotLabel, type OrderAction, type OrderStatus, type OrderSummary, type OrderView, type DispatchCandidate } from '@fangxin/shared';
import { outletColumn, type Column, type FilterField } from '@/composables/useResourceList';
import { useDirectoryStore } from '@/store/directory';
import { downloadOrdersCsv } from '@/api/downloads';
import type { SchemaFormConfig } from '@/composables/useSchemaForm';
import { i18n } from '@/locales';
import { useAuthStore } from '@/store/auth';
import { formatDateTime } from '@/utils/format';
import { lastDays } from '@/views/dashboard/data';

export const STATUS_OPTIONS: readonly OrderStatus[] = ORDER_STATUSES;

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

/** Colours tell where the order is: waiting on the outlet (warning), moving (primary), done (success), dead (info). */
export function statusTagType(status: OrderStatus): TagType {
  switch (status) {
    case 'pending':
      return 'warning';
    case 'awaiting_parts':
      return 'warning';
    case 'completed':
    case 'closed':
      return 'success';
    case 'cancelled':
      return 'info';
    default:
      return 'primary';
  }
}

export function deadlineTagType(state: OrderView['deadlines'][number]['state']): TagType {
  switch (state) {
    case 'met':
      return 'success';
    case 'at_risk':
    case 'paused':
    case 'early':
      return 'warning';
    case 'missed':
    case 'breached':
      return 'danger';
    default:
      return 'info';
  }
}

/**
 * The buttons an order shows, in this order, from the actions the server says are legal now (`order.actions`).
 * Offer mode is a dispatch alternative: legal exactly when dispatch is.
 */
export type OrderButton = 'dispatch' | 'offer' | 'reassign' | 'cancel';

export function orderButtons(actions: readonly OrderAction[]): OrderButton[] {
  const buttons: OrderButton[] = [];
  if (actions.includes('dispatch')) buttons.push('dispatch', 'offer');
  if (actions.includes('reassign')) buttons.push('reassign');
  if (actions.includes('cancel')) buttons.push('cancel');
  return buttons;
}

/** Eligible engineers by rank, then the excluded ones; the preselected choice is the top-ranked one. */
export function splitCandidates(items: readonly DispatchCandidate[], currentEngineerId: string | null = null) {
  const eligible = items
    .filter((c) => c.eligible && c.engineerId !== currentEngineerId)
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
  const excluded = items.filter((c) => !c.eligible || c.engineerId === currentEngineerId);
  return { eligible, excluded, best: eligible[0] ?? null };
}

/** Upload ids on an order, by what they show. `report` is typed loosely by the contract, so it is read defensively. */
export function orderPhotos(order: Pick<OrderView, 'fault' | 'report'>) {
  const report = order.report;
  return {
    fault: order.fault.photoIds,
    report: report?.photoIds ?? [],
    oldParts: report?.partsUsed.map((p) => p.oldPartPhotoId) ?? [],
    signature: report ? [report.signatureId] : [],
  };
}

// ---- The list ----------------------------------------------------------------------------------------------------

export const SLA_STATES = ['ok', 'at_risk', 'breached'] as const;
export const SORTS = ['-createdAt', 'createdAt', 'slot', '-slot'] as const;
const slaTagType = (state: string | undefined): TagType => (state === 'breached' ? 'danger' : state === 'at_risk' ? 'warning' : 'success');

export const orderFilters: FilterField[] = [
  { key: 'status', label: 'orders.status', widget: 'select', placeholder: 'orders.statusPlaceholder', width: '200px', options: ({ label }) => STATUS_OPTIONS.map((s) => ({ value: s, label: label('orderStatus', s) })) },
  {
    key: 'engineerId',
    label: 'orders.engineer',
    widget: 'select',
    placeholder: 'orders.engineerPlaceholder',
    width: '200px',
    attrs: { filterable: true },
    options: () => useDirectoryStore().engineers.map((e) => ({ value: e.id, label: `${e.name}（${e.employeeNo}）` })),
  },
  { key: 'category', label: 'orders.category', widget: 'select', placeholder: 'orders.categoryPlaceholder', width: '200px', options: ({ label }) => APPLIANCE_CATEGORIES.map((c) => ({ value: c.code, label: label('category', c.code) })) },
  { key: 'sla', label: 'orders.sla', widget: 'select', placeholder: 'orders.slaPlaceholder', width: '200px', options: ({ t }) => SLA_STATES.map((s) => ({ value: s, label: t(`orders.slaStates.${s}`) })) },
  { key: 'from', to: 'to', label: 'orders.createdRange', widget: 'daterange', width: '' },
  { key: 'q', label: 'orders.search', widget: 'input', placeholder: 'orders.searchPlaceholder', width: '200px' },
  { key: 'sort', label: 'orders.sort', widget: 'select', width: '200px', attrs: { clearable: false, placeholder: '' }, options: ({ t }) => SORTS.map((s) => ({ value: s, label: t(`orders.sorts.${s}`) })) },
];

/**
 * The order number and the actions are the list's slots (they open the drawer). Widths add up to about 1,130 px, so
 * the whole table fits the content area of a 1440 px window (1,138 px) without scrolling under the fixed 操作
 * column: times and names wrap onto a second line at their space instead of widening their columns.
 */
export const orderColumns: Column<OrderSummary>[] = [
  { key: 'orderNo', label: 'orders.orderNo', minWidth: 128 },
  { key: 'status', label: 'orders.status', width: 96, tag: (row, { label }) => ({ type: statusTagType(row.status), text: label('orderStatus', row.status) }) },
  { key: 'sla', label: 'orders.sla', width: 90, tag: (row, { t }) => ({ type: slaTagType(row.slaState), text: t(`orders.slaStates.${row.slaState ?? 'ok'}`) }) },
  { key: 'category', label: 'orders.category', width: 120, text: (row, { label }) => `${label('category', row.category)} · ${label('serviceType', row.serviceType)}` },
  { key: 'slot', label: 'orders.slot', width: 110, text: (row) => slotLabel(row.slot.day, row.slot.window) },
  { key: 'customer', label: 'orders.customer', minWidth: 120, text: (row) => `${row.contact.name} ${row.contact.phone}` },
  { key: 'district', label: 'orders.district', width: 90, text: (row, { district }) => district(row.contact.districtCode) },
  { key: 'engineer', label: 'orders.engineer', width: 80, text: (row, { t }) => useDirectoryStore().engineerName(row.engineerId) ?? t('orders.unassigned') },
  outletColumn('orders.outlet', 120),
  { key: 'createdAt', label: 'orders.createdAt', width: 112, text: (row) => formatDateTime(row.createdAt) },
  { key: 'actions', label: 'common.actions', width: 70, fixed: 'right' },
];

// ---- Export ------------------------------------------------------------------------------------------------------

export interface ExportForm {
  range: [string, string];
  status: OrderStatus | '';
  outletId: string;
}

/** Orders of a period as CSV (phones masked, audit-logged by the server; at most 366 days); starts from the list's status. */
export function exportDialog(status: OrderStatus | ''): SchemaFormConfig<ExportForm, string> {
  const isAdmin = () => useAuthStore().role === 'platform_admin';
  return {
    title: (t) => t('orders.exportTitle'),
    width: '480px',
    labelWidth: '90px',
    submitText: 'common.download',
    initial: (previous) => ({ range: previous?.range ?? lastDays(30), outletId: previous?.outletId ?? '', status }),
    fields: [
      { prop: 'range', label: 'orders.createdAt', widget: 'daterange', attrs: () => ({ clearable: false }) },
      {
        prop: 'status',
        label: 'orders.status',
        widget: 'select',
        attrs: (_form, { t }) => ({ clearable: true, placeholder: t('orders.statusPlaceholder') }),
        options: ({ label }) => ORDER_STATUSES.map((s) => ({ value: s, label: label('orderStatus', s) })),
      },
      {
        prop: 'outletId',
        label: 'orders.outlet',
        widget: 'select',
        show: isAdmin,
        attrs: (_form, { t }) => ({ clearable: true, placeholder: t('layout.allOutlets') }),
        options: () => useDirectoryStore().outlets.map((o) => ({ value: o.id, label: o.name })),
      },
    ],
    submit: (form) =>
      downloadOrdersCsv({
        from: form.range[0],
        to: form.range[1],
        ...(form.status ? { status: form.status } : {}),
        ...(isAdmin() && form.outletId ? { outletId: form.outletId } : {}),
      }),
    success: (name) => i18n.global.t('orders.exported', { name }),
  };
}
