import crypto from 'node:crypto';
import { Types } from 'mongoose';
import { CARD_TOKEN_REFRESH_SECONDS, CARD_TOKEN_TTL_SECONDS, type CardHistory, type CardPublicKey, type MyCardView, type WorkCardView } from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import { recordAudit } from '../audit/service';
import type { EngineerRecord } from '../network/model';
import { engineerOfUser, outletFields, scopedEngineerOr404 } from '../network/reads';
import { WorkCard, type WorkCardRecord } from './model';
import { presentCard, presentCards, presentPublicProfile } from './presenter';
import { acceptedKeys, cardKeys, signCardToken, TOKEN_FORMAT } from './token';

export interface CardDeps {
  clock: Clock;
  /** Ed25519 private key (PEM) that signs QR tokens. */
  signingKey: string;
  /** Other keys whose tokens are accepted (SPKI PEM): the previous or next key during a rotation. */
  verifyKeys?: readonly string[];
  /** Public origin the QR codes point at. */
  publicBaseUrl: string;
}

export interface RequestMeta {
  ip: string;
  requestId: string;
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** `FXC-<outlet code>-<6 base32 characters>`: readable over the phone, 32^6 ≈ 10^9 per outlet. */
export function newSerial(outletCode: string): string {
  const code = outletCode.toUpperCase().replace(/[^A-Z0-9-]/g, '').slice(0, 40) || 'X';
  const suffix = Array.from(crypto.randomBytes(6), (b) => BASE32[b & 31]).join('');
  return `FXC-${code}-${suffix}`;
}

const isDuplicate = (err: unknown): err is Error => (err as { code?: number })?.code === 11000;

/**
 * Inserts an active card. The sparse unique key `activeFor` makes a second active card for the same engineer fail
 * with 409 however many requests race; a serial collision just draws a new serial.
 */
export async function insertActiveCard(clock: Clock, engineer: Pick<EngineerRecord, '_id' | 'outletId'>, issuedBy: string | null): Promise<WorkCardRecord> {
  const outlet = await outletFields(engineer.outletId, 'code');
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const card = await WorkCard.create({
        serial: newSerial(outlet?.code ?? 'X'),
        engineerId: engineer._id,
        status: 'active',
        activeFor: engineer._id,
        issuedAt: clock.now(),
        issuedBy: issuedBy ? new Types.ObjectId(issuedBy) : null,
      });
      return card.toObject() as WorkCardRecord;
    } catch (err) {
      if (!isDuplicate(err)) throw err;
      // The engine's duplicate-key errors name the index but carry no keyValue.
      if (err.message.includes('card_serial_unique')) continue;
      throw new AppError('conflict', '该工程师已有有效工作证，如需更换请补发');
    }
  }
  throw new AppError('conflict', '工作证编号生成冲突，请重试');
}

function audit(clock: Clock, user: AuthUser, meta: RequestMeta, action: string, engineer: EngineerRecord, serial: string, data: Record<string, unknown>) {
  return recordAudit(clock, {
    action,
    actorId: user.id,
    actorRole: user.role,
    outletId: String(engineer.outletId),
    target: `card:${serial}`,
    ip: meta.ip,
    requestId: meta.requestId,
    data: { engineerId: String(engineer._id), employeeNo: engineer.employeeNo, ...data },
  });
}

const scopedEngineer = (user: AuthUser, id: string) => scopedEngineerOr404(user, id);

/** Issues a first (or next, after a revocation) card to an engineer of the caller's outlet. */
export async function issueCard(clock: Clock, user: AuthUser, engineerId: string, meta: RequestMeta): Promise<WorkCardView> {
  const engineer = await scopedEngineer(user, engineerId);
  if (await WorkCard.exists({ engineerId: engineer._id, status: 'active' })) {
    throw new AppError('conflict', '该工程师已有有效工作证，如需更换请补发');
  }
  const card = await insertActiveCard(clock, engineer, user.id);
  await audit(clock, user, meta, 'card.issue', engineer, card.serial, {});
  return presentCard(card);
}

/** Marks an active card revoked (compare-and-set on its status): it stops verifying and its engineer gets no orders. */
async function revokeActive(clock: Clock, user: AuthUser, filter: Record<string, unknown>, reason: string): Promise<WorkCardRecord | null> {
  return WorkCard.findOneAndUpdate(
    { ...filter, status: 'active' },
    { $set: { status: 'revoked', revokedAt: clock.now(), revokedBy: new Types.ObjectId(user.id), revokeReason: reason }, $unset: { activeFor: 1 } },
    { returnDocument: 'after', lean: true },
  ) as Promise<WorkCardRecord | null>;
}

