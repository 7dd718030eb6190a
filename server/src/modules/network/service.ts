import { Types } from 'mongoose';
import {
  NETWORK_LIMITS,
  districtName,
  type CoverageWarning,
  type CreateOutletBody,
  type DispatchMode,
  type EngineerContactView,
  type EngineerListQuery,
  type OutletCoverageResult,
  type UpdateOutletBody,
} from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { findScopedOr404, outletScope } from '../../lib/scope';
import { auditChange, escapeRegex, isDuplicateOn, type StaffActor } from '../users/actor';
import { Engineer, Outlet, type EngineerRecord, type OutletRecord } from './model';
import { expiryWarningLimit, presentEngineer, presentOutlet } from './presenter';

// ---- Outlets --------------------------------------------------------------------------------------------------

export async function listOutlets(user: AuthUser) {
  const outlets = await Outlet.find(outletScope(user, '_id')).sort({ code: 1 }).lean<OutletRecord[]>();
  return outlets.map(presentOutlet);
}

export async function getOutlet(user: AuthUser, id: string) {
  return presentOutlet(await findScopedOr404<OutletRecord>(Outlet, id, user, { field: '_id', what: '网点' }));
}

/** A new outlet (platform admin). The code is unique (409 under any race, by the unique index). */
export async function createOutlet(clock: Clock, actor: StaffActor, body: CreateOutletBody) {
  let outlet: OutletRecord;
  try {
    outlet = (await Outlet.create({ ...body, districtCodes: body.districtCodes ?? [] })).toObject() as OutletRecord;
  } catch (err) {
    if (isDuplicateOn(err, 'outlet_code_unique')) {
      throw new AppError('conflict', `网点代码 ${body.code} 已存在`, { fields: [{ path: 'code', message: '网点代码已存在' }] });
    }
    throw err;
  }
  await auditChange(clock, actor, { action: 'outlet.create', target: `outlet:${outlet.code}`, outletId: String(outlet._id), data: { ...body } });
  return presentOutlet(outlet);
}

/** Name, address, phone, city or daily slot capacity (platform admin). The code never changes: serials carry it. */
export async function updateOutlet(clock: Clock, actor: StaffActor, id: string, patch: UpdateOutletBody) {
  const before = await Outlet.findOneAndUpdate({ _id: id }, { $set: patch }, { returnDocument: 'before' }).lean<OutletRecord>();
  if (!before) throw new AppError('not_found', '网点不存在');
  const changes = Object.entries(patch).map(([field, after]) => ({ field, before: before[field as keyof OutletRecord], after }));
  await auditChange(clock, actor, { action: 'outlet.update', target: `outlet:${before.code}`, outletId: id, data: { changes } });
  return presentOutlet({ ...before, ...patch });
}

/**
 * Replaces the districts an outlet covers. Several outlets may cover one district; the answer warns about every
 * district this change left with no outlet at all, because bookings there now fail with `outside_coverage`.
 */
export async function setCoverage(clock: Clock, actor: StaffActor, id: string, districtCodes: string[]): Promise<OutletCoverageResult> {
  const before = await Outlet.findOneAndUpdate({ _id: id }, { $set: { districtCodes } }, { returnDocument: 'before' }).lean<OutletRecord>();
  if (!before) throw new AppError('not_found', '网点不存在');
  const removed = before.districtCodes.filter((code) => !districtCodes.includes(code));
  const added = districtCodes.filter((code) => !before.districtCodes.includes(code));
  const stillCovered = removed.length ? new Set(await Outlet.distinct<string>('districtCodes', { districtCodes: { $in: removed } })) : new Set<string>();
  const warnings: CoverageWarning[] = removed
    .filter((code) => !stillCovered.has(code))
    .map((code) => ({
      code: 'district_uncovered',
      districtCode: code,
      districtName: districtName(code) ?? null,
      message: `${districtName(code) ?? code} 已没有任何网点覆盖，该区县的新预约将无法下单`,
    }));
  await auditChange(clock, actor, {
    action: 'outlet.coverage',
    target: `outlet:${before.code}`,
    outletId: id,
    data: { added, removed, uncovered: warnings.map((w) => w.districtCode) },
  });
  return { outlet: presentOutlet({ ...before, districtCodes }), warnings };
}

// ---- Engineers (reads) ----------------------------------------------------------------------------------------

