import { applianceWarranty, describeDistrict, type AddressView, type ApplianceView } from '@fangxin/shared';
import type { AddressRecord, ApplianceRecord } from './model';

/** The customer's own address, in full (it is theirs), with region names where the bundled table knows them. */
export function presentAddress(a: AddressRecord, isDefault: boolean): AddressView {
  return {
    id: String(a._id),
    contactName: a.contactName,
    phone: a.phone,
    districtCode: a.districtCode,
    ...describeDistrict(a.districtCode),
    detail: a.detail,
    isDefault,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

/** `months` is the manufacturer's warranty of the category under the current published policy. */
export function presentAppliance(a: ApplianceRecord, months: number, now: Date): ApplianceView {
  return {
    id: String(a._id),
    category: a.category,
    brand: a.brand,
    model: a.model,
    purchaseDate: a.purchaseDate,
    serialNo: a.serialNo,
    warranty: { ...applianceWarranty(a.purchaseDate, months, now), months },
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}
