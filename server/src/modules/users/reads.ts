import { Types } from 'mongoose';
import { STAFF_ROLES } from '@fangxin/shared';
import { User, type UserRecord } from './model';

/**
 * The account reads other modules need (issue 17): they call these functions instead of querying the User model,
 * each the query its caller ran before (same filter, projection and sort). This file imports only the model, so any
 * module (and anything app assembly imports, such as the WeChat notification channel) may use it without a cycle.
 */

type Id = string | Types.ObjectId;

/** Names of these accounts (one read; unknown ids are left out). */
export function userNames(ids: Id[]): Promise<Array<Pick<UserRecord, '_id' | 'name'>>> {
  return User.find({ _id: { $in: ids } }, { name: 1 }).lean<Array<Pick<UserRecord, '_id' | 'name'>>>();
}

/** The account's WeChat openid, or null (no such account, or not signed in with WeChat). */
export async function wechatOpenIdOf(userId: string): Promise<string | null> {
  const user = await User.findById(userId, { wechatOpenId: 1 }).lean<Pick<UserRecord, '_id' | 'wechatOpenId'>>();
  return user?.wechatOpenId ?? null;
}

/** The active managers of an outlet. */
export async function activeManagerIds(outletId: Types.ObjectId): Promise<Types.ObjectId[]> {
  const managers = await User.find({ role: 'outlet_manager', outletId, status: 'active' }, { _id: 1 }).lean<Array<Pick<UserRecord, '_id'>>>();
  return managers.map((m) => m._id);
}

/** The active platform admins. */
export async function activeAdminIds(): Promise<Types.ObjectId[]> {
  const admins = await User.find({ role: 'platform_admin', status: 'active' }, { _id: 1 }).lean<Array<Pick<UserRecord, '_id'>>>();
  return admins.map((a) => a._id);
}

/** The outlet's first active manager by seniority, or null. */
export async function firstActiveManager(outletId: Types.ObjectId): Promise<Types.ObjectId | null> {
  const first = await User.findOne({ role: 'outlet_manager', outletId, status: 'active' }, { _id: 1 }).sort({ createdAt: 1, _id: 1 }).lean<Pick<UserRecord, '_id'>>();
  return first?._id ?? null;
}

/** The account, if it is an active manager of this outlet (its id and name), else null. */
export function activeManagerOf(outletId: Types.ObjectId, userId: string): Promise<Pick<UserRecord, '_id' | 'name'> | null> {
  return User.findOne({ _id: new Types.ObjectId(userId), role: 'outlet_manager', outletId, status: 'active' }, { _id: 1, name: 1 }).lean<Pick<UserRecord, '_id' | 'name'>>();
}

/** The whole account, or null. */
export function findUserById(id: Id): Promise<UserRecord | null> {
  return User.findById(id).lean<UserRecord>();
}

/** A staff account by username (case-insensitive: usernames are stored lower-case). */
export function findStaffByUsername(username: string): Promise<UserRecord | null> {
  return User.findOne({ username: username.toLowerCase(), role: { $in: STAFF_ROLES } }).lean<UserRecord>();
}