/** Filters of the engineer list, in the caller's scope. `category` means a passed assessment (S6). */
function engineerFilter(user: AuthUser, query: EngineerListQuery, now: Date): Record<string, unknown> {
  const and: Record<string, unknown>[] = [outletScope(user)];
  if (query.status) and.push({ status: query.status });
  if (query.category) and.push({ skills: { $elemMatch: { category: query.category, score: { $gte: NETWORK_LIMITS.skillPassScore } } } });
  if (query.q) {
    const pattern = { $regex: escapeRegex(query.q), $options: 'i' };
    and.push({ $or: [{ name: pattern }, { employeeNo: pattern }] });
  }
  if (query.expiringSoon !== undefined) {
    const soon = { $lte: expiryWarningLimit(now) };
    const any = { 'certificates.expiresAt': soon };
    // `$nor` rather than `$not` on the array path: the embedded engine's `$not` skips documents with no certificates.
    and.push(query.expiringSoon ? any : { $nor: [any] });
  }
  return { $and: and };
}

export async function listEngineers(clock: Clock, user: AuthUser, query: EngineerListQuery) {
  const now = clock.now();
  const filter = engineerFilter(user, query, now);
  const [items, total] = await Promise.all([
    Engineer.find(filter)
      .sort({ employeeNo: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean<EngineerRecord[]>(),
    Engineer.countDocuments(filter),
  ]);
  return { items: items.map((e) => presentEngineer(e, now)), total, page: query.page, pageSize: query.pageSize };
}

export async function getEngineer(clock: Clock, user: AuthUser, id: string) {
  return presentEngineer(await findScopedOr404<EngineerRecord>(Engineer, id, user, { what: '工程师' }), clock.now());
}

/** S10: an engineer's full phone number for staff who need to call them; every reveal is audit-logged. */
export async function revealEngineerContact(clock: Clock, actor: StaffActor, id: string): Promise<EngineerContactView> {
  const e = await findScopedOr404<EngineerRecord>(Engineer, id, actor.user, { what: '工程师' });
  await auditChange(clock, actor, {
    action: 'pii.reveal_engineer_phone',
    target: `engineer:${e.employeeNo}`,
    outletId: String(e.outletId),
    data: { engineerId: String(e._id) },
  });
  return { engineerId: String(e._id), name: e.name, employeeNo: e.employeeNo, phone: e.phone };
}

// ---- For other modules (issue 17: they call these, never the Engineer model; reads are in ./reads.ts) --------------

/** Suspends the engineer behind a disabled account, if active; true when this call suspended them. */
export async function suspendEngineerOfDisabledAccount(engineerId: Types.ObjectId, at: Date, by: Types.ObjectId): Promise<boolean> {
  const res = await Engineer.updateOne({ _id: engineerId, status: 'active' }, { $set: { status: 'suspended', suspension: { reason: '账号已停用', at, by } } });
  return res.modifiedCount === 1;
}

/** Writes engineers' quality scores (S11), skipping those whose score did not move; how many changed. */
export async function writeQualityScores(scores: Array<{ id: string; score: number | null }>): Promise<number> {
  const res = await Engineer.bulkWrite(
    scores.map((e) => ({ updateOne: { filter: { _id: new Types.ObjectId(e.id), qualityScore: { $ne: e.score } }, update: { $set: { qualityScore: e.score } } } })),
    { ordered: false },
  );
  return res.modifiedCount;
}

/**
 * How an outlet hands its new orders to engineers (issue 19: manual, offer, auto); its manager or a platform admin
 * sets it, another outlet is 404. Audited with the mode before and after.
 */
export async function setDispatchMode(clock: Clock, actor: StaffActor, id: string, mode: DispatchMode): Promise<{ outletId: string; mode: DispatchMode }> {
  const outlet = await findScopedOr404<OutletRecord>(Outlet, id, actor.user, { field: '_id', what: '网点', projection: { _id: 1 } });
  const before = await Outlet.findOneAndUpdate({ _id: outlet._id }, { $set: { dispatchMode: mode } }, { returnDocument: 'before' }).lean<OutletRecord>();
  if (!before) throw new AppError('not_found', '网点不存在');
  await auditChange(clock, actor, {
    action: 'outlet.dispatch_mode',
    target: `outlet:${before.code}`,
    outletId: String(before._id),
    data: { changes: [{ field: 'dispatchMode', before: before.dispatchMode ?? 'manual', after: mode }] },
  });
  return { outletId: String(before._id), mode };
}
