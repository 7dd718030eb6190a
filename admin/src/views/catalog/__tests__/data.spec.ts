import type { CatalogDraftItem } from '@fangxin/shared';
import type { FormItemRule } from 'element-plus';
import { describe, expect, it } from 'vitest';
import { emptyItemForm, formatDiffValue, formToInput, formToPatch, itemRules, itemToForm } from '../data';

const item: CatalogDraftItem = {
  code: 'AC-L-001',
  category: 'air_conditioner',
  serviceTypes: [],
  kind: 'labour',
  name: '上门检测费',
  unit: '次',
  priceFen: 3000,
  warrantyDays: 0,
  coveredByApplianceWarranty: true,
  serialised: false,
  active: true,
  condition: null,
  waivedWithRepair: false,
  createdAt: '2026-11-24T00:00:00Z',
  updatedAt: '2026-11-24T00:00:00Z',
};

const t = (key: string) => key;
const label = (group: string, code: string) => `${group}:${code}`;

function run(rule: FormItemRule, value: unknown): string | null {
  let message: string | null = null;
  rule.validator!(rule, value, (e?: string | Error) => (message = e ? (e instanceof Error ? e.message : e) : null), {}, {});
  return message;
}

describe('catalog/data', () => {
  it('edits prices in yuan and sends integer fen', () => {
    const form = itemToForm(item);
    expect(form.priceYuan).toBe(30);
    form.priceYuan = 35.5;
    expect(formToInput(form).priceFen).toBe(3550);
  });

  it('patches only the fields that changed, and nothing when nothing did', () => {
    const form = itemToForm(item);
    expect(formToPatch(item, form)).toBeNull();
    form.priceYuan = 45;
    form.serviceTypes = ['repair'];
    expect(formToPatch(item, form)).toEqual({ priceFen: 4500, serviceTypes: ['repair'] });
  });

  it('marks a part as a consumable (no serial), and never sends the flag for labour or fees', () => {
    const part: CatalogDraftItem = { ...item, code: 'AC-P-003', kind: 'part', name: '冷媒 R32 补充', serialised: true };
    const form = itemToForm(part);
    form.serialised = false;
    expect(formToPatch(part, form)).toEqual({ serialised: false });
    const fee = { ...emptyItemForm(), code: 'AC-F-009', category: 'air_conditioner' as const, kind: 'fee' as const, name: '夜间费', priceYuan: 10 };
    expect(formToInput(fee).serialised).toBe(false);
    expect(formToInput({ ...fee, kind: 'part' }).serialised).toBe(true);
  });

  it('upper-cases a new code the way the server stores it', () => {
    const form = { ...emptyItemForm(), code: ' ac-l-099 ', category: 'air_conditioner' as const, kind: 'fee' as const, name: '夜间费', priceYuan: 10 };
    expect(formToInput(form)).toMatchObject({ code: 'AC-L-099', priceFen: 1000 });
  });

  it('checks the code and the price with the shared schema', () => {
    const rules = itemRules(t);
    expect(run((rules.code as FormItemRule[])[0]!, 'AC L 1')).toMatch(/编码只能包含/);
    expect(run((rules.code as FormItemRule[])[0]!, 'AC-L-100')).toBeNull();
    expect(run((rules.priceYuan as FormItemRule[])[0]!, -1)).toBe('金额不能为负');
    expect(run((rules.priceYuan as FormItemRule[])[0]!, 100_001)).toBe('金额过大');
    expect(run((rules.priceYuan as FormItemRule[])[0]!, null)).not.toBeNull();
    expect(run((rules.priceYuan as FormItemRule[])[0]!, 12.34)).toBeNull();
  });

  it('words diff values for people: money, codes by name, empty lists', () => {
    expect(formatDiffValue('priceFen', 3000, t, label)).toBe('¥30.00');
    expect(formatDiffValue('active', false, t, label)).toBe('catalog.activeNo');
    expect(formatDiffValue('serviceTypes', [], t, label)).toBe('catalog.allServiceTypes');
    expect(formatDiffValue('serviceTypes', ['repair', 'installation'], t, label)).toBe('serviceType:repair、serviceType:installation');
    expect(formatDiffValue('requiredCertificates', { installation: ['high_altitude'], repair: [] }, t, label)).toBe(
      'serviceType:installation：certificate:high_altitude',
    );
    expect(formatDiffValue('name', undefined, t, label)).toBe('—');
  });

  it('sends a surcharge condition only for fees and the repair waiver only for labour or fees (issue 19)', () => {
    const fee = { ...emptyItemForm(), code: 'AC-F-009', category: 'air_conditioner' as const, kind: 'fee' as const, name: '夜间服务费', priceYuan: 30, condition: 'night_window' as const };
    expect(formToInput(fee)).toMatchObject({ condition: { kind: 'night_window' }, waivedWithRepair: false });
    expect(formToInput({ ...fee, condition: 'height_work' }).condition).toEqual({ kind: 'height_work', needsCertificate: 'high_altitude', needsPhoto: true });
    expect(formToInput({ ...fee, kind: 'labour' }).condition).toBeNull();
    expect(formToInput({ ...fee, kind: 'part', waivedWithRepair: true }).waivedWithRepair).toBe(false);
    const form = itemToForm(item);
    form.waivedWithRepair = true;
    expect(formToPatch(item, form)).toEqual({ waivedWithRepair: true });
    const night = { ...item, kind: 'fee' as const, condition: { kind: 'night_window' as const } };
    expect(itemToForm(night).condition).toBe('night_window');
    expect(formToPatch(night, { ...itemToForm(night), condition: '' })).toEqual({ condition: null });
    expect(formatDiffValue('condition', { kind: 'urgent' }, t, label)).toBe('catalog.conditions.urgent');
    expect(formatDiffValue('condition', null, t, label)).toBe('catalog.conditionNone');
    expect(formatDiffValue('minLevels.installation', 4, t, label)).toBe('catalog.levelAtLeast');
    expect(formatDiffValue('requiredCertificates.repair', ['refrigeration'], t, label)).toBe('certificate:refrigeration');
  });
});
