import { Types } from 'mongoose';
import type { AuthUser } from '../../core/authUser';
import { findScopedOr404 } from '../../lib/scope';
import { Engineer, Outlet, type EngineerRecord, type OutletRecord } from './model';

/**
 * The outlet and engineer reads other modules need (issue 17): they call these functions instead of querying the
 * Outlet or Engineer model, each the query its caller ran before (same filter and projection). This file imports
 * only the model, so any module (and anything app assembly imports) may use it without an import cycle.
 */

type Id = string | Types.ObjectId;

const projectionOf = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, 1 as const]));

/** Some fields of one outlet by id (its name; its window capacity for a reservation; its contact for a receipt…), or null. */
export function outletFields<K extends keyof OutletRecord>(id: Id, ...fields: K[]): Promise<Pick<OutletRecord, '_id' | K> | null> {
  return Outlet.findById(id, projectionOf(fields)).lean<Pick<OutletRecord, '_id' | K>>();
}

/** Some fields of one engineer by id, or null. */
export function engineerFields<K extends keyof EngineerRecord>(id: Id, ...fields: K[]): Promise<Pick<EngineerRecord, '_id' | K> | null> {
  return Engineer.findById(id, projectionOf(fields)).lean<Pick<EngineerRecord, '_id' | K>>();
}

/** Whether the outlet exists. */
export async function outletExists(id: Id): Promise<boolean> {
  return !!(await Outlet.exists({ _id: id }));
}

/** One outlet in the caller's scope (`projection` narrows the read); missing or another outlet's: 404 `网点不存在`. */
export function scopedOutletOr404(user: AuthUser, id: string, projection?: Record<string, 0 | 1>): Promise<OutletRecord> {
  return findScopedOr404<OutletRecord>(Outlet, id, user, { field: '_id', what: '网点', ...(projection ? { projection } : {}) });
}

/** One engineer in the caller's scope; missing or another outlet's: 404 `<what>不存在`. */
export function scopedEngineerOr404(user: AuthUser, id: string, what = '工程师'): Promise<EngineerRecord> {
  return findScopedOr404<EngineerRecord>(Engineer, id, user, { what });
}

/** Names of these outlets (one read; unknown ids are left out). */
export function outletNames(ids: Id[]): Promise<Array<Pick<OutletRecord, '_id' | 'name'>>> {
  return Outlet.find({ _id: { $in: ids } }, { name: 1 }).lean<Array<Pick<OutletRecord, '_id' | 'name'>>>();
}

/** Every outlet's name and code. */
export function outletNamesAndCodes(): Promise<Array<Pick<OutletRecord, '_id' | 'name' | 'code'>>> {
  return Outlet.find({}, { name: 1, code: 1 }).lean<Array<Pick<OutletRecord, '_id' | 'name' | 'code'>>>();
}

/** Names and employee numbers of these engineers (one read; unknown ids are left out). */
export function engineerNames(ids: Id[]): Promise<Array<Pick<EngineerRecord, '_id' | 'name' | 'employeeNo'>>> {
  return Engineer.find({ _id: { $in: ids } }, { name: 1, employeeNo: 1 }).lean<Array<Pick<EngineerRecord, '_id' | 'name' | 'employeeNo'>>>();
}

/** Engineers of one outlet, or of every outlet (null): name, employee number and outlet. */
export function engineersOf(outletId: Types.ObjectId | null): Promise<Array<Pick<EngineerRecord, '_id' | 'name' | 'employeeNo' | 'outletId'>>> {
  return Engineer.find(outletId ? { outletId } : {}, { name: 1, employeeNo: 1, outletId: 1 }).lean<Array<Pick<EngineerRecord, '_id' | 'name' | 'employeeNo' | 'outletId'>>>();
}

/** The engineer profile of a user account, or null. */
export function engineerOfUser(userId: string): Promise<EngineerRecord | null> {
  return Engineer.findOne({ userId: new Types.ObjectId(userId) }).lean<EngineerRecord>();
}

/**
 * For card scans, anonymous and frequent: the engineer and an outlet's name by id, through the driver's collections
 * directly (plain keyed reads, without Mongoose's query machinery).
 */
export function engineerForScan(id: string): Promise<EngineerRecord | null> {
  return Engineer.collection.findOne<EngineerRecord>({ _id: new Types.ObjectId(id) });
}

export function outletNameForScan(id: Types.ObjectId): Promise<Pick<OutletRecord, '_id' | 'name'> | null> {
  return Outlet.collection.findOne<Pick<OutletRecord, '_id' | 'name'>>({ _id: id }, { projection: { name: 1 } });
}

// ---- For orders: booking, slot reservations, dispatch and receipts ----------------------------------------------

/**
 * Outlets whose coverage includes the district, in a stable order (by code). Through the driver's collection
 * directly: the public booking page runs this on every visit.
 */
export function outletsCoveringDistrict(districtCode: string): Promise<OutletRecord[]> {
  return Outlet.collection.find<OutletRecord>({ districtCodes: districtCode }).sort({ code: 1 }).toArray();
}

/** Every engineer profile of one outlet, whole (skills, certificates, status: what dispatch ranks on). */
export function engineerProfilesOf(outletId: Types.ObjectId): Promise<EngineerRecord[]> {
  return Engineer.find({ outletId }).lean<EngineerRecord[]>();
}

