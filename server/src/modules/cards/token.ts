import crypto from 'node:crypto';
import { CARD_TOKEN_FORMAT, CARD_TOKEN_TTL_SECONDS, cardTokenFromScan, isCardTokenPayload, type OfflineCardPayload } from '@fangxin/shared';

/**
 * The QR token of an e-work card (S3): compact, signed with Ed25519, valid for 60 s.
 *
 *   token   = base64url(JSON payload) "." base64url(signature)
 *   payload = { v: 1, e: engineerId, s: serial, iat, exp, n }   (iat/exp in seconds since the epoch, exp = iat + 60)
 *   signature = Ed25519 over the ASCII bytes of the first part, exactly as sent
 *
 * Anyone holding the published public key can check a token offline; whether the card is still active and the
 * engineer still in service only the server knows.
 */
/** The signed payload (its shape and check are written once in shared, for the apps' offline check too). */
export type CardTokenPayload = OfflineCardPayload;

export interface CardKeys {
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
  publicPem: string;
  jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; use: 'sig'; alg: 'EdDSA' };
  kid: string;
}

/** The format above, in words, for the API documentation and the public-key endpoint. */
export const TOKEN_FORMAT = CARD_TOKEN_FORMAT;

const cache = new Map<string, CardKeys>();

/** The signing key and its public half in the forms we publish, derived once per configured key. */
export function cardKeys(privatePem: string): CardKeys {
  let keys = cache.get(privatePem);
  if (!keys) {
    const privateKey = crypto.createPrivateKey(privatePem);
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('CARD_SIGNING_KEY must be an Ed25519 key');
    const publicKey = crypto.createPublicKey(privateKey);
    const { x } = publicKey.export({ format: 'jwk' }) as { x: string };
    // RFC 7638 thumbprint: SHA-256 of the required members in lexicographic order.
    const kid = crypto.createHash('sha256').update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x })).digest('base64url');
    keys = {
      privateKey,
      publicKey,
      publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      jwk: { kty: 'OKP', crv: 'Ed25519', x, kid, use: 'sig', alg: 'EdDSA' },
      kid,
    };
    cache.set(privatePem, keys);
  }
  return keys;
}

export function signCardToken(keys: CardKeys, claims: { engineerId: string; serial: string }, now: Date): { token: string; payload: CardTokenPayload } {
  const iat = Math.floor(now.getTime() / 1000);
  const payload: CardTokenPayload = { v: 1, e: claims.engineerId, s: claims.serial, iat, exp: iat + CARD_TOKEN_TTL_SECONDS, n: crypto.randomBytes(6).toString('base64url') };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const signature = crypto.sign(null, Buffer.from(body, 'ascii'), keys.privateKey).toString('base64url');
  return { token: `${body}.${signature}`, payload };
}

export type TokenReading = { ok: true; payload: CardTokenPayload } | { ok: false; reason: 'malformed' | 'bad_signature' | 'bad_payload' };

const B64URL = /^[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 1024;

const publicKeys = new Map<string, crypto.KeyObject>();

/** The keys accepted besides the signing key (config CARD_VERIFY_KEYS, SPKI PEM), parsed once each. */
export function verificationKeys(pems: readonly string[]): crypto.KeyObject[] {
  return pems.map((pem) => {
    let key = publicKeys.get(pem);
    if (!key) publicKeys.set(pem, (key = crypto.createPublicKey(pem)));
    return key;
  });
}

/**
 * Checks the signature first and only then reads the payload. Never throws, whatever the input. A signature by the
 * signing key or by one of `alsoAccepted` (the previous or next key while the key is rotated) is good.
 */
export function readCardToken(keys: CardKeys, token: string, alsoAccepted: readonly crypto.KeyObject[] = []): TokenReading {
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !B64URL.test(parts[0]!) || !B64URL.test(parts[1]!)) return { ok: false, reason: 'malformed' };
  const [body, sig] = parts as [string, string];
  const signature = Buffer.from(sig, 'base64url');
  // Only the canonical encoding of a 64-byte signature is accepted, so one token has exactly one spelling.
  if (signature.length !== 64 || signature.toString('base64url') !== sig) return { ok: false, reason: 'malformed' };
  const signed = Buffer.from(body, 'ascii');
  if (![keys.publicKey, ...alsoAccepted].some((key) => crypto.verify(null, signed, key, signature))) return { ok: false, reason: 'bad_signature' };
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'bad_payload' };
  }
  return isCardTokenPayload(payload) ? { ok: true, payload } : { ok: false, reason: 'bad_payload' };
}

/** Accepts the bare token or the whole scanned URL (`…/v/<token>`), as a camera or `scanCode` returns it. */
export const tokenFromScan = cardTokenFromScan;

/** Every key a token may be signed with now, as the apps keep them for offline checks: the signing key first. */
export function acceptedKeys(deps: { signingKey: string; verifyKeys?: readonly string[] }): Array<{ kid: string; x: string }> {
  const signing = cardKeys(deps.signingKey);
  const others = verificationKeys(deps.verifyKeys ?? []).map((key) => {
    const { x } = key.export({ format: 'jwk' }) as { x: string };
    const kid = crypto.createHash('sha256').update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x })).digest('base64url');
    return { kid, x };
  });
  return [{ kid: signing.kid, x: signing.jwk.x }, ...others.filter((k) => k.kid !== signing.kid)];
}
