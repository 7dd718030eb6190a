import {
  addDays,
  CreateOutletBody,
  DISPATCH_MODE_LABELS,
  type DispatchMode,
  regionTree,
  SLOT_WINDOWS,
  ALL_WINDOWS,
  EVENING_WINDOWS,
  type EveningWindowCode,
  type OutletView,
  type RegionNode,
  type SlotCapacity,
  type SlotWindowCode,
  type UpdateOutletBody,
  type WindowAvailability,
} from '@fangxin/shared';
import type { FormRules } from 'element-plus';
import { createOutlet, updateOutlet } from '@/api/outlets';
import type { SchemaFormConfig } from '@/composables/useSchemaForm';
import { i18n } from '@/locales';
import { zodRule } from '@/utils/zodRules';

export const WINDOWS = SLOT_WINDOWS;
export const CALENDAR_SPANS = [7, 14] as const;

export function calendarRange(start: string, days: number): { from: string; to: string } {
  return { from: start, to: addDays(start, days - 1) };
}

export type CellState = 'open' | 'past' | 'unavailable';

/**
 * The server reports only what is left to book: a window that has started (or starts within the booking lead) is
 * past; any other unbookable window is full or beyond the booking horizon, which the answer does not tell apart.
 */
export function cellState(window: Pick<WindowAvailability, 'bookable' | 'startAt'>, now: number = Date.now()): CellState {
  if (window.bookable) return 'open';
  return new Date(window.startAt).getTime() <= now ? 'past' : 'unavailable';
}

/** Only the windows a person typed a number into are sent: the others keep their capacity. */
export function capacityPatch(values: Partial<Record<SlotWindowCode, number | null | undefined>>) {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => typeof v === 'number' && Number.isInteger(v) && v >= 0),
  ) as Partial<Record<SlotWindowCode, number>>;
}

export function describeSlots(slots: SlotCapacity[]): SlotCapacity[] {
  const order = ALL_WINDOWS.map((w) => w.code as string);
  return [...slots].sort((a, b) => order.indexOf(a.window) - order.indexOf(b.window));
}

// ---- Outlet forms ------------------------------------------------------------------------------------------------

export interface OutletForm {
  code: string;
  name: string;
  city: string;
  address: string;
  phone: string;
  slotCapacity: number;
  districtCodes: string[];
  /** Issue 19: the evening windows the outlet opens for booking. */
  eveningWindows: EveningWindowCode[];
}

export function emptyOutletForm(): OutletForm {
  return { code: '', name: '', city: '', address: '', phone: '', slotCapacity: 3, districtCodes: [], eveningWindows: [] };
}

/** The evening windows an outlet opened, in words (`晚间 19:00-21:00`), or null when none. */
export function eveningText(outlet: Pick<OutletView, 'eveningWindows'>): string | null {
  const open = EVENING_WINDOWS.filter((w) => (outlet.eveningWindows ?? []).includes(w.code));
  // One window a line (the list shows them under the capacity with `white-space: pre-line`): a time never splits.
  return open.length ? open.map((w) => `${w.start}-${w.end}`).join('\n') : null;
}

export function outletToForm(outlet: OutletView): OutletForm {
  return {
    code: outlet.code,
    name: outlet.name,
    city: outlet.city,
    address: outlet.address,
    phone: outlet.phone,
    slotCapacity: outlet.slotCapacity ?? 3,
    districtCodes: [...outlet.districtCodes],
    eveningWindows: [...(outlet.eveningWindows ?? [])],
  };
}

export function formToCreateOutlet(form: OutletForm): CreateOutletBody {
  return {
    code: form.code.trim().toUpperCase(),
    name: form.name.trim(),
    city: form.city.trim(),
    address: form.address.trim(),
    phone: form.phone.trim(),
    slotCapacity: form.slotCapacity,
    eveningWindows: form.eveningWindows,
    ...(form.districtCodes.length ? { districtCodes: form.districtCodes } : {}),
  };
}

