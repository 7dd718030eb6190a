import crypto from 'node:crypto';
import { canTransition } from '@fangxin/shared';
import { AppError } from '../../../core/errors';
import type { AuthUser } from '../../../core/authUser';
import type { Clock } from '../../../lib/clock';
import { getSettings } from '../../settings/service';
import type { OrderCommand } from '../command';
import { notifyOrderParties } from '../notify';

export const SERVICE_CODE_TTL_MS = 10 * 60_000;

const sha256 = (v: string) => crypto.createHash('sha256').update(v).digest('hex');

export function departOrder(clock: Clock): OrderCommand {
  return {
    action: 'depart',
    build: () => ({ type: 'departed', set: { 'times.departedAt': clock.now() } }),
    after: (updated) => notifyOrderParties(clock, updated, 'order_on_the_way'),
  };
}

/**
 * S4: the customer's service code, shown as a QR for the engineer to scan on arrival. Order-bound, valid ten
 * minutes, single use; a new one replaces the old. Only its hash is stored. Its result is the code to show.
 */
export function issueServiceCode(clock: Clock, user: AuthUser): OrderCommand<{ serviceCode: string; expiresAt: string; qrText: string }> {
  const code = crypto.randomBytes(12).toString('base64url');
  const expiresAt = new Date(clock.now().getTime() + SERVICE_CODE_TTL_MS);
  return {
    build(current) {
      if (!canTransition('show_service_code', current.status, user.role)) throw new AppError('illegal_transition', '工程师接单后、到达前才能出示服务码');
      return { type: 'service_code_issued', data: { expiresAt }, set: { serviceCode: { hash: sha256(code), expiresAt, usedAt: null } } };
    },
    after: (updated) => ({ serviceCode: code, expiresAt: expiresAt.toISOString(), qrText: `FXSC:${updated.orderNo}:${code}` }),
  };
}

/** Accepts either the bare code or the QR text `FXSC:<orderNo>:<code>`. */
function parseServiceCode(input: string, orderNo: string): string | null {
  const m = /^FXSC:([^:]+):(.+)$/.exec(input);
  if (!m) return input;
  return m[1] === orderNo ? m[2]! : null;
}

/** S4: the engineer checks in by scanning the customer's code. Late arrival (after the slot) is recorded (S2). */
export function checkIn(clock: Clock, scanned: string): OrderCommand {
  return {
    action: 'check_in',
    async build(current) {
      const settings = await getSettings();
      const resolveMs = settings.resolveHours * 3600_000;
      const now = clock.now();
      const code = parseServiceCode(scanned, current.orderNo);
      const sc = current.serviceCode;
      if (current.status === 'on_the_way' && (!code || !sc || sc.usedAt || sc.expiresAt <= now || sha256(code) !== sc.hash)) {
        throw new AppError('service_code_invalid');
      }
      const lateMinutes = Math.max(0, Math.round((now.getTime() - current.slot.endAt.getTime()) / 60_000));
      return {
        type: 'checked_in',
        data: { late: lateMinutes > 0, lateMinutes },
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
