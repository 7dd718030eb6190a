import crypto from 'node:crypto';
import {
  arrivalVerdict,
  canTransition,
  readServiceCode,
  SERVICE_CODE_DIGITS,
  SERVICE_CODE_MAX_ATTEMPTS,
  SERVICE_CODE_TEXT,
  SERVICE_CODE_TTL_MINUTES,
  serviceCodeQrText,
} from '@fangxin/shared';
import type { Types } from 'mongoose';
import { AppError } from '../../../core/errors';
import type { AuthUser } from '../../../core/authUser';
import type { Clock } from '../../../lib/clock';
import { getSettings } from '../../settings/service';
import { runCommand, type CommandOutcome, type OrderCommand } from '../command';
import type { OrderRecord } from '../model';
import { notifyOrderParties } from '../notify';

export const SERVICE_CODE_TTL_MS = SERVICE_CODE_TTL_MINUTES * 60_000;

/** Codes issued before the salt was added were hashed bare. */
const hashCode = (code: string, salt: string | undefined) => crypto.createHash('sha256').update(salt ? `${salt}:${code}` : code).digest('hex');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export function departOrder(clock: Clock): OrderCommand {
  return {
    action: 'depart',
    build: () => ({ type: 'departed', set: { 'times.departedAt': clock.now() } }),
    after: (updated) => notifyOrderParties(clock, updated, 'order_on_the_way'),
  };
}

/**
 * S4: the customer's service code, shown large with its QR for the engineer to type or scan on arrival: six digits
 * from a CSPRNG, order-bound, valid ten minutes, single use, dead after SERVICE_CODE_MAX_ATTEMPTS wrong tries; a new
 * one replaces the old (and its count). Only a salted hash is stored. Its result is the code to show.
 */
export function issueServiceCode(clock: Clock, user: AuthUser): OrderCommand<{ serviceCode: string; expiresAt: string; qrText: string }> {
  const code = String(crypto.randomInt(0, 10 ** SERVICE_CODE_DIGITS)).padStart(SERVICE_CODE_DIGITS, '0');
  const salt = crypto.randomBytes(16).toString('hex');
  const expiresAt = new Date(clock.now().getTime() + SERVICE_CODE_TTL_MS);
  return {
    build(current) {
      if (!canTransition('show_service_code', current.status, user.role)) throw new AppError('illegal_transition', '工程师接单后、到达前才能出示服务码');
      return { type: 'service_code_issued', data: { expiresAt }, set: { serviceCode: { hash: hashCode(code, salt), salt, expiresAt, usedAt: null, attempts: 0 } } };
    },
    after: (updated) => ({ serviceCode: code, expiresAt: expiresAt.toISOString(), qrText: serviceCodeQrText(updated.orderNo, code) }),
  };
}

/** A wrong code for the code now on the order (identified by its hash): counted before the engineer is told. */
class WrongServiceCode extends Error {
  constructor(readonly codeHash: string) {
    super('wrong service code');
  }
}

/**
 * Why the code typed cannot check the engineer in, or null when it can. Precise, in the order an engineer can act on:
 * another order's QR, no code shown yet, already used, too many tries, expired; a wrong number is counted.
 */
function refuseCode(order: OrderRecord, scanned: string, now: Date): AppError | WrongServiceCode | null {
  const input = readServiceCode(scanned);
  if (!input.ok) return new AppError('validation_failed', SERVICE_CODE_TEXT.format, { fields: [{ path: 'serviceCode', message: SERVICE_CODE_TEXT.format }] });
  if (input.orderNo !== null && input.orderNo !== order.orderNo) return new AppError('service_code_invalid', SERVICE_CODE_TEXT.otherOrder);
  const sc = order.serviceCode;
  if (!sc) return new AppError('service_code_invalid', SERVICE_CODE_TEXT.none);
  if (sc.usedAt) return new AppError('service_code_invalid', SERVICE_CODE_TEXT.used);
  if ((sc.attempts ?? 0) >= SERVICE_CODE_MAX_ATTEMPTS) return new AppError('code_attempts_exceeded', SERVICE_CODE_TEXT.tooMany);
  if (sc.expiresAt <= now) return new AppError('service_code_invalid', SERVICE_CODE_TEXT.expired);
  if (!sameHash(hashCode(input.code, sc.salt), sc.hash)) return new WrongServiceCode(sc.hash);
  return null;
}

