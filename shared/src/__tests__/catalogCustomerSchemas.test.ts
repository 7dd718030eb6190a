import { describe, expect, it } from 'vitest';
import { CatalogItemInput, CatalogItemPatch, CategoryPolicyInput, PublishCatalogBody, catalogSearchKey } from '../schemas/catalog';
import { AddressInput, AddressPatch, ApplianceInput, PurchaseDate } from '../schemas/customer';

const item = { code: 'ac-l-001', category: 'air_conditioner', kind: 'labour', name: '上门检测费', unit: '次', priceFen: 3000 };
const paths = (r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) => r.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('CatalogItemInput', () => {
  it('normalises the code to upper case and fills the defaults', () => {
    expect(CatalogItemInput.parse(item)).toEqual({ ...item, code: 'AC-L-001', serviceTypes: [], warrantyDays: 90, active: true, condition: null, waivedWithRepair: false });
  });

  it('accepts money only as whole, non-negative fen', () => {
    expect(paths(CatalogItemInput.safeParse({ ...item, priceFen: 12.5 }))).toEqual(['priceFen']);
    expect(paths(CatalogItemInput.safeParse({ ...item, priceFen: -1 }))).toEqual(['priceFen']);
    expect(paths(CatalogItemInput.safeParse({ ...item, priceFen: '3000' }))).toEqual(['priceFen']);
  });

  it('rejects unknown units, kinds and categories, malformed codes and repeated service types', () => {
    const bad = CatalogItemInput.safeParse({ ...item, code: 'AC L 001', unit: '斤', kind: 'tip', category: 'toaster', serviceTypes: ['repair', 'repair'] });
    expect(paths(bad).sort()).toEqual(['category', 'code', 'kind', 'serviceTypes', 'unit']);
  });
});

describe('CatalogItemPatch', () => {
  it('needs at least one field and never takes a code', () => {
    expect(CatalogItemPatch.safeParse({}).success).toBe(false);
    expect(CatalogItemPatch.safeParse({ code: 'X-1' }).success).toBe(false);
    expect(CatalogItemPatch.parse({ priceFen: 100 })).toEqual({ priceFen: 100 });
  });
});

describe('CategoryPolicyInput', () => {
  it('takes a partial map of service type to certificates', () => {
    expect(CategoryPolicyInput.parse({ applianceWarrantyMonths: 12 })).toEqual({ applianceWarrantyMonths: 12, requiredCertificates: {}, minLevels: {} });
    expect(CategoryPolicyInput.safeParse({ applianceWarrantyMonths: 12, requiredCertificates: { installation: ['high_altitude'] } }).success).toBe(true);
    expect(CategoryPolicyInput.safeParse({ applianceWarrantyMonths: 12, requiredCertificates: { polishing: ['high_altitude'] } }).success).toBe(false);
    expect(CategoryPolicyInput.safeParse({ applianceWarrantyMonths: 12, requiredCertificates: { repair: ['pilot_licence'] } }).success).toBe(false);
    expect(CategoryPolicyInput.safeParse({ applianceWarrantyMonths: 1.5 }).success).toBe(false);
  });
});

describe('PublishCatalogBody', () => {
  it('needs the version the admin was looking at, 0 or more', () => {
    expect(PublishCatalogBody.safeParse({ expectedVersion: 0 }).success).toBe(true);
    expect(PublishCatalogBody.safeParse({}).success).toBe(false);
    expect(PublishCatalogBody.safeParse({ expectedVersion: -1 }).success).toBe(false);
  });
});

describe('catalogSearchKey', () => {
  it('folds full-width characters and case', () => {
    expect(catalogSearchKey(' ＡＣ-l-００１ ')).toBe('ac-l-001');
  });
});

describe('AddressInput', () => {
  const address = { contactName: '张女士', phone: '13800138000', districtCode: '330106', detail: '文三路 398 号 2 幢' };

  it('accepts any 6-digit district code, listed or not', () => {
    expect(AddressInput.safeParse(address).success).toBe(true);
    expect(AddressInput.safeParse({ ...address, districtCode: '510104' }).success).toBe(true);
    expect(paths(AddressInput.safeParse({ ...address, districtCode: '33010' }))).toEqual(['districtCode']);
  });

  it('bounds the contact name and the detail, and checks the phone', () => {
    const bad = AddressInput.safeParse({ contactName: '', phone: '12345', districtCode: '330106', detail: '太短' });
    expect(paths(bad).sort()).toEqual(['contactName', 'detail', 'phone']);
    expect(AddressInput.safeParse({ ...address, contactName: '名'.repeat(21) }).success).toBe(false);
    expect(AddressInput.safeParse({ ...address, detail: '址'.repeat(121) }).success).toBe(false);
  });

  it('needs at least one field in a patch', () => {
    expect(AddressPatch.safeParse({}).success).toBe(false);
    expect(AddressPatch.safeParse({ isDefault: true }).success).toBe(true);
  });
});

describe('ApplianceInput', () => {
  it('takes a real calendar day as the purchase date', () => {
    expect(ApplianceInput.parse({ category: 'tv', brand: '海信', purchaseDate: '2024-02-29' })).toEqual({ category: 'tv', brand: '海信', model: '', purchaseDate: '2024-02-29' });
    for (const bad of ['2025-02-29', '2025/01/01', '1989-12-31', 'yesterday']) expect(PurchaseDate.safeParse(bad).success).toBe(false);
  });
});
