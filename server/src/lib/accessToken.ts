import jwt from 'jsonwebtoken';
import { LIMITS, ROLES, type Role } from '@fangxin/shared';
import { AppError } from '../http/errors';

const ISSUER = 'fangxin';
const AUDIENCE = 'fangxin-api';

export interface AccessClaims {
  sub: string;
  role: Role;
  oid: string | null;
}

export function signAccessToken(secret: string, claims: AccessClaims, now: Date): { token: string; expiresAt: Date } {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + LIMITS.accessTokenTtlSeconds;
  const token = jwt.sign({ ...claims, iat, exp }, secret, { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE });
  return { token, expiresAt: new Date(exp * 1000) };
}

/** Verifies signature (HS256 only: `alg: none` and other keys are refused), issuer, audience and expiry. */
export function verifyAccessToken(secret: string, token: string, now: Date): AccessClaims {
  try {
    const payload = jwt.verify(token, secret, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      clockTimestamp: Math.floor(now.getTime() / 1000),
    }) as jwt.JwtPayload;
    if (typeof payload.sub !== 'string' || !ROLES.includes(payload.role)) throw new AppError('unauthenticated');
    return { sub: payload.sub, role: payload.role as Role, oid: typeof payload.oid === 'string' ? payload.oid : null };
  } catch (err) {
    if (err instanceof jwt.TokenExpiredError) throw new AppError('token_expired');
    throw new AppError('unauthenticated', '登录凭证无效，请重新登录');
  }
}
