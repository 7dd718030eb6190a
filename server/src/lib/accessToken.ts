import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import { LIMITS, ROLES, type Role } from '@fangxin/shared';
import { AppError } from '../core/errors';

const ISSUER = 'fangxin';
const AUDIENCE = 'fangxin-api';

/**
 * The HMAC key as a KeyObject, made once per secret. Given a string, jsonwebtoken first tries to read it as a PEM
 * public key on every call (and fails): about 0.5 ms per request, measured by the benchmark.
 */
const keys = new Map<string, crypto.KeyObject>();
function hmacKey(secret: string): crypto.KeyObject {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = crypto.createSecretKey(Buffer.from(secret, 'utf8'))));
  return key;
}

export interface AccessClaims {
  sub: string;
  role: Role;
  oid: string | null;
}

export function signAccessToken(secret: string, claims: AccessClaims, now: Date): { token: string; expiresAt: Date } {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + LIMITS.accessTokenTtlSeconds;
  const token = jwt.sign({ ...claims, iat, exp }, hmacKey(secret), { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE });
  return { token, expiresAt: new Date(exp * 1000) };
}

const b64url = (buf: Buffer) => buf.toString('base64url');
/** Header segments already seen to say `{"alg":"HS256",…}`: parsing the same few bytes on every request is waste. */
const goodHeaders = new Set<string>();

function headerIsHs256(segment: string): boolean {
  if (goodHeaders.has(segment)) return true;
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return false;
  }
  const ok = typeof header === 'object' && header !== null && (header as { alg?: unknown }).alg === 'HS256' && !('crit' in header);
  if (ok && goodHeaders.size < 16) goodHeaders.add(segment);
  return ok;
}

/**
 * Verifies signature (HS256 only: `alg: none`, other algorithms and other keys are refused), issuer, audience and
 * expiry. Done here rather than by jsonwebtoken, which on every call decodes the token twice, parses the header with
 * a try-around and builds a verifier stream: on the hottest path of the API (every authenticated request) that was
 * about 30 µs of about 500 µs, measured by `pnpm bench`. Tokens are still signed by jsonwebtoken, so the two agree on
 * the format; the token tests (test/auth.tokens.test.ts, test/abuse.tokens.test.ts) cover every refusal.
 */
export function verifyAccessToken(secret: string, token: string, now: Date): AccessClaims {
  const cached = verified.get(token);
  if (cached && cached.secret === secret) {
    // The signature and claims were checked before; only the clock moves.
    if (Math.floor(now.getTime() / 1000) >= cached.exp) throw new AppError('token_expired');
    return cached.claims;
  }
  const { claims, exp } = verifySignedToken(secret, token, now);
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
  verified.set(token, { secret, exp, claims });
  return claims;
}

/**
 * Tokens whose signature and claims have been verified, with their expiry: a client sends the same access token on
 * every request for its 15 minutes, and an HMAC per request is the largest piece of authentication after the user
 * lookup. Bounded (oldest out first); the user is still looked up on every request, so a disabled account or a
 * changed role takes effect at once.
 */
const VERIFIED_MAX = 10_000;
const verified = new Map<string, { secret: string; exp: number; claims: AccessClaims }>();

function verifySignedToken(secret: string, token: string, now: Date): { claims: AccessClaims; exp: number } {
  const invalid = () => new AppError('unauthenticated', '登录凭证无效，请重新登录');
  const parts = token.split('.');
  if (parts.length !== 3 || !headerIsHs256(parts[0]!)) throw invalid();
  const expected = crypto.createHmac('sha256', hmacKey(secret)).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2]!, 'base64url');
  // Re-encoding guards against non-canonical base64url that decodes to the right bytes.
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected) || b64url(given) !== parts[2]) throw invalid();
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw invalid();
  }
  if (typeof payload !== 'object' || payload === null) throw invalid();
  const seconds = Math.floor(now.getTime() / 1000);
  const aud = payload.aud;
  if (payload.iss !== ISSUER || !(aud === AUDIENCE || (Array.isArray(aud) && aud.includes(AUDIENCE)))) throw invalid();
  if (typeof payload.nbf === 'number' && seconds < payload.nbf) throw invalid();
  if (typeof payload.exp !== 'number') throw invalid();
  if (seconds >= payload.exp) throw new AppError('token_expired');
  if (typeof payload.sub !== 'string' || !ROLES.includes(payload.role as Role)) throw invalid();
  return { claims: { sub: payload.sub, role: payload.role as Role, oid: typeof payload.oid === 'string' ? payload.oid : null }, exp: payload.exp };
}
