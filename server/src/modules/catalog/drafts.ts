import {
  APPLIANCE_CATEGORIES,
  CATALOG_LIMITS,
  CATEGORY_CODES,
  SERVICE_TYPE_CODES,
  catalogSearchKey,
  type CatalogDiff,
  type CatalogFieldChange,
  type CatalogItemInput,
  type CatalogItemListQuery,
  type CatalogItemPatch,
  type CategoryCode,
  type CategoryPolicyInput,
} from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { Clock } from '../../lib/clock';
import { recordAudit } from '../audit/service';
import { CatalogVersion, DraftItem, DraftPolicy, type CatalogItemRecord, type CatalogSnapshot, type CategoryPolicyRecord, type DraftItemRecord, type DraftPolicyRecord } from './model';
import { normaliseCertificates, normaliseLevels, presentDraftItem, presentItem, presentPolicy, presentPolicyAdmin, serialisedOf } from './presenter';
import { findPublishedCatalog, getPublishedCatalog, latestVersionNumber } from './service';

/**
 * The platform admin's side of the catalogue: edit draft items and category policies, compare the draft with the
 * latest published version, publish. Every write is audit-logged with who, from where and what changed.
 */

/** Who is acting, for the audit log and `publishedBy`. `id: null` is the system (the seed). */
export interface CatalogActor {
  id: string | null;
  role: string | null;
  name: string;
  ip: string | null;
  requestId: string | null;
}

export type FieldChange = CatalogFieldChange;

const ITEM_FIELDS = ['category', 'serviceTypes', 'kind', 'name', 'unit', 'priceFen', 'warrantyDays', 'coveredByApplianceWarranty', 'serialised', 'active', 'condition', 'waivedWithRepair'] as const;
/** A published version holds only active items, so `active` is not a difference between draft and published. */
const PUBLISHED_ITEM_FIELDS = ITEM_FIELDS.filter((f) => f !== 'active');

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

type ItemField = (typeof ITEM_FIELDS)[number];

function fieldChanges(before: Pick<CatalogItemRecord, ItemField>, after: Pick<CatalogItemRecord, ItemField>, fields: readonly ItemField[]): FieldChange[] {
  return fields.filter((f) => !same(before[f], after[f])).map((f) => ({ field: f, before: before[f], after: after[f] }));
}

function policyChanges(before: CategoryPolicyRecord, after: CategoryPolicyRecord): FieldChange[] {
  const changes: FieldChange[] = [];
  if (before.applianceWarrantyMonths !== after.applianceWarrantyMonths) {
    changes.push({ field: 'applianceWarrantyMonths', before: before.applianceWarrantyMonths, after: after.applianceWarrantyMonths });
  }
  const b = normaliseCertificates(before.requiredCertificates);
  const a = normaliseCertificates(after.requiredCertificates);
  for (const type of SERVICE_TYPE_CODES) {
    if (!same(b[type] ?? [], a[type] ?? [])) changes.push({ field: `requiredCertificates.${type}`, before: b[type] ?? [], after: a[type] ?? [] });
  }
  // Issue 19: the lowest level per service type; 1 (any level) when none is set.
  const bl = normaliseLevels(before.minLevels);
  const al = normaliseLevels(after.minLevels);
  for (const type of SERVICE_TYPE_CODES) {
    if ((bl[type] ?? 1) !== (al[type] ?? 1)) changes.push({ field: `minLevels.${type}`, before: bl[type] ?? 1, after: al[type] ?? 1 });
  }
  return changes;
}

const sortServiceTypes = (types: CatalogItemRecord['serviceTypes']) => SERVICE_TYPE_CODES.filter((t) => types.includes(t));
const searchKeyOf = (code: string, name: string) => catalogSearchKey(`${code} ${name}`);
const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The plain item fields (no _id, search key or timestamps): what audit entries and published versions hold. */
const itemRecord = (i: CatalogItemRecord): CatalogItemRecord => presentItem(i);

async function audit(clock: Clock, actor: CatalogActor, action: string, target: string, data: Record<string, unknown>) {
  await recordAudit(clock, { action, actorId: actor.id, actorRole: actor.role, ip: actor.ip, requestId: actor.requestId, target, data });
}

