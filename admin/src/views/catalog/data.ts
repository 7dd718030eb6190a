import {
  APPLIANCE_CATEGORIES,
  CATALOG_ITEM_KIND_CODES,
  CATALOG_LIMITS,
  CATALOG_UNITS,
  SERVICE_TYPE_CODES,
  CatalogItemInput,
  CategoryPolicyInput,
  SURCHARGE_CONDITION_KINDS,
  defaultCondition,
  type CatalogDraftItem,
  type SurchargeConditionKind,
  type CatalogItemKind,
  type CatalogItemPatch,
  type CatalogUnit,
  type CategoryCode,
  type ServiceTypeCode,
} from '@fangxin/shared';
import type { FormItemRule, FormRules } from 'element-plus';
import { createDraftItem, updateDraftItem } from '@/api/catalog';
import type { Column, FilterField } from '@/composables/useResourceList';
import type { SchemaFormConfig } from '@/composables/useSchemaForm';
import { i18n } from '@/locales';
import { formatFen, fenToYuan, yuanToFen } from '@/utils/format';
import { describeIssue, zodFieldValidator, zodRule, type FieldSchema } from '@/utils/zodRules';

/** The item editor's model: money in yuan (what people type), everything else as the API has it. */
export interface ItemForm {
  code: string;
  category: CategoryCode | '';
  kind: CatalogItemKind | '';
  name: string;
  unit: CatalogUnit | '';
  priceYuan: number | null;
  warrantyDays: number;
  serviceTypes: ServiceTypeCode[];
  coveredByApplianceWarranty: boolean;
  /** A serialised part (new serial and old-part photo in the report); only parts can be, consumables are not. */
  serialised: boolean;
  active: boolean;
  /** Issue 19: when a fee may be quoted ('' always); checked by the server when the engineer quotes. */
  condition: SurchargeConditionKind | '';
  /** Issue 19: an inspection fee waived when repair labour is charged (labour and fees only). */
  waivedWithRepair: boolean;
}

export function emptyItemForm(): ItemForm {
  return {
    code: '',
    category: '',
    kind: '',
    name: '',
    unit: '次',
    priceYuan: null,
    warrantyDays: 90,
    serviceTypes: [],
    coveredByApplianceWarranty: true,
    serialised: true,
    active: true,
    condition: '',
    waivedWithRepair: false,
  };
}

export function itemToForm(item: CatalogDraftItem): ItemForm {
  return {
    code: item.code,
    category: item.category,
    kind: item.kind,
    name: item.name,
    unit: item.unit,
    priceYuan: fenToYuan(item.priceFen),
    warrantyDays: item.warrantyDays,
    serviceTypes: [...item.serviceTypes],
    coveredByApplianceWarranty: item.coveredByApplianceWarranty,
    serialised: item.serialised,
    active: item.active,
    condition: item.condition?.kind ?? '',
    waivedWithRepair: item.waivedWithRepair,
  };
}

/** The body of `POST /admin/catalog/items`. */
export function formToInput(form: ItemForm): CatalogItemInput {
  return {
    code: form.code.trim().toUpperCase(),
    category: form.category as CategoryCode,
    kind: form.kind as CatalogItemKind,
    name: form.name.trim(),
    unit: form.unit as CatalogUnit,
    priceFen: yuanToFen(form.priceYuan ?? 0),
    warrantyDays: form.warrantyDays,
    serviceTypes: form.serviceTypes,
    coveredByApplianceWarranty: form.coveredByApplianceWarranty,
    serialised: form.kind === 'part' && form.serialised,
    active: form.active,
    // Only fees carry a condition, only labour and fees may be waived (the server refuses anything else by name).
    condition: form.kind === 'fee' && form.condition ? defaultCondition(form.condition) : null,
    waivedWithRepair: form.kind !== 'part' && form.waivedWithRepair,
  };
}

