import mongoose from 'mongoose';
import {
  CATALOG_ITEM_KINDS,
  CATALOG_LIMITS,
  CATEGORY_CODES,
  catalogSearchKey,
  type CategoryCode,
  type CertificateType,
  type PriceList,
  type PriceListQuery,
  type ServiceTypeCode,
} from '@fangxin/shared';
import { AppError } from '../../core/errors';
import { CatalogVersion, type CatalogItemRecord, type CatalogSnapshot, type CatalogVersionRecord, type CategoryPolicyRecord } from './model';
import { presentItem, presentPolicy, serialisedOf } from './presenter';

/**
 * Reading the published catalogue: what orders are quoted from (S5) and what decides who may take an order (S6).
 * Published versions never change, so a snapshot is cached in memory by version number, which is safe with any
 * number of server instances. Which version is the latest is always read from the database (the unique index on
 * `version`), because another instance may have published a moment ago.
 */
const CACHE_MAX = 32;
const cache = new Map<string, CatalogSnapshot>();

// Keyed by database too, so tests (one database per file) and `seed --reset` never see another database's versions.
const cacheKey = (version: number) => `${mongoose.connection.name}:${version}`;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function toSnapshot(doc: CatalogVersionRecord): CatalogSnapshot {
  return deepFreeze({
    version: doc.version,
    publishedAt: doc.publishedAt,
    publishedBy: { id: doc.publishedBy?.id ? String(doc.publishedBy.id) : null, name: doc.publishedBy?.name ?? '' },
    items: doc.items.map((i) => ({
      code: i.code,
      category: i.category,
      serviceTypes: [...(i.serviceTypes ?? [])],
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
    })),
    policies: doc.policies.map((p) => ({
      category: p.category,
      applianceWarrantyMonths: p.applianceWarrantyMonths,
      requiredCertificates: { ...(p.requiredCertificates ?? {}) },
      minLevels: { ...(p.minLevels ?? {}) },
    })),
  });
}

/** The number of the latest published version, 0 when none is published. */
export async function latestVersionNumber(): Promise<number> {
  const latest = await CatalogVersion.findOne({}, { version: 1 }).sort({ version: -1 }).lean<Pick<CatalogVersionRecord, 'version'>>();
  return latest?.version ?? 0;
}

/** A published version (the latest when `version` is undefined), or null when there is none. */
export async function findPublishedCatalog(version?: number): Promise<CatalogSnapshot | null> {
  const wanted = version ?? (await latestVersionNumber());
  if (!wanted) return null;
  const cached = cache.get(cacheKey(wanted));
  if (cached) return cached;
  const doc = await CatalogVersion.findOne({ version: wanted }).lean<CatalogVersionRecord>();
  if (!doc) return null;
  const snapshot = toSnapshot(doc);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(cacheKey(wanted), snapshot);
  return snapshot;
}

/** A published version (the latest when `version` is undefined); 404 `not_found` when there is none. */
export async function getPublishedCatalog(version?: number): Promise<CatalogSnapshot> {
  const snapshot = await findPublishedCatalog(version);
  if (!snapshot) throw new AppError('not_found', version === undefined ? '价目表尚未发布' : `价目表第 ${version} 版不存在`);
  return snapshot;
}

/** The item with this code in a snapshot (codes are case-insensitive). */
export function findCatalogItem(snapshot: CatalogSnapshot, code: string): CatalogItemRecord | undefined {
  const wanted = code.trim().toUpperCase();
  return snapshot.items.find((i) => i.code === wanted);
}

/** The category's policy in a snapshot; a category without one gets 12 months' warranty and needs no certificates. */
export function categoryPolicy(snapshot: CatalogSnapshot, category: CategoryCode): CategoryPolicyRecord {
  return (
    snapshot.policies.find((p) => p.category === category) ?? {
      category,
      applianceWarrantyMonths: CATALOG_LIMITS.defaultApplianceWarrantyMonths,
      requiredCertificates: {},
    }
  );
}

/** The lowest engineer level this category and service type needs (issue 19); null when any level may. */
export function requiredLevel(snapshot: CatalogSnapshot, category: CategoryCode, serviceType: ServiceTypeCode): number | null {
  return categoryPolicy(snapshot, category).minLevels?.[serviceType] ?? null;
}

/** Certificates an engineer needs for this category and service type (S6). */
export function requiredCertificates(snapshot: CatalogSnapshot, category: CategoryCode, serviceType: ServiceTypeCode): CertificateType[] {
  return [...(categoryPolicy(snapshot, category).requiredCertificates[serviceType] ?? [])];
}

const categoryOrder = (c: CategoryCode) => CATEGORY_CODES.indexOf(c);

/** Whether an item applies to a service type (an item without service types applies to all). */
export function appliesTo(item: CatalogItemRecord, serviceType: ServiceTypeCode): boolean {
  return item.serviceTypes.length === 0 || item.serviceTypes.includes(serviceType);
}

/**
 * The public price list of the current version, grouped by kind. Filters run over the cached snapshot in memory
 * (a version holds a few hundred items at most), so search needs neither `$text` nor a scan of the drafts.
 */
export async function priceList(query: PriceListQuery): Promise<PriceList> {
  const snapshot = await getPublishedCatalog();
  const q = query.q ? catalogSearchKey(query.q) : '';
  const items = snapshot.items
    .filter((i) => i.active)
    .filter((i) => !query.category || i.category === query.category)
    .filter((i) => !query.serviceType || appliesTo(i, query.serviceType))
    .filter((i) => !q || catalogSearchKey(i.code).includes(q) || catalogSearchKey(i.name).includes(q))
    .sort((a, b) => categoryOrder(a.category) - categoryOrder(b.category) || a.code.localeCompare(b.code));
  return {
    version: snapshot.version,
    publishedAt: snapshot.publishedAt.toISOString(),
    total: items.length,
    groups: CATALOG_ITEM_KINDS.map((k) => ({ kind: k.code, name: k.name, items: items.filter((i) => i.kind === k.code).map(presentItem) })),
    policy: query.category ? presentPolicy(categoryPolicy(snapshot, query.category)) : null,
  };
}
