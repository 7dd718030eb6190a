import { Types } from 'mongoose';
import {
  STAFF_ROLES,
  type CreateStaffUserBody,
  type CustomerListQuery,
  type StaffUserListQuery,
  type StaffUserView,
  type UpdateStaffUserBody,
} from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { Clock } from '../../lib/clock';
import { hashPassword } from '../auth/passwords';
import { revokeUserSessions } from '../auth/sessions';
import { outletExists } from '../network/reads';
import { suspendEngineerOfDisabledAccount } from '../network/service';
import { assertAnotherActiveAdmin, whileNoOtherAdminChange } from './adminGuard';
import { auditChange, escapeRegex, isDuplicateOn, type StaffActor } from './actor';
import { User, type UserRecord } from './model';
import { presentCustomer, presentStaffUsers } from './presenter';

/**
 * Staff accounts and roles, for platform admins. A role, outlet or status change takes effect on the account's next
 * request: `authenticate` reads the user on every call. Disabling and password resets also end every session.
 */

const STAFF_FILTER = { role: { $in: STAFF_ROLES } };

async function staffOr404(id: string): Promise<UserRecord> {
  const user = await User.findOne({ _id: id, ...STAFF_FILTER }).lean<UserRecord>();
  if (!user) throw new AppError('not_found', '账号不存在');
  return user;
}

async function present(user: UserRecord): Promise<StaffUserView> {
  return (await presentStaffUsers([user]))[0]!;
}

async function outletOr404(outletId: string): Promise<Types.ObjectId> {
  if (!(await outletExists(outletId))) throw new AppError('not_found', '网点不存在');
  return new Types.ObjectId(outletId);
}

const revokeSessions = (clock: Clock, userId: Types.ObjectId) => revokeUserSessions(userId, clock.now());

const target = (u: Pick<UserRecord, 'username' | '_id'>) => `user:${u.username ?? String(u._id)}`;

