import mongoose, { type Model } from 'mongoose';
import { isOutletScoped } from '@fangxin/shared';
import { AppError } from '../core/errors';
import type { AuthUser } from '../core/authUser';

/**
 * The one helper that scopes staff queries to the caller's outlet. Platform admins see every outlet; managers and
 * engineers only their own. `field` names where the outlet id lives on the queried collection.
 */
export function outletScope(user: AuthUser, field = 'outletId'): Record<string, unknown> {
  if (user.role === 'platform_admin') return {};
  if (isOutletScoped(user.role) && user.outletId) return { [field]: new mongoose.Types.ObjectId(user.outletId) };
  throw new AppError('forbidden');
}

/**
 * Reads one record inside the caller's scope. A missing record and another outlet's record look the same: 404,
 * so ids cannot be probed.
 */
export async function findScopedOr404<T>(
  model: Model<any>, // eslint-disable-line @typescript-eslint/no-explicit-any
  id: string,
  user: AuthUser,
  options: { field?: string; what?: string; projection?: Record<string, 0 | 1> } = {},
) {
  const doc = await model
    // $and, not a spread: when the scope field is `_id` itself (outlets), a spread would replace the requested id.
    .findOne({ $and: [{ _id: new mongoose.Types.ObjectId(id) }, outletScope(user, options.field)] }, options.projection)
    .lean<T>();
  if (!doc) throw new AppError('not_found', `${options.what ?? '资源'}不存在`);
  return doc;
}