export async function revokeCard(clock: Clock, user: AuthUser, serial: string, reason: string, meta: RequestMeta): Promise<WorkCardView> {
  const existing = await WorkCard.findOne({ serial }, { engineerId: 1 }).lean();
  if (!existing) throw new AppError('not_found', '工作证不存在');
  // Another outlet's card reads exactly like a missing one.
  const engineer = await scopedEngineerOr404(user, String(existing.engineerId), '工作证');
  const revoked = await revokeActive(clock, user, { _id: existing._id }, reason);
  if (!revoked) throw new AppError('conflict', '该工作证已吊销');
  await audit(clock, user, meta, 'card.revoke', engineer, serial, { reason });
  return presentCard(revoked);
}

/** A lost or damaged card: the active one is revoked and a new serial issued, both recorded. */
export async function reissueCard(clock: Clock, user: AuthUser, engineerId: string, reason: string, meta: RequestMeta): Promise<{ revoked: WorkCardView; issued: WorkCardView }> {
  const engineer = await scopedEngineer(user, engineerId);
  const revoked = await revokeActive(clock, user, { engineerId: engineer._id }, reason);
  if (!revoked) throw new AppError('conflict', '该工程师没有有效工作证，请直接发证');
  let issued: WorkCardRecord;
  try {
    issued = await insertActiveCard(clock, engineer, user.id);
  } catch (err) {
    // Another manager issued a card in between: the revocation stands and is recorded on its own.
    await audit(clock, user, meta, 'card.revoke', engineer, revoked.serial, { reason, reissueFailed: true });
    throw err;
  }
  await audit(clock, user, meta, 'card.reissue', engineer, issued.serial, { reason, revokedSerial: revoked.serial });
  const [revokedView, issuedView] = await presentCards([revoked, issued]);
  return { revoked: revokedView!, issued: issuedView! };
}

export async function cardHistory(user: AuthUser, engineerId: string): Promise<CardHistory> {
  const engineer = await scopedEngineer(user, engineerId);
  const cards = await WorkCard.find({ engineerId: engineer._id }).sort({ issuedAt: -1, _id: -1 }).lean<WorkCardRecord[]>();
  const items = await presentCards(cards);
  return { engineerId: String(engineer._id), active: items.find((c) => c.status === 'active') ?? null, items };
}

/**
 * The engineer's own card with a fresh QR token. No token while the card is revoked or the engineer suspended:
 * the app then shows why instead of a code.
 */
export async function myCard(deps: CardDeps, user: AuthUser): Promise<MyCardView> {
  const engineer = await engineerOfUser(user.id);
  if (!engineer) throw new AppError('forbidden', '该账号没有工程师档案');
  const now = deps.clock.now();
  const [card, outlet] = await Promise.all([
    WorkCard.findOne({ engineerId: engineer._id }).sort({ status: 1, issuedAt: -1, _id: -1 }).lean<WorkCardRecord>(),
    outletFields(engineer.outletId, 'name'),
  ]);
  const status = card ? card.status : 'none';
  let notice: string | null = null;
  if (status === 'none') notice = '尚未发放工作证，请联系网点经理';
  else if (status === 'revoked') notice = `工作证已吊销${card?.revokeReason ? `：${card.revokeReason}` : ''}，请联系网点经理`;
  else if (engineer.status === 'suspended') notice = '您目前处于停职状态，工作证二维码暂停显示';

  let qr: MyCardView['qr'] = null;
  if (card && status === 'active' && engineer.status === 'active') {
    const { token, payload } = signCardToken(cardKeys(deps.signingKey), { engineerId: String(engineer._id), serial: card.serial }, now);
    qr = {
      token,
      expiresAt: new Date(payload.exp * 1000).toISOString(),
      verifyUrl: `${deps.publicBaseUrl}/v/${token}`,
      refreshAfterSeconds: CARD_TOKEN_REFRESH_SECONDS,
    };
  }
  return {
    status,
    engineerStatus: engineer.status,
    card: card ? await presentCard(card) : null,
    profile: presentPublicProfile(engineer, outlet, now),
    qr,
    notice,
  };
}

/** The verification key in the forms offline verifiers use (PEM for OpenSSL-style tools, JWK for WebCrypto/jose). */
export function publicKey(signingKey: string, verifyKeys: readonly string[] = []): CardPublicKey {
  const keys = cardKeys(signingKey);
  return {
    alg: 'EdDSA',
    crv: 'Ed25519',
    kid: keys.kid,
    pem: keys.publicPem,
    jwk: keys.jwk,
    tokenTtlSeconds: CARD_TOKEN_TTL_SECONDS,
    tokenFormat: TOKEN_FORMAT,
    keys: acceptedKeys({ signingKey, verifyKeys }),
  };
}
