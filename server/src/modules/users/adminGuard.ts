import crypto from 'node:crypto';
import { AppError } from '../../core/errors';
import type { Clock } from '../../lib/clock';
import { acquireLease, releaseLease } from '../../lib/jobs';
import { User } from './model';

const LEASE = 'guard:platform-admins';
const LEASE_MS = 10_000;
const ATTEMPTS = 40;
const WAIT_MS = 25;

/**
 * "At least one active platform admin" spans several documents, and the database has no transactions. So every
 * change that can take an admin away (disable, demote) runs under one lease: count the others, then change. Two
 * admins disabling each other at once are serialized, and the second sees that no other admin is left. A crashed
 * holder's lease expires after 10 s.
 */
export async function whileNoOtherAdminChange<T>(clock: Clock, run: () => Promise<T>): Promise<T> {
  const owner = crypto.randomUUID();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (await acquireLease(LEASE, owner, clock.now(), LEASE_MS)) {
      try {
        return await run();
      } finally {
        await releaseLease(LEASE, owner, null, clock.now());
      }
    }
    await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
  }
  throw new AppError('conflict', '其他管理员正在调整账号，请稍后重试');
}

/** 409 unless some platform admin other than `userId` stays active. Call inside `whileNoOtherAdminChange`. */
export async function assertAnotherActiveAdmin(userId: string): Promise<void> {
  const others = await User.countDocuments({ role: 'platform_admin', status: 'active', _id: { $ne: userId } });
  if (others === 0) throw new AppError('conflict', '至少需要保留一名启用中的平台管理员');
}
