import { z } from 'zod';
import { CATEGORY_CODES, CERTIFICATE_TYPE_CODES, SERVICE_TYPE_CODES } from '../domain/catalog';
import type { SurchargeCondition as SurchargeConditionType } from '../domain/surcharges';
import { Pagination } from './common';

/**
 * The national price catalogue (S5, S6): draft items and category policies that a platform admin edits, and the
 * immutable published versions that orders are quoted from. Money is integer fen.
 */

export const CATALOG_ITEM_KINDS = [
  { code: 'labour', name: '人工服务费' },
  { code: 'part', name: '配件' },
  { code: 'fee', name: '附加费' },
] as const;
export type CatalogItemKind = (typeof CATALOG_ITEM_KINDS)[number]['code'];
export const CATALOG_ITEM_KIND_CODES = CATALOG_ITEM_KINDS.map((k) => k.code) as [CatalogItemKind, ...CatalogItemKind[]];

export const CATALOG_UNITS = ['次', '个', '米', '台'] as const;
export type CatalogUnit = (typeof CATALOG_UNITS)[number];

export const CATALOG_LIMITS = {
  codeMax: 20,
  nameMax: 40,
  /** 100,000 yuan: anything above is a typo, not a price. */
  priceFenMax: 10_000_000,
  warrantyDaysMax: 3650,
  warrantyMonthsMax: 120,
  searchMax: 40,
  /** The repair warranty an item carries unless set (S8: a free second visit within it). */
  defaultWarrantyDays: 90,
  /** The manufacturer's warranty of a category without a policy. */
  defaultApplianceWarrantyMonths: 12,
} as const;

/** The normalised form `q` is matched against: full-width folded to half-width, lower case, trimmed. */
export function catalogSearchKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

/**
 * Whether an item is a serialised part (issue 18): a part with its own serial number that is swapped, so the service
 * report carries the new part's serial and a photo of the old one (S5). Consumables (冷媒、清洗剂、滤芯、铜管), labour and
 * fees are not. Parts are serialised unless the catalogue says otherwise; nothing else ever is.
 */
export const defaultSerialised = (kind: CatalogItemKind): boolean => kind === 'part';

const unique = <T>(values: T[]) => new Set(values).size === values.length;

/** A stable item code such as `AC-L-001`: letters, digits and single hyphens; stored upper case. */
export const CatalogItemCode = z
  .string()
  .trim()
  .toUpperCase()
  .min(3, '编码至少 3 个字符')
  .max(CATALOG_LIMITS.codeMax, `编码最多 ${CATALOG_LIMITS.codeMax} 个字符`)
  // Checked after toUpperCase, so lower case passes; spelled with both cases so the documented input pattern says so.
  .regex(/^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$/, '编码只能包含字母、数字和连字符，如 AC-L-001')
  .meta({ description: 'Stable item code, e.g. AC-L-001 (case-insensitive, stored upper case)', example: 'AC-L-001' });

const PriceFen = z
  .number()
  .int('金额须为整数（分）')
  .min(0, '金额不能为负')
  .max(CATALOG_LIMITS.priceFenMax, '金额过大')
  .meta({ description: 'Price in integer fen (1 yuan = 100 fen)' });
const WarrantyDays = z.number().int('保修天数须为整数').min(0).max(CATALOG_LIMITS.warrantyDaysMax);
const ServiceTypes = z
  .array(z.enum(SERVICE_TYPE_CODES))
  .max(SERVICE_TYPE_CODES.length)
  .refine(unique, '服务类型不能重复')
  .meta({ description: 'Service types the item applies to; empty = all' });

/** Issue 19: when a surcharge may be quoted (checked by `surchargeRefusals` in shared/src/domain/surcharges.ts). */
export const SurchargeConditionSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('night_window') }),
    z.strictObject({ kind: z.literal('height_work'), needsCertificate: z.enum(CERTIFICATE_TYPE_CODES), needsPhoto: z.boolean() }),
    z.strictObject({ kind: z.literal('remote_district') }),
    z.strictObject({ kind: z.literal('urgent') }),
  ])
  .meta({
    id: 'SurchargeCondition',
    description: 'night_window: only in a window starting at or after 18:00 or ending after 20:00; height_work: only when the engineer marked the order as height work (with a site photo when needsPhoto) and holds the certificate valid on the slot; remote_district: only in districts the platform marked remote; urgent: only on urgent orders',
  }) satisfies z.ZodType<SurchargeConditionType>;

const itemFields = {
  category: z.enum(CATEGORY_CODES),
  kind: z.enum(CATALOG_ITEM_KIND_CODES),
  name: z.string().trim().min(2, '名称至少 2 个字').max(CATALOG_LIMITS.nameMax),
  unit: z.enum(CATALOG_UNITS),
  priceFen: PriceFen,
  coveredByApplianceWarranty: z.boolean().meta({ description: 'Free while the appliance is under the manufacturer’s warranty' }),
  serialised: z.boolean().meta({ description: 'A serialised part: reported with the new part’s serial and an old-part photo. Only parts can be; consumables are not' }),
  active: z.boolean(),
  condition: SurchargeConditionSchema.nullable().meta({ description: 'When this surcharge may be quoted; null: always. Only fees carry one' }),
  waivedWithRepair: z.boolean().meta({ description: 'An inspection fee waived when the repair is done: a quote may not hold it together with another labour line (repair labour)' }),
};