/** Only parts carry a serial: asking for one on labour or a fee is a mistake, refused by name. */
function assertSerialisedFits(kind: CatalogItemRecord['kind'], serialised: boolean | undefined) {
  if (serialised === true && kind !== 'part') {
    throw new AppError('validation_failed', undefined, { fields: [{ path: 'serialised', message: '只有配件才需登记序列号和旧件照片' }] });
  }
}

/**
 * Issue 19: only a fee carries a surcharge condition, and only labour or a fee (an inspection fee) can be waived when
 * the repair is done; anything else is refused by name.
 */
function assertSurchargeFits(kind: CatalogItemRecord['kind'], condition: CatalogItemRecord['condition'] | undefined, waived: boolean | undefined) {
  const fields: Array<{ path: string; message: string }> = [];
  if (condition && kind !== 'fee') fields.push({ path: 'condition', message: '只有附加费才能设置收费条件' });
  if (waived && kind === 'part') fields.push({ path: 'waivedWithRepair', message: '配件不能设为“维修时免收”，只有检测费等人工或附加费可以' });
  if (fields.length) throw new AppError('validation_failed', undefined, { fields });
}

/** An item with its serialised flag, condition and waiver as they read (items stored before the flags existed have none). */
const withSerialised = <T extends CatalogItemRecord>(i: T): T => ({ ...i, serialised: serialisedOf(i), condition: i.condition ?? null, waivedWithRepair: i.waivedWithRepair === true });

const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;