/** Only the fields that changed, for `PATCH /admin/catalog/items/:code`; null when nothing did. */
export function formToPatch(original: CatalogDraftItem, form: ItemForm): CatalogItemPatch | null {
  const next = formToInput(form);
  const patch: Record<string, unknown> = {};
  const keys = ['category', 'kind', 'name', 'unit', 'priceFen', 'warrantyDays', 'coveredByApplianceWarranty', 'serialised', 'active', 'waivedWithRepair'] as const;
  for (const key of keys) if (next[key] !== original[key]) patch[key] = next[key];
  if (JSON.stringify(next.condition) !== JSON.stringify(original.condition ?? null)) patch.condition = next.condition;
  const sameTypes = [...next.serviceTypes].sort().join() === [...original.serviceTypes].sort().join();
  if (!sameTypes) patch.serviceTypes = next.serviceTypes;
  return Object.keys(patch).length ? (patch as CatalogItemPatch) : null;
}

/** A price typed in yuan, checked by the shared fen rule after conversion. */
function priceRule(label: string): FormItemRule {
  const fen: FieldSchema = {
    safeParse: (value: unknown) =>
      value === null || value === undefined || value === ''
        ? { success: false, error: { issues: [{ code: 'invalid_type', message: i18n.global.t('validation.required', { field: label }) }] } }
        : CatalogItemInput.shape.priceFen.safeParse(yuanToFen(Number(value))),
  };
  return { trigger: 'blur', validator: zodFieldValidator(fen, (issue) => describeIssue(issue, label)) };
}

function chosen(label: string): FormItemRule {
  return { required: true, trigger: 'change', message: i18n.global.t('validation.choose', { field: label }) };
}

/** Rules from the shared schema the server validates with. */
export function itemRules(t: (key: string) => string): FormRules<ItemForm> {
  return {
    code: [zodRule(CatalogItemInput, 'code', t('catalog.code'))],
    name: [zodRule(CatalogItemInput, 'name', t('catalog.name'))],
    category: [chosen(t('catalog.category'))],
    kind: [chosen(t('catalog.kind'))],
    unit: [chosen(t('catalog.unit'))],
    priceYuan: [priceRule(t('catalog.price'))],
    warrantyDays: [zodRule(CatalogItemInput, 'warrantyDays', t('catalog.warrantyDays'), 'change')],
  };
}

/** The draft items' filters and columns; the actions are the tab's `cell-actions` slot. */
export const itemFilters: FilterField[] = [
  { key: 'category', label: 'catalog.category', widget: 'select', placeholder: 'catalog.categoryPlaceholder', width: '140px', options: ({ label }) => APPLIANCE_CATEGORIES.map((c) => ({ value: c.code, label: label('category', c.code) })) },
  { key: 'kind', label: 'catalog.kind', widget: 'select', placeholder: 'catalog.kindPlaceholder', width: '130px', options: ({ label }) => CATALOG_ITEM_KIND_CODES.map((k) => ({ value: k, label: label('itemKind', k) })) },
  { key: 'active', label: 'catalog.active', widget: 'select', placeholder: 'catalog.activePlaceholder', width: '110px', options: ({ t }) => [{ value: 'true', label: t('catalog.activeYes') }, { value: 'false', label: t('catalog.activeNo') }] },
  { key: 'q', label: 'catalog.search', widget: 'search', placeholder: 'catalog.searchPlaceholder', width: '180px' },
];