export function formToUpdateOutlet(outlet: OutletView, form: OutletForm): UpdateOutletBody | null {
  const patch: Record<string, unknown> = {};
  for (const key of ['name', 'city', 'address', 'phone'] as const) if (form[key].trim() !== outlet[key]) patch[key] = form[key].trim();
  if (form.slotCapacity !== outlet.slotCapacity) patch.slotCapacity = form.slotCapacity;
  if ([...form.eveningWindows].sort().join() !== [...(outlet.eveningWindows ?? [])].sort().join()) patch.eveningWindows = form.eveningWindows;
  return Object.keys(patch).length ? (patch as UpdateOutletBody) : null;
}

export function outletRules(t: (key: string) => string, creating: boolean): FormRules<OutletForm> {
  return {
    ...(creating ? { code: [zodRule(CreateOutletBody, 'code', t('outlets.code'))] } : {}),
    name: [zodRule(CreateOutletBody, 'name', t('outlets.name'))],
    city: [zodRule(CreateOutletBody, 'city', t('outlets.city'))],
    address: [zodRule(CreateOutletBody, 'address', t('outlets.address'))],
    phone: [zodRule(CreateOutletBody, 'phone', t('outlets.phone'))],
    slotCapacity: [zodRule(CreateOutletBody, 'slotCapacity', t('outlets.slotCapacity'), 'change')],
  };
}

/** The outlet dialog: opens an outlet (with its first coverage, the `districtCodes` slot) or edits one. */
export function outletDialog(outlet: OutletView | null): SchemaFormConfig<OutletForm, OutletView> {
  return {
    title: (t) => (outlet ? t('outlets.editTitle', { name: outlet.name }) : t('outlets.create')),
    width: '600px',
    labelWidth: '120px',
    initial: () => (outlet ? outletToForm(outlet) : emptyOutletForm()),
    rules: (_form, t) => outletRules(t, outlet === null),
    fields: [
      { prop: 'code', label: 'outlets.code', widget: 'input', attrs: () => ({ disabled: outlet !== null, maxlength: 20, placeholder: 'HZ-SC' }) },
      { prop: 'name', label: 'outlets.name', widget: 'input', attrs: () => ({ maxlength: 40 }) },
      { prop: 'city', label: 'outlets.city', widget: 'input', attrs: () => ({ maxlength: 20 }) },
      { prop: 'address', label: 'outlets.address', widget: 'input', attrs: () => ({ maxlength: 120 }) },
      { prop: 'phone', label: 'outlets.phone', widget: 'input', attrs: () => ({ maxlength: 20, placeholder: '0571-88886666' }) },
      { prop: 'slotCapacity', label: 'outlets.slotCapacity', widget: 'number', attrs: () => ({ min: 0, max: 100, stepStrictly: true }) },
      { prop: 'eveningWindows', label: 'outlets.eveningWindows', widget: 'checkboxes', options: () => EVENING_WINDOWS.map((w) => ({ value: w.code, label: `${w.start}-${w.end}` })) },
      { prop: 'districtCodes', label: 'outlets.districts', widget: 'slot', show: () => outlet === null },
    ],
    submit: (form) => {
      if (!outlet) return createOutlet(formToCreateOutlet(form));
      const patch = formToUpdateOutlet(outlet, form);
      return patch ? updateOutlet(outlet.id, patch) : Promise.resolve(null);
    },
    success: (saved) => i18n.global.t('outlets.saved', { name: saved.name }),
  };
}

/**
 * The district picker's tree: provinces and cities that have districts in the shared table (a cascader with an
 * empty branch would offer a city that is not a district).
 */
export function districtOptions(): RegionNode[] {
  return regionTree()
    .map((p) => ({ ...p, children: p.children.filter((c) => c.children.length > 0) }))
    .filter((p) => p.children.length > 0);
}

/** An outlet's dispatch mode in the current language: its name and what it does (shared/domain/routing.ts). */
export function modeWords(mode: DispatchMode, lang: 'zh' | 'en'): { name: string; hint: string } {
  const words = DISPATCH_MODE_LABELS[mode];
  return { name: words[lang], hint: lang === 'en' ? words.hintEn : words.hintZh };
}
