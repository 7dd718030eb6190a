import {
  CERTIFICATE_TYPE_CODES,
  SERVICE_TYPE_CODES,
  defaultSerialised,
  type CatalogDraftItem,
  type CatalogItem,
  type CatalogVersion,
  type CategoryPolicy,
  type CategoryPolicyAdminView,
  type CertificateType,
  type ServiceTypeCode,
} from '@fangxin/shared';
import type { CatalogItemRecord, CatalogSnapshot, CategoryPolicyRecord, DraftItemRecord, DraftPolicyRecord } from './model';

/** Only parts are serialised; an item stored before the flag existed is when it is a part. */
export const serialisedOf = (i: Pick<CatalogItemRecord, 'kind'> & { serialised?: boolean | null }): boolean =>
  i.kind === 'part' && (i.serialised ?? defaultSerialised(i.kind));

export function presentItem(i: CatalogItemRecord): CatalogItem {
  return {
    code: i.code,
    category: i.category,
    serviceTypes: [...i.serviceTypes],
    kind: i.kind,
    name: i.name,
    unit: i.unit,
    priceFen: i.priceFen,
    warrantyDays: i.warrantyDays,
    coveredByApplianceWarranty: i.coveredByApplianceWarranty,
    serialised: serialisedOf(i),
    active: i.active,
    condition: i.condition ? { ...i.condition } : null,
    waivedWithRepair: i.waivedWithRepair === true,
  };
}

export function presentDraftItem(i: DraftItemRecord): CatalogDraftItem {
  return { ...presentItem(i), createdAt: i.createdAt.toISOString(), updatedAt: i.updatedAt.toISOString() };
}

/**
 * The canonical form of a certificate map: service types and certificates in vocabulary order, no duplicates,
 * service types that need nothing left out. Used for storage, comparison and output alike.
 */
export function normaliseCertificates(map: Partial<Record<ServiceTypeCode, CertificateType[]>> | undefined): Partial<Record<ServiceTypeCode, CertificateType[]>> {
  const out: Partial<Record<ServiceTypeCode, CertificateType[]>> = {};
  for (const type of SERVICE_TYPE_CODES) {
    const certs = map?.[type];
    if (certs?.length) out[type] = CERTIFICATE_TYPE_CODES.filter((c) => certs.includes(c));
  }
  return out;
}

/** The canonical form of a level map: service types in vocabulary order, only those that need a level above 1. */
export function normaliseLevels(map: Partial<Record<ServiceTypeCode, number>> | undefined): Partial<Record<ServiceTypeCode, number>> {
  const out: Partial<Record<ServiceTypeCode, number>> = {};
  for (const type of SERVICE_TYPE_CODES) {
    const level = map?.[type];
    if (level && level > 1) out[type] = level;
  }
  return out;
}

export function presentPolicy(p: CategoryPolicyRecord): CategoryPolicy {
  return {
    category: p.category,
    applianceWarrantyMonths: p.applianceWarrantyMonths,
    requiredCertificates: normaliseCertificates(p.requiredCertificates),
    minLevels: normaliseLevels(p.minLevels),
  };
}

export function presentPolicyAdmin(p: CategoryPolicyRecord, draft: DraftPolicyRecord | null): CategoryPolicyAdminView {
  return { ...presentPolicy(p), configured: draft !== null, updatedAt: draft ? draft.updatedAt.toISOString() : null };
}

export function presentVersion(s: CatalogSnapshot): CatalogVersion {
  return {
    version: s.version,
    publishedAt: s.publishedAt.toISOString(),
    publishedBy: { ...s.publishedBy },
    items: s.items.map(presentItem),
    policies: s.policies.map(presentPolicy),
  };
}