/**
 * S4: the engineer checks in with the customer's code. The arrival is judged by the shared arrival rule (S2): early,
 * on time or late, with the same words the customer's card check uses at that moment.
 */
export function checkIn(clock: Clock, scanned: string): OrderCommand {
  return {
    action: 'check_in',
    async build(current) {
      const settings = await getSettings();
      const resolveMs = settings.resolveHours * 3600_000;
      const now = clock.now();
      // Only where checking in is legal at all; elsewhere the state machine answers (409 illegal_transition).
      if (canTransition('check_in', current.status, 'engineer')) {
        const refused = refuseCode(current, scanned, now);
        if (refused) throw refused;
      }
      const arrival = arrivalVerdict(current.slot, now);
      const lateMinutes = arrival.timing === 'late' ? arrival.minutes : 0;
      return {
        type: 'checked_in',
        data: { arrival: arrival.timing, label: arrival.label, late: lateMinutes > 0, lateMinutes, earlyMinutes: arrival.timing === 'early' ? arrival.minutes : 0 },
        // The completion clock starts on arrival.
        set: {
          'serviceCode.usedAt': now,
          'times.arrivedAt': now,
          'sla.resolveDueAt': new Date(now.getTime() + resolveMs),
          'sla.resolveRiskAt': new Date(now.getTime() + settings.atRiskRatio * resolveMs),
        },
      };
    },
    after: (updated) => notifyOrderParties(clock, updated, 'order_arrived'),
  };
}

/**
 * Counts one wrong try against the code that is on the order now (a compare-and-set on the order like every change,
 * with its timeline event): concurrent wrong tries are each counted. A code replaced meanwhile is not charged.
 */
function countWrongCode(codeHash: string): OrderCommand<number> {
  return {
    build(current) {
      const sc = current.serviceCode;
      if (!sc || sc.hash !== codeHash) throw new AppError('service_code_invalid', SERVICE_CODE_TEXT.expired);
      // Tries racing the last one: the code is dead already, nothing more to count.
      if ((sc.attempts ?? 0) >= SERVICE_CODE_MAX_ATTEMPTS) throw new AppError('code_attempts_exceeded', SERVICE_CODE_TEXT.tooMany);
      const attempts = (sc.attempts ?? 0) + 1;
      return { type: 'service_code_rejected', data: { attempt: attempts, left: Math.max(0, SERVICE_CODE_MAX_ATTEMPTS - attempts) }, set: { 'serviceCode.attempts': attempts } };
    },
    after: (updated) => updated.serviceCode?.attempts ?? SERVICE_CODE_MAX_ATTEMPTS,
  };
}

/** The check-in use case: check in, or count the wrong code and say how many tries are left. */
export async function checkInWithCode(clock: Clock, user: AuthUser, orderId: Types.ObjectId | string, scanned: string): Promise<CommandOutcome<void>> {
  const caller = { user, allowed: ['engineer'] as const };
  try {
    return await runCommand(clock, caller, orderId, checkIn(clock, scanned));
  } catch (err) {
    if (!(err instanceof WrongServiceCode)) throw err;
    const { result: attempts } = await runCommand(clock, caller, orderId, countWrongCode(err.codeHash));
    const left = SERVICE_CODE_MAX_ATTEMPTS - attempts;
    throw left > 0 ? new AppError('service_code_invalid', SERVICE_CODE_TEXT.wrong(left)) : new AppError('code_attempts_exceeded', SERVICE_CODE_TEXT.tooMany);
  }
}
