import crypto from 'node:crypto';
import { LIMITS, maskPhone, type AuthResponse, type AuthTokens, type ConsentVersions, type Role } from '@fangxin/shared';
import { AppError } from '../../core/errors';
import { signAccessToken } from '../../lib/accessToken';
import type { Clock } from '../../lib/clock';
import type { UserRecord } from '../users/model';
import { findStaffByUsername, findUserById } from '../users/reads';
import { clearFailedSignIns, countFailedSignIn, findOrCreateCustomer, lockAccount, recordSignIn } from '../users/service';
import { outletFields } from '../network/reads';
import { recordAudit } from '../audit/service';
import { recordConsent, type ConsentChannel } from './consent';
import { OtpCode, RefreshToken } from './model';
import { dummyPasswordHash, verifyPassword } from './passwords';
import type { SmsSender } from './sms';
import type { WechatClient } from './wechat';

export interface AuthDeps {
  clock: Clock;
  jwtSecret: string;
  otpPepper: string;
  sms: SmsSender;
  wechat: WechatClient | null;
}

/** A customer sign-in: how, and the agreement and privacy policy versions accepted with it (required, see ConsentAccepted). */
type CustomerSignIn = { channel: ConsentChannel; consent: ConsentVersions };

/** Where a request came from, for the audit log. */
export interface RequestMeta {
  ip: string;
  requestId: string;
}

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('hex');

async function sessionUser(user: UserRecord): Promise<AuthResponse['user']> {
  const outlet = user.outletId ? await outletFields(user.outletId, 'name') : null;
  return {
    id: String(user._id),
    role: user.role as Role,
    name: user.name,
    ...(user.username ? { username: user.username } : {}),
    ...(user.phone ? { phoneMasked: maskPhone(user.phone) } : {}),
    outletId: user.outletId ? String(user.outletId) : null,
    outletName: outlet?.name ?? null,
  };
}

async function issueTokens(deps: AuthDeps, user: UserRecord, familyId: string): Promise<AuthTokens> {
  const now = deps.clock.now();
  const access = signAccessToken(
    deps.jwtSecret,
    { sub: String(user._id), role: user.role as Role, oid: user.outletId ? String(user.outletId) : null },
    now,
  );
  const refreshToken = crypto.randomBytes(32).toString('base64url');
  const refreshExpiresAt = new Date(now.getTime() + LIMITS.refreshTokenTtlDays * 24 * 3600 * 1000);
  await RefreshToken.create({
    _id: sha256(refreshToken),
    familyId,
    userId: user._id,
    expiresAt: refreshExpiresAt,
    createdAt: now,
  });
  return {
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken,
    refreshTokenExpiresAt: refreshExpiresAt.toISOString(),
  };
}

/**
 * Starts a new session (a new refresh-token family). A customer's agreement is recorded before any token exists, so
 * no customer session is ever without a recorded agreement to the current documents.
 */
async function startSession(deps: AuthDeps, user: UserRecord, meta: RequestMeta, method: string, customer?: CustomerSignIn): Promise<AuthResponse> {
  if (user.status !== 'active') throw new AppError('account_disabled');
  const consent = customer?.consent;
  const agreedNow = customer ? await recordConsent(user._id, customer.consent, deps.clock.now(), customer.channel, meta.ip) : [];
  const tokens = await issueTokens(deps, user, crypto.randomUUID());
  await recordSignIn(user._id, deps.clock.now());
  await recordAudit(deps.clock, {
    action: 'auth.sign_in',
    actorId: String(user._id),
    actorRole: user.role,
    outletId: user.outletId ? String(user.outletId) : null,
    ip: meta.ip,
    requestId: meta.requestId,
    data: consent ? { method, consent, ...(agreedNow.length ? { agreedNow } : {}) } : { method },
  });
  return { ...tokens, user: await sessionUser(user) };
}

