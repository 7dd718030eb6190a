import type { Types } from 'mongoose';
import { RefreshToken } from './model';

/**
 * Session functions other modules need (issue 17: they call these, never the RefreshToken model). Only the model is
 * imported here, so users/service.ts can use it while auth/service.ts uses the users module without a cycle.
 */

/** Ends every session of the account: all its refresh tokens not yet revoked are revoked now. */
export function revokeUserSessions(userId: Types.ObjectId, at: Date) {
  return RefreshToken.updateMany({ userId, revokedAt: null }, { $set: { revokedAt: at } });
}