export const itemColumns: Column<CatalogDraftItem>[] = [
  { key: 'code', label: 'catalog.code', prop: 'code', width: 120 },
  { key: 'name', label: 'catalog.name', prop: 'name', minWidth: 140 },
  { key: 'category', label: 'catalog.category', width: 90, text: (row, { label }) => label('category', row.category) },
  {
    key: 'kind',
    label: 'catalog.kind',
    width: 110,
    text: (row, { t, label }) => (row.kind === 'part' && !row.serialised ? `${label('itemKind', row.kind)}（${t('catalog.consumable')}）` : label('itemKind', row.kind)),
  },
  { key: 'price', label: 'catalog.priceShort', width: 120, align: 'right', text: (row) => `${formatFen(row.priceFen)} / ${row.unit}` },
  { key: 'warrantyDays', label: 'catalog.warrantyDays', prop: 'warrantyDays', width: 80, align: 'right' },
  { key: 'condition', label: 'catalog.condition', minWidth: 120, text: (row, { t }) => conditionText(row, t) },
  {
    key: 'serviceTypes',
    label: 'catalog.serviceTypes',
    minWidth: 130,
    text: (row, { t, label }) => (row.serviceTypes.length ? row.serviceTypes.map((s) => label('serviceType', s)).join('、') : t('catalog.allServiceTypes')),
  },
  { key: 'active', label: 'catalog.active', width: 80, tag: (row, { t }) => ({ type: row.active ? 'success' : 'info', text: row.active ? t('catalog.activeYes') : t('catalog.activeNo') }) },
  { key: 'actions', label: 'common.actions', width: 130, fixed: 'right' },
];

/** The item dialog: adds a draft item, or edits one (the code stays). Saved to the draft only, until publish. */
export function itemDialog(item: CatalogDraftItem | null): SchemaFormConfig<ItemForm, CatalogDraftItem> {
  return {
    title: (t) => (item ? t('catalog.editItem', { code: item.code }) : t('catalog.newItem')),
    width: '560px',
    labelWidth: '110px',
    initial: () => (item ? itemToForm(item) : emptyItemForm()),
    rules: (_form, t) => itemRules(t),
    fields: [
      { prop: 'code', label: 'catalog.code', widget: 'input', attrs: () => ({ disabled: item !== null, maxlength: CATALOG_LIMITS.codeMax, placeholder: 'AC-L-010' }) },
      { prop: 'name', label: 'catalog.name', widget: 'input', attrs: () => ({ maxlength: CATALOG_LIMITS.nameMax, showWordLimit: true }) },
      { prop: 'category', label: 'catalog.category', widget: 'select', options: ({ label }) => APPLIANCE_CATEGORIES.map((c) => ({ value: c.code, label: label('category', c.code) })) },
      { prop: 'kind', label: 'catalog.kind', widget: 'select', options: ({ label }) => CATALOG_ITEM_KIND_CODES.map((k) => ({ value: k, label: label('itemKind', k) })) },
      { prop: 'unit', label: 'catalog.unit', widget: 'select', options: () => CATALOG_UNITS.map((u) => ({ value: u, label: u })) },
      { prop: 'priceYuan', label: 'catalog.price', widget: 'money', attrs: () => ({ max: CATALOG_LIMITS.priceFenMax / 100 }) },
      { prop: 'warrantyDays', label: 'catalog.warrantyDays', widget: 'number', attrs: () => ({ min: 0, max: CATALOG_LIMITS.warrantyDaysMax, stepStrictly: true }) },
      { prop: 'serviceTypes', label: 'catalog.serviceTypes', widget: 'checkboxes', options: ({ label }) => SERVICE_TYPE_CODES.map((s) => ({ value: s, label: label('serviceType', s) })) },
      { prop: 'coveredByApplianceWarranty', label: 'catalog.coveredByWarranty', widget: 'switch' },
      {
        prop: 'serialised',
        label: 'catalog.serialised',
        widget: 'switch',
        show: (form) => form.kind === 'part',
        attrs: (_form, { t }) => ({ activeText: t('catalog.serialisedYes'), inactiveText: t('catalog.serialisedNo') }),
      },
      {
        prop: 'condition',
        label: 'catalog.condition',
        widget: 'select',
        show: (form) => form.kind === 'fee',
        options: ({ t }) => [{ value: '', label: t('catalog.conditionNone') }, ...SURCHARGE_CONDITION_KINDS.map((k) => ({ value: k, label: t(`catalog.conditions.${k}`) }))],
      },
      {
        prop: 'waivedWithRepair',
        label: 'catalog.waivedWithRepair',
        widget: 'switch',
        show: (form) => form.kind === 'labour' || form.kind === 'fee',
        attrs: (_form, { t }) => ({ activeText: t('catalog.waivedYes'), inactiveText: t('catalog.waivedNo') }),
      },
      { prop: 'active', label: 'catalog.active', widget: 'switch', attrs: (_form, { t }) => ({ activeText: t('catalog.activeYes'), inactiveText: t('catalog.activeNo') }) },
    ],
    submit: (form) => {
      if (!item) return createDraftItem(formToInput(form));
      const patch = formToPatch(item, form);
      return patch ? updateDraftItem(item.code, patch) : Promise.resolve(null);
    },
    success: (saved) => i18n.global.t('catalog.itemSaved', { code: saved.code }),
  };
}

