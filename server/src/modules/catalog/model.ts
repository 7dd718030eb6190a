import mongoose, { Schema, type Types } from 'mongoose';
import {
  CATALOG_ITEM_KIND_CODES,
  CATALOG_LIMITS,
  CATALOG_UNITS,
  CATEGORY_CODES,
  SERVICE_TYPE_CODES,
  type CatalogItemKind,
  type CatalogUnit,
  type CategoryCode,
  type CertificateType,
  type ServiceTypeCode,
  type SurchargeCondition,
} from '@fangxin/shared';

/** One priced item, as the draft holds it and as a published version freezes it. */
export interface CatalogItemRecord {
  code: string;
  category: CategoryCode;
  /** Empty = applies to every service type. */
  serviceTypes: ServiceTypeCode[];
  kind: CatalogItemKind;
  name: string;
  unit: CatalogUnit;
  priceFen: number;
  warrantyDays: number;
  coveredByApplianceWarranty: boolean;
  /** A serialised part (issue 18): reported with a new serial and an old-part photo. Always false for labour and fees. */
  serialised: boolean;
  active: boolean;
  /** Issue 19: when this surcharge may be quoted (checked by the shared `surchargeRefusals`); null: always. Only fees. */
  condition: SurchargeCondition | null;
  /** Issue 19: an inspection fee waived when the repair is done (a quote may not hold it with labour or parts). */
  waivedWithRepair: boolean;
}

export interface CategoryPolicyRecord {
  category: CategoryCode;
  applianceWarrantyMonths: number;
  requiredCertificates: Partial<Record<ServiceTypeCode, CertificateType[]>>;
  /** Issue 19: the lowest engineer level a service type needs; absent on policies stored before: none. */
  minLevels?: Partial<Record<ServiceTypeCode, number>>;
}

export interface DraftItemRecord extends CatalogItemRecord {
  _id: Types.ObjectId;
  /** `code name`, normalised (catalogSearchKey), for case-insensitive `$regex` search without `$text`. */
  searchKey: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface DraftPolicyRecord extends CategoryPolicyRecord {
  _id: Types.ObjectId;
  createdAt: Date;
  updatedAt: Date;
}

export interface CatalogVersionRecord {
  _id: Types.ObjectId;
  version: number;
  publishedAt: Date;
  publishedBy: { id: Types.ObjectId | null; name: string };
  items: CatalogItemRecord[];
  policies: CategoryPolicyRecord[];
}

/** A published version as the services read it (service.ts caches one per version number). */
export interface CatalogSnapshot {
  version: number;
  publishedAt: Date;
  publishedBy: { id: string | null; name: string };
  /** Frozen: shared by every request that reads this version. */
  items: CatalogItemRecord[];
  policies: CategoryPolicyRecord[];
}

const itemFields = {
  code: { type: String, required: true },
  category: { type: String, enum: CATEGORY_CODES, required: true },
  serviceTypes: { type: [{ type: String, enum: SERVICE_TYPE_CODES }], default: [] },
  kind: { type: String, enum: CATALOG_ITEM_KIND_CODES, required: true },
  name: { type: String, required: true },
  unit: { type: String, enum: CATALOG_UNITS, required: true },
  priceFen: { type: Number, min: 0, required: true, validate: Number.isInteger },
  warrantyDays: { type: Number, min: 0, default: CATALOG_LIMITS.defaultWarrantyDays, validate: Number.isInteger },
  coveredByApplianceWarranty: { type: Boolean, required: true },
  // No default: items stored before the flag existed read as defaultSerialised(kind) (presenter, snapshot).
  serialised: { type: Boolean },
  active: { type: Boolean, default: true },
  // Written whole, validated by the shared schema; items stored before read as null / false (presenter).
  condition: { type: Schema.Types.Mixed, default: null },
  waivedWithRepair: { type: Boolean, default: false },
};

const policyFields = {
  category: { type: String, enum: CATEGORY_CODES, required: true },
  applianceWarrantyMonths: { type: Number, min: 0, required: true, validate: Number.isInteger },
  // A partial map serviceType → certificates; written whole and normalised by the service.
  requiredCertificates: { type: Schema.Types.Mixed, default: () => ({}) },
  minLevels: { type: Schema.Types.Mixed, default: () => ({}) },
};

/** Draft items the platform admin edits (collection catalog_items, one per code). Never deleted: deactivated. */
const DraftItemSchema = new Schema<DraftItemRecord>({ ...itemFields, searchKey: { type: String, required: true } }, { timestamps: true, collection: 'catalog_items' });
DraftItemSchema.index({ code: 1 }, { unique: true, name: 'catalog_item_code_unique' });
DraftItemSchema.index({ category: 1, code: 1 });

/** Draft policies, one per category. `minimize: false` keeps an empty certificate map instead of dropping it. */
const DraftPolicySchema = new Schema<DraftPolicyRecord>(policyFields, { timestamps: true, collection: 'catalog_policies', minimize: false });
DraftPolicySchema.index({ category: 1 }, { unique: true, name: 'catalog_policy_category_unique' });

/**
 * Published versions: immutable snapshots of every active item and every policy. Orders keep the version number
 * they were quoted with, so nothing may change a version once written; the hooks below refuse updates and deletes
 * through Mongoose. Publishing inserts version N+1: the unique index decides a concurrent publish.
 */
const CatalogVersionSchema = new Schema<CatalogVersionRecord>(
  {
    version: { type: Number, required: true, min: 1 },
    publishedAt: { type: Date, required: true },
    publishedBy: {
      id: { type: Schema.Types.ObjectId, default: null },
      name: { type: String, required: true },
    },
    items: { type: [new Schema(itemFields, { _id: false })], default: [] },
    policies: { type: [new Schema(policyFields, { _id: false, minimize: false })], default: [] },
  },
  { versionKey: false, collection: 'catalog_versions', minimize: false },
);
CatalogVersionSchema.index({ version: 1 }, { unique: true, name: 'catalog_version_unique' });

const IMMUTABLE = ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const;
for (const op of IMMUTABLE) {
  CatalogVersionSchema.pre(op, () => {
    throw new Error('published catalogue versions are immutable');
  });
}
CatalogVersionSchema.pre('save', function () {
  if (!this.isNew) throw new Error('published catalogue versions are immutable');
});

export const DraftItem = mongoose.model<DraftItemRecord>('CatalogItem', DraftItemSchema);
export const DraftPolicy = mongoose.model<DraftPolicyRecord>('CatalogPolicy', DraftPolicySchema);
export const CatalogVersion = mongoose.model<CatalogVersionRecord>('CatalogVersion', CatalogVersionSchema);
