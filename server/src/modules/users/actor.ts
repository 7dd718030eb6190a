import type { AuthUser } from '../../core/authUser';
import type { RouteContext } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { Clock } from '../../lib/clock';
import { recordAudit } from '../audit/service';

/** The staff member making a change, and where the request came from: what every audit entry records. */
export interface StaffActor {
  user: AuthUser;
  ip: string;
  requestId: string;
}

export const staffActor = (ctx: RouteContext): StaffActor => ({ user: ctx.state.user!, ip: clientIp(ctx), requestId: ctx.state.requestId });

/**
 * One audit entry for a change with meaning (`engineer.suspend`, `user.disable`, `pii.reveal_engineer_phone`), on
 * top of the generic entry the router writes for every staff write. `data` says what changed, never passwords.
 */
export function auditChange(
  clock: Clock,
  actor: StaffActor,
  entry: { action: string; target: string; outletId?: string | null; data?: Record<string, unknown> },
): Promise<void> {
  return recordAudit(clock, {
    action: entry.action,
    actorId: actor.user.id,
    actorRole: actor.user.role,
    outletId: entry.outletId ?? actor.user.outletId,
    target: entry.target,
    ip: actor.ip,
    requestId: actor.requestId,
    data: entry.data ?? {},
  });
}

export const isDuplicateKey = (err: unknown): err is Error => (err as { code?: number })?.code === 11000;

/** Duplicate-key errors from the embedded engine name the index in the message but carry no keyValue. */
export const isDuplicateOn = (err: unknown, index: string): boolean => isDuplicateKey(err) && err.message.includes(index);

export const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