export async function listStaffUsers(query: StaffUserListQuery) {
  const filter: Record<string, unknown> = { ...STAFF_FILTER };
  if (query.role) filter.role = query.role;
  if (query.outletId) filter.outletId = new Types.ObjectId(query.outletId);
  if (query.status) filter.status = query.status;
  if (query.q) {
    const pattern = { $regex: escapeRegex(query.q), $options: 'i' };
    filter.$or = [{ name: pattern }, { username: pattern }];
  }
  const [items, total] = await Promise.all([
    User.find(filter)
      .sort({ role: 1, username: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean<UserRecord[]>(),
    User.countDocuments(filter),
  ]);
  return { items: await presentStaffUsers(items), total, page: query.page, pageSize: query.pageSize };
}

/** An outlet manager or platform admin account. Usernames are unique under any race (409 by the unique index). */
export async function createStaffUser(clock: Clock, actor: StaffActor, body: CreateStaffUserBody): Promise<StaffUserView> {
  const outletId = body.role === 'outlet_manager' ? await outletOr404(body.outletId!) : null;
  let user: UserRecord;
  try {
    const created = await User.create({
      role: body.role,
      name: body.name,
      username: body.username,
      passwordHash: await hashPassword(body.password),
      outletId,
      status: 'active',
    });
    user = created.toObject() as UserRecord;
  } catch (err) {
    if (isDuplicateOn(err, 'username_unique')) throw new AppError('conflict', '用户名已被使用', { fields: [{ path: 'username', message: '用户名已被使用' }] });
    throw err;
  }
  await auditChange(clock, actor, {
    action: 'user.create',
    target: target(user),
    outletId: outletId ? String(outletId) : null,
    data: { userId: String(user._id), role: body.role },
  });
  return present(user);
}

/**
 * Name, role (outlet manager ⇄ platform admin) and outlet. Engineer accounts change through `/engineers`. Demoting
 * the last active platform admin is 409; the change is a compare-and-set on the role the decision was made on.
 */
export async function updateStaffUser(clock: Clock, actor: StaffActor, id: string, patch: UpdateStaffUserBody): Promise<StaffUserView> {
  const current = await staffOr404(id);
  if (current.role !== 'outlet_manager' && current.role !== 'platform_admin') {
    throw new AppError('conflict', '工程师账号请在工程师管理中修改');
  }
  const role = patch.role ?? current.role;
  let outletId: Types.ObjectId | null;
  if (role === 'platform_admin') {
    if (patch.outletId) throw new AppError('validation_failed', undefined, { fields: [{ path: 'outletId', message: '平台管理员不属于任何网点' }] });
    outletId = null;
  } else {
    outletId = patch.outletId ? await outletOr404(patch.outletId) : patch.outletId === null ? null : current.outletId;
    if (!outletId) throw new AppError('validation_failed', undefined, { fields: [{ path: 'outletId', message: '网点经理必须属于一个网点' }] });
  }
  const set = { ...(patch.name !== undefined ? { name: patch.name } : {}), role, outletId };
  const apply = async () => {
    const updated = await User.findOneAndUpdate({ _id: current._id, role: current.role }, { $set: set }, { returnDocument: 'after' }).lean<UserRecord>();
    if (!updated) throw new AppError('conflict', '账号已被他人修改，请刷新后重试');
    return updated;
  };
  const demotingAdmin = current.role === 'platform_admin' && role !== 'platform_admin' && current.status === 'active';
  const updated = demotingAdmin
    ? await whileNoOtherAdminChange(clock, async () => {
        await assertAnotherActiveAdmin(id);
        return apply();
      })
    : await apply();
  await auditChange(clock, actor, {
    action: 'user.update',
    target: target(updated),
    outletId: updated.outletId ? String(updated.outletId) : null,
    data: {
      fields: Object.keys(patch),
      ...(role !== current.role ? { fromRole: current.role, toRole: role } : {}),
      ...(String(outletId) !== String(current.outletId) ? { fromOutletId: current.outletId ? String(current.outletId) : null, toOutletId: outletId ? String(outletId) : null } : {}),
    },
  });
  return present(updated);
}

/**
 * Disables a staff account: its access tokens stop working on the next request (`authenticate` checks the status)
 * and every refresh token is revoked. Nobody disables themself, and the last active platform admin stays. Disabling
 * an engineer's account also suspends their profile, so dispatch stops offering them orders (S6).
 */
export async function disableUser(clock: Clock, actor: StaffActor, id: string): Promise<StaffUserView> {
  if (id === actor.user.id) throw new AppError('conflict', '不能停用自己的账号');
  const current = await staffOr404(id);
  const disable = async () => {
    const updated = await User.findOneAndUpdate({ _id: current._id, status: 'active' }, { $set: { status: 'disabled' } }, { returnDocument: 'after' }).lean<UserRecord>();
    if (!updated) throw new AppError('conflict', '该账号已停用');
    return updated;
  };
  const updated =
    current.role === 'platform_admin'
      ? await whileNoOtherAdminChange(clock, async () => {
          await assertAnotherActiveAdmin(id);
          return disable();
        })
      : await disable();
  await revokeSessions(clock, updated._id);
  let engineerSuspended = false;
  if (updated.role === 'engineer' && updated.engineerId) {
    engineerSuspended = await suspendEngineerOfDisabledAccount(updated.engineerId, clock.now(), new Types.ObjectId(actor.user.id));
  }
  await auditChange(clock, actor, {
    action: 'user.disable',
    target: target(updated),
    outletId: updated.outletId ? String(updated.outletId) : null,
    data: { userId: id, role: updated.role, engineerSuspended },
  });
  return present(updated);
}

/** Re-enables a disabled account (a suspended engineer profile stays suspended until a manager reactivates it). */
export async function enableUser(clock: Clock, actor: StaffActor, id: string): Promise<StaffUserView> {
  const current = await staffOr404(id);
  const updated = await User.findOneAndUpdate(
    { _id: current._id, status: 'disabled' },
    { $set: { status: 'active', failedLogins: 0, lockedUntil: null } },
    { returnDocument: 'after' },
  ).lean<UserRecord>();
  if (!updated) throw new AppError('conflict', '该账号未停用');
  await auditChange(clock, actor, {
    action: 'user.enable',
    target: target(updated),
    outletId: updated.outletId ? String(updated.outletId) : null,
    data: { userId: id, role: updated.role },
  });
  return present(updated);
}

/** Sets a new password, lifts a sign-in lock, and ends every session of the account. */
export async function resetPassword(clock: Clock, actor: StaffActor, id: string, password: string): Promise<StaffUserView> {
  const current = await staffOr404(id);
  const updated = await User.findOneAndUpdate(
    { _id: current._id },
    { $set: { passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null } },
    { returnDocument: 'after' },
  ).lean<UserRecord>();
  if (!updated) throw new AppError('not_found', '账号不存在');
  await revokeSessions(clock, updated._id);
  await auditChange(clock, actor, {
    action: 'user.reset_password',
    target: target(updated),
    outletId: updated.outletId ? String(updated.outletId) : null,
    data: { userId: id, role: updated.role },
  });
  return present(updated);
}

/** Customers, read-only, phones masked (S10); `q` finds them by the last 4 digits of their phone. */
export async function listCustomers(query: CustomerListQuery) {
  const filter: Record<string, unknown> = { role: 'customer' };
  if (query.q) filter.phone = { $regex: `${query.q}$` };
  const [items, total] = await Promise.all([
    User.find(filter)
      .sort({ createdAt: -1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean<UserRecord[]>(),
    User.countDocuments(filter),
  ]);
  return { items: items.map(presentCustomer), total, page: query.page, pageSize: query.pageSize };
}

// ---- For other modules (issue 17: they call these, never the User model; reads are in ./reads.ts) -----------------

// Sign-in (auth/service.ts): the bookkeeping of failed and successful sign-ins, and first sign-ins.

/** Counts one failed sign-in; the account's failure count after it (0 when the account is gone). */
export async function countFailedSignIn(id: Types.ObjectId): Promise<number> {
  const after = await User.findOneAndUpdate({ _id: id }, { $inc: { failedLogins: 1 } }, { returnDocument: 'after', lean: true });
  return after?.failedLogins ?? 0;
}

/** Locks the account until the given time, starting the failure count over. */
export async function lockAccount(id: Types.ObjectId, lockedUntil: Date): Promise<void> {
  await User.updateOne({ _id: id }, { $set: { lockedUntil, failedLogins: 0 } });
}

/** Clears the failure count and any lock (after a correct password). */
export async function clearFailedSignIns(id: Types.ObjectId): Promise<void> {
  await User.updateOne({ _id: id }, { $set: { failedLogins: 0, lockedUntil: null } });
}

export async function recordSignIn(id: Types.ObjectId, at: Date): Promise<void> {
  await User.updateOne({ _id: id }, { $set: { lastLoginAt: at } });
}

/** Upsert by a unique sign-in key; a concurrent first sign-in that loses the insert race reads the winner's account. */
export async function findOrCreateCustomer(key: { phone: string } | { wechatOpenId: string }, name: string): Promise<UserRecord> {
  const update = { $setOnInsert: { role: 'customer', name, status: 'active' } };
  try {
    return (await User.findOneAndUpdate(key, update, { upsert: true, returnDocument: 'after', lean: true })) as UserRecord;
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    return (await User.findOne(key).lean()) as UserRecord;
  }
}

// Engineer accounts (network/engineers.ts): created disabled, switched on once the profile exists.

/** Inserts a disabled engineer account (a duplicate username fails on `username_unique`). */
export async function insertEngineerAccount(account: {
  _id: Types.ObjectId;
  name: string;
  username: string;
  passwordHash: string;
  outletId: Types.ObjectId;
  engineerId: Types.ObjectId;
}): Promise<void> {
  await User.create({ ...account, role: 'engineer', status: 'disabled' });
}

/** Removes an engineer account that was never switched on. */
export async function removeDisabledAccount(id: Types.ObjectId): Promise<void> {
  await User.deleteOne({ _id: id, status: 'disabled' });
}

export async function activateAccount(id: Types.ObjectId): Promise<void> {
  await User.updateOne({ _id: id }, { $set: { status: 'active' } });
}

/** The account follows its engineer profile: a new name, a new outlet. */
export async function updateEngineerAccount(id: Types.ObjectId, set: { name?: string; outletId?: Types.ObjectId }): Promise<void> {
  await User.updateOne({ _id: id }, { $set: set });
}