/**
 * A new draft item. `coveredByApplianceWarranty` defaults to true for labour and parts and false for fees;
 * `serialised` to true for parts (defaultSerialised) and is always false for labour and fees.
 */
export const CatalogItemInput = z
  .object({
    code: CatalogItemCode,
    ...itemFields,
    serviceTypes: ServiceTypes.default([]),
    warrantyDays: WarrantyDays.default(CATALOG_LIMITS.defaultWarrantyDays),
    coveredByApplianceWarranty: itemFields.coveredByApplianceWarranty.optional(),
    serialised: itemFields.serialised.optional(),
    active: z.boolean().default(true),
    condition: itemFields.condition.default(null),
    waivedWithRepair: itemFields.waivedWithRepair.default(false),
  })
  .meta({ id: 'CatalogItemInput' });

/** A change to a draft item: any fields but the code, at least one. */
export const CatalogItemPatch = z
  .object({
    category: itemFields.category,
    serviceTypes: ServiceTypes,
    kind: itemFields.kind,
    name: itemFields.name,
    unit: itemFields.unit,
    priceFen: itemFields.priceFen,
    warrantyDays: WarrantyDays,
    coveredByApplianceWarranty: itemFields.coveredByApplianceWarranty,
    serialised: itemFields.serialised,
    active: itemFields.active,
    condition: itemFields.condition,
    waivedWithRepair: itemFields.waivedWithRepair,
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, '至少修改一个字段')
  .meta({ id: 'CatalogItemPatch' });

/** One item as published (and as the price list shows it). */
export const CatalogItem = z
  .object({
    code: z.string(),
    category: z.enum(CATEGORY_CODES),
    serviceTypes: z.array(z.enum(SERVICE_TYPE_CODES)),
    kind: z.enum(CATALOG_ITEM_KIND_CODES),
    name: z.string(),
    unit: z.enum(CATALOG_UNITS),
    priceFen: z.number().int(),
    warrantyDays: z.number().int().meta({ description: 'Repair warranty this item carries, in days' }),
    coveredByApplianceWarranty: z.boolean(),
    serialised: z.boolean().meta({ description: 'A serialised part (new serial and old-part photo in the report); false for consumables, labour and fees' }),
    active: z.boolean(),
    condition: itemFields.condition,
    waivedWithRepair: itemFields.waivedWithRepair,
  })
  .meta({ id: 'CatalogItem' });

/** A draft item in the admin editor. */
export const CatalogDraftItem = CatalogItem.extend({ createdAt: z.string(), updatedAt: z.string() }).meta({ id: 'CatalogDraftItem' });

export const CatalogItemListQuery = Pagination.extend({
  category: z.enum(CATEGORY_CODES).optional(),
  kind: z.enum(CATALOG_ITEM_KIND_CODES).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  q: z.string().trim().min(1).max(CATALOG_LIMITS.searchMax).optional(),
});

export const CatalogItemCodeParams = z.object({ code: CatalogItemCode });

/** Certificates an engineer must hold, per service type (S6). Only the service types that need any are listed. */
export const RequiredCertificates = z
  .partialRecord(z.enum(SERVICE_TYPE_CODES), z.array(z.enum(CERTIFICATE_TYPE_CODES)).max(CERTIFICATE_TYPE_CODES.length).refine(unique, '证书不能重复'))
  .meta({ description: 'serviceType → certificate types required for it', example: { installation: ['high_altitude', 'refrigeration'] } });

const WarrantyMonths = z.number().int('保修月数须为整数').min(0).max(CATALOG_LIMITS.warrantyMonthsMax);

/** Issue 19: the lowest engineer level (1–5) a service type of the category needs; only the service types that need one. */
export const MinLevels = z
  .partialRecord(z.enum(SERVICE_TYPE_CODES), z.number().int('等级须为整数').min(1, '等级为 1–5').max(5, '等级为 1–5'))
  .meta({ description: 'serviceType → the lowest engineer level that may take it', example: { installation: 3 } });

export const CategoryPolicy = z
  .object({
    category: z.enum(CATEGORY_CODES),
    applianceWarrantyMonths: WarrantyMonths.meta({ description: 'Manufacturer warranty of the appliance, in months' }),
    requiredCertificates: RequiredCertificates,
    minLevels: MinLevels,
  })
  .meta({ id: 'CategoryPolicy' });

/** The body of `PUT /admin/catalog/policies/:category`; `category`, when sent, must match the path. */
export const CategoryPolicyInput = z
  .object({
    category: z.enum(CATEGORY_CODES).optional(),
    applianceWarrantyMonths: WarrantyMonths,
    requiredCertificates: RequiredCertificates.default({}),
    minLevels: MinLevels.default({}),
  })
  .meta({ id: 'CategoryPolicyInput' });

/** A draft policy in the admin editor; `configured: false` means the category still runs on the defaults. */
export const CategoryPolicyAdminView = CategoryPolicy.extend({ configured: z.boolean(), updatedAt: z.string().nullable() }).meta({
  id: 'CategoryPolicyAdminView',
});

export const CategoryParams = z.object({ category: z.enum(CATEGORY_CODES) });

export const CatalogVersion = z
  .object({
    version: z.number().int(),
    publishedAt: z.string(),
    publishedBy: z.object({ id: z.string().nullable(), name: z.string() }),
    items: z.array(CatalogItem),
    policies: z.array(CategoryPolicy),
  })
  .meta({ id: 'CatalogVersion', description: 'An immutable published catalogue: every active item and every policy at publish time' });

export const CatalogVersionParams = z.object({ version: z.coerce.number().int().min(1) });

export const PublishCatalogBody = z
  .object({ expectedVersion: z.number().int().min(0).meta({ description: 'The version the admin was looking at (0 when none is published)' }) })
  .meta({ id: 'PublishCatalogBody' });

/** A value a catalogue field holds: a text or enum, a number, a flag, a list (service types, certificates), a surcharge condition or none. */
export const CatalogFieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null(), SurchargeConditionSchema]);