export async function listDraftItems(query: CatalogItemListQuery) {
  const filter: Record<string, unknown> = {};
  if (query.category) filter.category = query.category;
  if (query.kind) filter.kind = query.kind;
  if (query.active !== undefined) filter.active = query.active;
  if (query.q) filter.searchKey = { $regex: escapeRegex(catalogSearchKey(query.q)) };
  const [items, total] = await Promise.all([
    DraftItem.find(filter)
      .sort({ category: 1, code: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean<DraftItemRecord[]>(),
    DraftItem.countDocuments(filter),
  ]);
  return { items: items.map(presentDraftItem), total, page: query.page, pageSize: query.pageSize };
}

/**
 * Adds a draft item. Creating is idempotent: repeating the same create (a retry) answers the existing item; a
 * different item under an existing code is a 409 `conflict` (change it with PATCH instead).
 */
export async function createDraftItem(clock: Clock, actor: CatalogActor, input: CatalogItemInput) {
  assertSerialisedFits(input.kind, input.serialised);
  assertSurchargeFits(input.kind, input.condition, input.waivedWithRepair);
  const record: CatalogItemRecord = {
    ...input,
    serviceTypes: sortServiceTypes(input.serviceTypes),
    // Labour and parts are what a manufacturer's warranty pays for; extra fees (night, height, distance) are not.
    coveredByApplianceWarranty: input.coveredByApplianceWarranty ?? input.kind !== 'fee',
    // Parts are serialised unless marked as consumables (defaultSerialised in shared); nothing else is.
    serialised: serialisedOf({ kind: input.kind, serialised: input.serialised }),
  };
  try {
    const doc = await DraftItem.create({ ...record, searchKey: searchKeyOf(record.code, record.name) });
    const created = doc.toObject() as DraftItemRecord;
    await audit(clock, actor, 'catalog.item_created', record.code, { item: itemRecord(created) });
    return presentDraftItem(created);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const existing = await DraftItem.findOne({ code: record.code }).lean<DraftItemRecord>();
    if (existing && fieldChanges(withSerialised(existing), record, ITEM_FIELDS).length === 0) return presentDraftItem(existing);
    throw new AppError('conflict', `编码 ${record.code} 已存在，请修改该项目或换一个编码`);
  }
}

export async function updateDraftItem(clock: Clock, actor: CatalogActor, code: string, patch: CatalogItemPatch) {
  const stored = await DraftItem.findOne({ code }).lean<DraftItemRecord>();
  if (!stored) throw new AppError('not_found', `价目项目 ${code} 不存在`);
  const before = withSerialised(stored);
  const kind = patch.kind ?? before.kind;
  assertSerialisedFits(kind, patch.serialised);
  assertSurchargeFits(kind, patch.condition === undefined ? before.condition : patch.condition, patch.waivedWithRepair ?? before.waivedWithRepair);
  const set: Partial<CatalogItemRecord> & { searchKey?: string } = { ...patch };
  // A change of kind resets the flag to the new kind's default unless the patch sets it.
  if (patch.kind !== undefined || patch.serialised !== undefined) {
    set.serialised = serialisedOf({ kind, serialised: patch.serialised ?? (kind === before.kind ? before.serialised : undefined) });
  }
  if (patch.serviceTypes) set.serviceTypes = sortServiceTypes(patch.serviceTypes);
  if (patch.name !== undefined) set.searchKey = searchKeyOf(code, patch.name);
  const changes = fieldChanges(before, { ...before, ...set }, ITEM_FIELDS);
  if (changes.length === 0) return presentDraftItem(before);
  const after = await DraftItem.findOneAndUpdate({ code }, { $set: set }, { returnDocument: 'after', runValidators: true }).lean<DraftItemRecord>();
  if (!after) throw new AppError('not_found', `价目项目 ${code} 不存在`);
  await audit(clock, actor, 'catalog.item_updated', code, { changes });
  return presentDraftItem(after);
}

/** Items are never deleted (a published version may still refer to them): deleting deactivates. Idempotent. */
export async function deactivateDraftItem(clock: Clock, actor: CatalogActor, code: string) {
  const after = await DraftItem.findOneAndUpdate({ code, active: true }, { $set: { active: false } }, { returnDocument: 'after' }).lean<DraftItemRecord>();
  if (after) {
    await audit(clock, actor, 'catalog.item_deactivated', code, { changes: [{ field: 'active', before: true, after: false }] });
    return presentDraftItem(after);
  }
  const existing = await DraftItem.findOne({ code }).lean<DraftItemRecord>();
  if (!existing) throw new AppError('not_found', `价目项目 ${code} 不存在`);
  return presentDraftItem(existing);
}

const defaultPolicy = (category: CategoryCode): CategoryPolicyRecord => ({
  category,
  applianceWarrantyMonths: CATALOG_LIMITS.defaultApplianceWarrantyMonths,
  requiredCertificates: {},
});

/** Every category's draft policy; categories never configured show the defaults with `configured: false`. */
export async function listDraftPolicies() {
  const drafts = await DraftPolicy.find().lean<DraftPolicyRecord[]>();
  return CATEGORY_CODES.map((category) => {
    const draft = drafts.find((d) => d.category === category) ?? null;
    return presentPolicyAdmin(draft ?? defaultPolicy(category), draft);
  });
}

/** Sets a category's draft policy (replacing it whole). */
export async function putDraftPolicy(clock: Clock, actor: CatalogActor, category: CategoryCode, input: CategoryPolicyInput) {
  if (input.category && input.category !== category) {
    throw new AppError('validation_failed', undefined, { fields: [{ path: 'category', message: '与路径中的品类不一致' }] });
  }
  const record: CategoryPolicyRecord = {
    category,
    applianceWarrantyMonths: input.applianceWarrantyMonths,
    requiredCertificates: normaliseCertificates(input.requiredCertificates),
    minLevels: normaliseLevels(input.minLevels),
  };
  const before = await DraftPolicy.findOne({ category }).lean<DraftPolicyRecord>();
  const write = () => DraftPolicy.findOneAndUpdate({ category }, { $set: record }, { upsert: true, returnDocument: 'after', runValidators: true }).lean<DraftPolicyRecord>();
  let after: DraftPolicyRecord | null;
  try {
    after = await write();
  } catch (err) {
    // Two first-time writes raced on the unique category: the loser's update now finds the winner's document.
    if (!isDuplicateKey(err)) throw err;
    after = await write();
  }
  const changes = policyChanges(before ?? defaultPolicy(category), record);
  if (!before || changes.length) await audit(clock, actor, 'catalog.policy_updated', category, { created: !before, changes });
  return presentPolicyAdmin(after!, after);
}

/** What publishing now would change: the active draft against the latest published version, field by field. */
export async function diffDraft(): Promise<CatalogDiff> {
  const [published, items, policies] = await Promise.all([
    findPublishedCatalog(),
    DraftItem.find({ active: true }).sort({ category: 1, code: 1 }).lean<DraftItemRecord[]>(),
    DraftPolicy.find().lean<DraftPolicyRecord[]>(),
  ]);
  const base = published ?? { version: null, items: [], policies: [] };
  const draftCodes = new Set(items.map((i) => i.code));
  const publishedByCode = new Map(base.items.map((i) => [i.code, i]));
  const changed = items
    .filter((i) => publishedByCode.has(i.code))
    .map((i) => ({ code: i.code, name: i.name, changes: fieldChanges(publishedByCode.get(i.code)!, withSerialised(i as CatalogItemRecord), PUBLISHED_ITEM_FIELDS) }))
    .filter((c) => c.changes.length > 0);
  const draftPolicyFor = new Map(policies.map((p) => [p.category, p]));
  const publishedPolicyFor = new Map(base.policies.map((p) => [p.category, p]));
  const diff: CatalogDiff = {
    baseVersion: base.version,
    hasChanges: false,
    added: items.filter((i) => !publishedByCode.has(i.code)).map(presentItem),
    removed: base.items.filter((i) => !draftCodes.has(i.code)).map(presentItem),
    changed,
    policies: {
      added: policies.filter((p) => !publishedPolicyFor.has(p.category)).map(presentPolicy),
      removed: base.policies.filter((p) => !draftPolicyFor.has(p.category)).map(presentPolicy),
      changed: CATEGORY_CODES.filter((c) => draftPolicyFor.has(c) && publishedPolicyFor.has(c))
        .map((category) => ({ category, changes: policyChanges(publishedPolicyFor.get(category)!, draftPolicyFor.get(category)!) }))
        .filter((c) => c.changes.length > 0),
    },
  };
  diff.hasChanges = [diff.added, diff.removed, diff.changed, diff.policies.added, diff.policies.removed, diff.policies.changed].some((l) => l.length > 0);
  return diff;
}

/**
 * Publishes the draft as version N+1, where N is the latest version and must equal `expectedVersion` (the version
 * the admin reviewed). The version holds every active item and every policy and is never changed afterwards.
 * Two admins publishing at once both compute N+1; the unique index on `version` lets exactly one insert win and the
 * other gets 409 `catalog_version_conflict`, so nobody publishes over a version they have not seen.
 */
export async function publishCatalog(clock: Clock, actor: CatalogActor, expectedVersion: number): Promise<CatalogSnapshot> {
  const latest = await latestVersionNumber();
  if (latest !== expectedVersion) {
    throw new AppError('catalog_version_conflict', `价目表当前为第 ${latest} 版，与你查看的第 ${expectedVersion} 版不一致，请刷新后重试`);
  }
  const [items, policies] = await Promise.all([
    DraftItem.find({ active: true }).sort({ category: 1, code: 1 }).lean<DraftItemRecord[]>(),
    DraftPolicy.find().lean<DraftPolicyRecord[]>(),
  ]);
  const version = latest + 1;
  const order = (c: CategoryCode) => APPLIANCE_CATEGORIES.findIndex((x) => x.code === c);
  try {
    await CatalogVersion.create({
      version,
      publishedAt: clock.now(),
      publishedBy: { id: actor.id, name: actor.name },
      items: items.map(itemRecord),
      policies: policies.sort((a, b) => order(a.category) - order(b.category)).map(presentPolicy),
    });
  } catch (err) {
    if (isDuplicateKey(err)) throw new AppError('catalog_version_conflict', '其他管理员刚刚发布了新版本，请刷新后重试');
    throw err;
  }
  await audit(clock, actor, 'catalog.published', `v${version}`, { version, items: items.length, policies: policies.length });
  return getPublishedCatalog(version);
}
