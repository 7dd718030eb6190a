import { OFFLINE_CHECK_MAX_AGE_DAYS, type CardVerdict, type OfflineCardCheckBody, type OfflineCardCheckResult } from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import { engineerForScan } from '../network/reads';
import { loadOrderFor } from '../orders/access';
import { runCommand } from '../orders/command';
import { WorkCard, type WorkCardRecord } from './model';
import { cardKeys, readCardToken, tokenFromScan, verificationKeys } from './token';
import type { CardDeps } from './service';

/** Tolerance for a phone clock a little ahead of the server's. */
const FUTURE_SKEW_MS = 2 * 60_000;

class AlreadyRecorded extends Error {}

const invalid = (path: string, message: string) => new AppError('validation_failed', message, { fields: [{ path, message }] });

/**
 * Records on the customer's order a card check their app made offline (issue 19.7). Nothing the app concluded is
 * taken: the token is read again here (signature by an accepted key), its expiry judged at the check time the phone
 * reports (bounded: not ahead of the server, not older than the offline limit), and the card and engineer looked up
 * now. One `card_verified_offline` event per check id, whatever the number of sends: the check for the id runs on the
 * version the compare-and-set writes on, so two sends at once still record once.
 */
export async function recordOfflineCheck(deps: CardDeps, user: AuthUser, orderId: string, body: OfflineCardCheckBody): Promise<OfflineCardCheckResult> {
  const now = deps.clock.now();
  const checkedAt = new Date(body.checkedAt);
  if (checkedAt.getTime() > now.getTime() + FUTURE_SKEW_MS) throw invalid('checkedAt', '核验时间晚于当前时间，请检查手机时间');
  if (checkedAt.getTime() < now.getTime() - OFFLINE_CHECK_MAX_AGE_DAYS * 86_400_000) throw invalid('checkedAt', `离线核验已超过 ${OFFLINE_CHECK_MAX_AGE_DAYS} 天，无法补记`);

  const reading = readCardToken(cardKeys(deps.signingKey), tokenFromScan(body.token), verificationKeys(deps.verifyKeys ?? []));
  const payload = reading.ok ? reading.payload : null;
  const [card, engineer] = payload
    ? await Promise.all([WorkCard.collection.findOne<WorkCardRecord>({ serial: payload.s }), engineerForScan(payload.e)])
    : [null, null];
  const belongs = !!card && !!engineer && String(card.engineerId) === String(engineer._id);
  const checkSecond = Math.floor(checkedAt.getTime() / 1000);
  let verdict: CardVerdict = 'tampered';
  if (payload && belongs) {
    if (card.status !== 'active') verdict = 'revoked';
    else if (engineer.status !== 'active') verdict = 'engineer_suspended';
    else if (checkSecond > payload.exp) verdict = 'expired';
    else verdict = 'genuine';
  }
  // Signed by the platform and fresh at the moment of the check (a token from the future of the check is not).
  const signedByPlatform = !!payload && belongs;
  const validAtCheck = signedByPlatform && checkSecond <= payload.exp && checkSecond >= payload.iat - FUTURE_SKEW_MS / 1000;

  let assignedToThisOrder = false;
  let recorded = true;
  let order;
  try {
    ({ order } = await runCommand(deps.clock, { user, allowed: ['customer'] }, orderId, {
      build(current) {
        if (current.timeline.some((e) => e.type === 'card_verified_offline' && (e.data as { checkId?: unknown }).checkId === body.checkId)) throw new AlreadyRecorded();
        assignedToThisOrder = !!engineer && !!current.engineerId && String(current.engineerId) === String(engineer._id);
        return {
          type: 'card_verified_offline',
          data: {
            checkId: body.checkId,
            checkedAt: checkedAt.toISOString(),
            verdict,
            validAtCheck,
            serial: payload?.s ?? null,
            engineerId: engineer ? String(engineer._id) : null,
            engineerName: engineer?.name ?? null,
            tokenNonce: payload?.n ?? null,
            assignedToThisOrder,
          },
        };
      },
    }));
  } catch (err) {
    if (!(err instanceof AlreadyRecorded)) throw err;
    recorded = false;
  }
  if (!recorded) {
    // Answered from what was recorded the first time (the relation was checked by the read that found it).
    ({ order } = await loadOrderFor(deps.clock, user, orderId, ['customer']));
    const first = order.timeline.find((e) => e.type === 'card_verified_offline' && (e.data as { checkId?: unknown }).checkId === body.checkId);
    assignedToThisOrder = (first?.data as { assignedToThisOrder?: boolean } | undefined)?.assignedToThisOrder === true;
  }
  return {
    checkId: body.checkId,
    orderId: String(order!._id),
    orderNo: order!.orderNo,
    recorded,
    verdict,
    signedByPlatform,
    validAtCheck,
    assignedToThisOrder,
    engineerName: engineer?.name ?? null,
  };
}
