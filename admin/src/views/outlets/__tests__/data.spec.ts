import type { OutletView } from '@fangxin/shared';
import { describe, expect, it } from 'vitest';
import { calendarRange, capacityPatch, cellState, districtOptions, formToCreateOutlet, formToUpdateOutlet, outletToForm } from '../data';

const outlet: OutletView = {
  id: '8fa8106e77cf5c053a0bb568',
  code: 'HZ-XH',
  name: '杭州西湖网点',
  city: '杭州市',
  districtCodes: ['330106'],
  address: '西湖区文三路 398 号',
  phone: '0571-88001001',
  slotCapacity: 3,
  dispatchMode: 'manual',
  eveningWindows: [],
};

describe('outlets/data', () => {
  it('spans the calendar over whole days', () => {
    expect(calendarRange('2026-11-28', 7)).toEqual({ from: '2026-11-28', to: '2026-12-04' });
  });

  it('sends only the windows a person typed a capacity into', () => {
    expect(capacityPatch({ '09-11': 5, '11-13': null, '14-16': undefined, '16-18': 0 })).toEqual({ '09-11': 5, '16-18': 0 });
  });

  it('tells a past window from one that is full or beyond the horizon', () => {
    const now = Date.parse('2026-11-24T05:00:00Z');
    expect(cellState({ bookable: true, startAt: '2026-11-25T01:00:00Z' }, now)).toBe('open');
    expect(cellState({ bookable: false, startAt: '2026-11-24T03:00:00Z' }, now)).toBe('past');
    expect(cellState({ bookable: false, startAt: '2026-11-25T01:00:00Z' }, now)).toBe('unavailable');
  });

  it('offers only provinces and cities that have districts to pick', () => {
    const options = districtOptions();
    const zhejiang = options.find((p) => p.code === '33')!;
    expect(zhejiang.children.find((c) => c.code === '3301')!.children.some((d) => d.code === '330106')).toBe(true);
    expect(options.every((p) => p.children.length > 0 && p.children.every((c) => c.children.length > 0))).toBe(true);
  });

  it('creates with the code upper-cased and patches only what changed', () => {
    expect(formToCreateOutlet({ ...outletToForm(outlet), code: 'hz-new', districtCodes: [] })).not.toHaveProperty('districtCodes');
    expect(formToCreateOutlet({ ...outletToForm(outlet), code: 'hz-new' }).code).toBe('HZ-NEW');
    expect(formToUpdateOutlet(outlet, outletToForm(outlet))).toBeNull();
    expect(formToUpdateOutlet(outlet, { ...outletToForm(outlet), slotCapacity: 5, phone: '0571-88001009' })).toEqual({ slotCapacity: 5, phone: '0571-88001009' });
  });
});
