import type { Context } from 'koa';
import { isValidObjectId, Types } from 'mongoose';
import type { Role } from '@fangxin/shared';
import { AppError } from '../core/errors';
import type { AuthUser } from '../core/authUser';
import { verifyAccessToken } from '../lib/accessToken';
import { User, type UserRecord } from '../modules/users/model';
import type { AppDeps } from '../deps';

/** What authentication reads and writes of a request: a Koa context whose state carries the caller (a RouteContext). */
type AuthContext = Context & { state: { user?: AuthUser } };

/**
 * Reads the Bearer token and loads the user (one keyed lookup), so a disabled account or a changed role or outlet
 * takes effect at once rather than when the token expires.
 */
export async function authenticate(ctx: AuthContext, deps: AppDeps): Promise<void> {
  const header = ctx.get('authorization');
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return;
  const claims = verifyAccessToken(deps.config.JWT_SECRET, match[1]!, deps.clock.now());
  if (!isValidObjectId(claims.sub)) throw new AppError('unauthenticated');
  // Straight through the driver's collection: the same keyed find Mongoose would send, without its query
  // building and casting, on the one read every authenticated request makes.
  const user = await User.collection.findOne<Pick<UserRecord, '_id' | 'role' | 'name' | 'outletId' | 'status'>>(
    { _id: new Types.ObjectId(claims.sub) },
    { projection: { role: 1, name: 1, outletId: 1, status: 1 } },
  );
  if (!user) throw new AppError('unauthenticated');
  if (user.status !== 'active') throw new AppError('account_disabled');
  ctx.state.user = {
    id: String(user._id),
    role: user.role as Role,
    name: user.name,
    outletId: user.outletId ? String(user.outletId) : null,
  };
}

/** Client address for rate limits and the audit log (X-Forwarded-For only when TRUST_PROXY is set: app.proxy). */
export function clientIp(ctx: Context): string {
  return ctx.ip || ctx.request.ip || 'unknown';
}