/**
 * Staff sign in with username and password. Repeated failures lock the account for a while; an unknown username
 * costs the same hash work as a known one.
 */
export async function signInStaff(deps: AuthDeps, username: string, password: string, meta: RequestMeta): Promise<AuthResponse> {
  const now = deps.clock.now();
  const user = await findStaffByUsername(username);
  if (!user?.passwordHash) {
    await verifyPassword(password, await dummyPasswordHash());
    throw new AppError('invalid_credentials');
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    const retryAfterSeconds = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000);
    throw new AppError('account_locked', undefined, { retryAfterSeconds });
  }
  if (!(await verifyPassword(password, user.passwordHash))) {
    if ((await countFailedSignIn(user._id)) >= LIMITS.staffMaxFailures) {
      const lockedUntil = new Date(now.getTime() + LIMITS.staffLockMinutes * 60_000);
      await lockAccount(user._id, lockedUntil);
      await recordAudit(deps.clock, { action: 'auth.locked', actorId: String(user._id), actorRole: user.role, ip: meta.ip, requestId: meta.requestId });
      throw new AppError('account_locked', undefined, { retryAfterSeconds: LIMITS.staffLockMinutes * 60 });
    }
    throw new AppError('invalid_credentials');
  }
  if (user.failedLogins || user.lockedUntil) {
    await clearFailedSignIns(user._id);
  }
  return startSession(deps, user, meta, 'password');
}

function hashCode(deps: AuthDeps, phone: string, code: string): string {
  return crypto.createHmac('sha256', deps.otpPepper).update(`${phone}:${code}`).digest('hex');
}

/**
 * Sends a one-time code. At most one code per phone per `otpResendSeconds`: the conditional upsert fails with a
 * duplicate key when a recent code exists, so two concurrent requests cannot both send.
 */
export async function sendOtp(deps: AuthDeps, phone: string): Promise<{ expiresInSeconds: number; resendAfterSeconds: number; devCode?: string }> {
  const now = deps.clock.now();
  const code = String(crypto.randomInt(0, 10 ** LIMITS.otpLength)).padStart(LIMITS.otpLength, '0');
  const resendCutoff = new Date(now.getTime() - LIMITS.otpResendSeconds * 1000);
  try {
    await OtpCode.updateOne(
      { _id: phone, sentAt: { $lte: resendCutoff } },
      {
        $set: {
          codeHash: hashCode(deps, phone, code),
          sentAt: now,
          expiresAt: new Date(now.getTime() + LIMITS.otpTtlSeconds * 1000),
          attempts: 0,
          consumedAt: null,
        },
      },
      { upsert: true },
    );
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
    const existing = await OtpCode.findById(phone, { sentAt: 1 }).lean();
    const waitMs = existing ? existing.sentAt.getTime() + LIMITS.otpResendSeconds * 1000 - now.getTime() : 1000;
    throw new AppError('too_many_requests', '验证码发送过于频繁，请稍后再试', {
      retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
    });
  }
  await deps.sms.sendCode(phone, code, LIMITS.otpTtlSeconds / 60);
  return {
    expiresInSeconds: LIMITS.otpTtlSeconds,
    resendAfterSeconds: LIMITS.otpResendSeconds,
    ...(deps.sms.kind === 'console' ? { devCode: code } : {}),
  };
}

/**
 * Signs a customer in with phone + code. Each try spends one of `otpMaxAttempts` atomically before the comparison;
 * a correct code is consumed once (single use). First sign-in creates the customer account.
 */