/** One field's change: `requiredCertificates.<serviceType>` for a policy's certificate list. */
export const CatalogFieldChange = z
  .object({ field: z.string(), before: CatalogFieldValue, after: CatalogFieldValue })
  .meta({ id: 'CatalogFieldChange' });

export const CatalogDiff = z
  .object({
    baseVersion: z.number().int().nullable().meta({ description: 'The latest published version compared against (null: none yet)' }),
    hasChanges: z.boolean(),
    added: z.array(CatalogItem),
    removed: z.array(CatalogItem),
    changed: z.array(z.object({ code: z.string(), name: z.string(), changes: z.array(CatalogFieldChange) })),
    policies: z.object({
      added: z.array(CategoryPolicy),
      removed: z.array(CategoryPolicy),
      changed: z.array(z.object({ category: z.enum(CATEGORY_CODES), changes: z.array(CatalogFieldChange) })),
    }),
  })
  .meta({ id: 'CatalogDiff', description: 'Draft vs the latest published version, with field-level before and after' });

export const PriceListQuery = z.object({
  category: z.enum(CATEGORY_CODES).optional(),
  serviceType: z.enum(SERVICE_TYPE_CODES).optional(),
  q: z.string().trim().max(CATALOG_LIMITS.searchMax).optional().meta({ description: 'Searches item names and codes, case-insensitive' }),
});

export const PriceList = z
  .object({
    version: z.number().int(),
    publishedAt: z.string(),
    total: z.number().int(),
    groups: z.array(z.object({ kind: z.enum(CATALOG_ITEM_KIND_CODES), name: z.string(), items: z.array(CatalogItem) })),
    policy: CategoryPolicy.nullable().meta({ description: 'The category’s policy when `category` is given' }),
  })
  .meta({ id: 'PriceList' });

/** A code of the fixed vocabulary (appliance category, service type) with its Chinese and English names. */
export const CatalogNamedCode = z.object({ code: z.string(), name: z.string(), nameEn: z.string() });

export const CatalogCategories = z
  .object({ categories: z.array(CatalogNamedCode), serviceTypes: z.array(CatalogNamedCode) })
  .meta({ id: 'CatalogCategories' });

export const CategoryPolicyAdminList = z.object({ items: z.array(CategoryPolicyAdminView) }).meta({ id: 'CategoryPolicyAdminList' });

export type CatalogItemInput = z.infer<typeof CatalogItemInput>;
export type MinLevels = z.infer<typeof MinLevels>;
export type CatalogItemPatch = z.infer<typeof CatalogItemPatch>;
export type CatalogItem = z.infer<typeof CatalogItem>;
export type CatalogDraftItem = z.infer<typeof CatalogDraftItem>;
export type CatalogItemListQuery = z.infer<typeof CatalogItemListQuery>;
export type RequiredCertificates = z.infer<typeof RequiredCertificates>;
export type CategoryPolicy = z.infer<typeof CategoryPolicy>;
export type CategoryPolicyInput = z.infer<typeof CategoryPolicyInput>;
export type CategoryPolicyAdminView = z.infer<typeof CategoryPolicyAdminView>;
export type CatalogVersion = z.infer<typeof CatalogVersion>;
export type CatalogDiff = z.infer<typeof CatalogDiff>;
export type PriceListQuery = z.infer<typeof PriceListQuery>;
export type PriceList = z.infer<typeof PriceList>;
export type CatalogFieldValue = z.infer<typeof CatalogFieldValue>;
export type CatalogFieldChange = z.infer<typeof CatalogFieldChange>;
export type CatalogCategories = z.infer<typeof CatalogCategories>;
export type CategoryPolicyAdminList = z.infer<typeof CategoryPolicyAdminList>;