export const policyWarrantyRule = (label: string) => zodRule(CategoryPolicyInput, 'applianceWarrantyMonths', label, 'change');

type Translate = (key: string, values?: Record<string, unknown>) => string;
type Labeller = (group: 'category' | 'serviceType' | 'itemKind' | 'certificate', code: string) => string;

/** An item's condition in the list: the condition, or the inspection fee's waiver, or none. */
export function conditionText(item: Pick<CatalogDraftItem, 'condition' | 'waivedWithRepair'>, t: Translate): string {
  const parts = [item.condition ? t(`catalog.conditions.${item.condition.kind}`) : null, item.waivedWithRepair ? t('catalog.waivedYes') : null].filter(Boolean);
  return parts.length ? parts.join('；') : t('catalog.conditionNone');
}

/** A field value of the diff in words: money in yuan, codes by name, lists joined. */
export function formatDiffValue(field: string, value: unknown, t: Translate, label: Labeller): string {
  if (field === 'condition') return value && typeof value === 'object' && 'kind' in value ? t(`catalog.conditions.${String(value.kind)}`) : t('catalog.conditionNone');
  if (field.startsWith('minLevels') && typeof value === 'number') return value > 1 ? t('catalog.levelAtLeast', { level: value }) : t('catalog.anyLevel');
  if (field.startsWith('requiredCertificates.') && Array.isArray(value)) return value.length ? value.map((c) => label('certificate', String(c))).join('、') : t('common.none');
  if (value === undefined || value === null) return '—';
  if (field === 'priceFen' && typeof value === 'number') return formatFen(value);
  if (typeof value === 'boolean') {
    if (field === 'active') return value ? t('catalog.activeYes') : t('catalog.activeNo');
    return value ? t('common.yes') : t('common.no');
  }
  if (field === 'category' && typeof value === 'string') return label('category', value);
  if (field === 'kind' && typeof value === 'string') return label('itemKind', value);
  if (field === 'serviceTypes' && Array.isArray(value)) {
    return value.length ? value.map((v) => label('serviceType', String(v))).join('、') : t('catalog.allServiceTypes');
  }
  if (field === 'requiredCertificates' && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, string[]>).filter(([, certs]) => certs.length);
    if (!entries.length) return t('common.none');
    return entries
      .map(([service, certs]) => `${label('serviceType', service)}：${certs.map((c) => label('certificate', c)).join('、')}`)
      .join('；');
  }
  if (Array.isArray(value)) return value.join('、');
  return String(value);
}

export function fieldName(field: string, t: Translate, te: (key: string) => boolean, label?: Labeller): string {
  // A policy's per-service field (`requiredCertificates.installation`, `minLevels.repair`): the field, then the service.
  const [head, service] = field.split('.');
  if (service && head && te(`catalog.fields.${head}`) && label) return `${t(`catalog.fields.${head}`)}（${label('serviceType', service)}）`;
  return te(`catalog.fields.${field}`) ? t(`catalog.fields.${field}`) : field;
}