export async function signInWithOtp(deps: AuthDeps, phone: string, code: string, meta: RequestMeta, consent: ConsentVersions): Promise<AuthResponse> {
  const now = deps.clock.now();
  const otp = await OtpCode.findOneAndUpdate(
    { _id: phone, consumedAt: null, expiresAt: { $gt: now }, attempts: { $lt: LIMITS.otpMaxAttempts } },
    { $inc: { attempts: 1 } },
    { returnDocument: 'after', lean: true },
  );
  if (!otp) {
    const existing = await OtpCode.findById(phone, { attempts: 1, expiresAt: 1, consumedAt: 1 }).lean();
    if (existing && !existing.consumedAt && existing.expiresAt > now && existing.attempts >= LIMITS.otpMaxAttempts) {
      throw new AppError('code_attempts_exceeded');
    }
    throw new AppError('invalid_code');
  }
  const expected = Buffer.from(otp.codeHash, 'hex');
  const actual = Buffer.from(hashCode(deps, phone, code), 'hex');
  if (!crypto.timingSafeEqual(expected, actual)) throw new AppError('invalid_code');
  const consumed = await OtpCode.updateOne({ _id: phone, consumedAt: null }, { $set: { consumedAt: now } });
  if (consumed.modifiedCount !== 1) throw new AppError('invalid_code');

  const user = await findOrCreateCustomer({ phone }, `用户${phone.slice(-4)}`);
  return startSession(deps, user, meta, 'otp', { channel: 'otp', consent });
}

/** Signs a customer in with a WeChat mini-program login code, exchanged through code2session. */
export async function signInWithWechat(deps: AuthDeps, code: string, meta: RequestMeta, consent: ConsentVersions): Promise<AuthResponse> {
  if (!deps.wechat) throw new AppError('service_unavailable', '微信登录未配置（WECHAT_APPID / WECHAT_SECRET）');
  const session = await deps.wechat.code2session(code);
  const user = await findOrCreateCustomer({ wechatOpenId: session.openid }, '微信用户');
  return startSession(deps, user, meta, 'wechat', { channel: 'wechat', consent });
}

/**
 * Rotates a refresh token. The compare-and-set on `rotatedAt: null` lets exactly one caller rotate a token;
 * a token presented after rotation is a replay, and revokes its whole family.
 */
export async function refreshSession(deps: AuthDeps, refreshToken: string, meta: RequestMeta): Promise<AuthTokens> {
  const now = deps.clock.now();
  const id = sha256(refreshToken);
  const current = await RefreshToken.findOneAndUpdate(
    { _id: id, rotatedAt: null, revokedAt: null },
    { $set: { rotatedAt: now } },
    { returnDocument: 'after', lean: true },
  );
  if (!current) {
    const seen = await RefreshToken.findById(id).lean();
    if (seen && seen.rotatedAt && !seen.revokedAt) {
      await RefreshToken.updateMany({ familyId: seen.familyId, revokedAt: null }, { $set: { revokedAt: now } });
      await recordAudit(deps.clock, {
        action: 'auth.refresh_reuse',
        actorId: String(seen.userId),
        ip: meta.ip,
        requestId: meta.requestId,
        data: { familyId: seen.familyId },
      });
      throw new AppError('refresh_token_reused');
    }
    throw new AppError('refresh_token_invalid');
  }
  if (current.expiresAt <= now) throw new AppError('refresh_token_invalid');
  const user = await findUserById(current.userId);
  if (!user) throw new AppError('refresh_token_invalid');
  if (user.status !== 'active') throw new AppError('account_disabled');
  return issueTokens(deps, user, current.familyId);
}

/** Revokes the session the refresh token belongs to. Unknown tokens are ignored (sign-out always succeeds). */
export async function signOut(deps: AuthDeps, refreshToken: string): Promise<void> {
  const token = await RefreshToken.findById(sha256(refreshToken), { familyId: 1 }).lean();
  if (!token) return;
  await RefreshToken.updateMany({ familyId: token.familyId, revokedAt: null }, { $set: { revokedAt: deps.clock.now() } });
}

export async function currentUser(userId: string): Promise<AuthResponse['user']> {
  const user = await findUserById(userId);
  if (!user) throw new AppError('unauthenticated');
  return sessionUser(user);
}
