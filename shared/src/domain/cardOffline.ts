import { base64UrlDecode, base64UrlEncode, ed25519Verify } from './ed25519';

/**
 * The offline work-card check (S3, issue 19.7). When the network fails at the door, the customer's app checks the
 * card token's Ed25519 signature with the platform's public key it saved while online (GET /cards/public-key: the
 * signing key and, during a key rotation, the other accepted keys), and its expiry against the phone's clock. It can
 * say the card was issued by the platform and is fresh; it cannot say whether the card was revoked since, nor whether
 * this engineer is the one assigned to the order: the app says so, keeps the check, and sends it once back online
 * (POST /orders/:id/card-checks/offline), where the server checks the token again itself and records the check on
 * the order once.
 */

/** One public key the app keeps: its RFC 7638 thumbprint and the JWK `x` (base64url of the 32 raw bytes). */
export interface OfflineCardKey {
  kid: string;
  x: string;
}

export interface OfflineCardPayload {
  v: 1;
  e: string;
  s: string;
  iat: number;
  exp: number;
  n: string;
}

export type OfflineCardReading =
  | { ok: true; payload: OfflineCardPayload; expired: boolean; kid: string }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'bad_payload' | 'no_key' };

const B64URL = /^[A-Za-z0-9_-]+$/;
const MAX_TOKEN_LENGTH = 1024;

/** Accepts the bare token or the whole scanned URL (`…/v/<token>`), as a camera or `scanCode` returns it. */
export function cardTokenFromScan(scanned: string): string {
  const match = /\/v\/([^/?#\s]+)/.exec(scanned);
  if (!match) return scanned.trim();
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return match[1]!;
  }
}

/** The payload's shape, as the server signs it (the server's own check reads it with this too). */
export function isCardTokenPayload(value: unknown): value is OfflineCardPayload {
  const p = value as Partial<OfflineCardPayload> | null;
  return (
    !!p &&
    typeof p === 'object' &&
    p.v === 1 &&
    typeof p.e === 'string' &&
    /^[0-9a-f]{24}$/.test(p.e) &&
    typeof p.s === 'string' &&
    p.s.length > 0 &&
    p.s.length <= 64 &&
    Number.isSafeInteger(p.iat) &&
    Number.isSafeInteger(p.exp) &&
    typeof p.n === 'string'
  );
}

/** ASCII bytes of the signed part (base64url is ASCII by construction). */
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** UTF-8 to text without TextDecoder (absent in the mini-program); null on invalid input. */
function utf8(bytes: Uint8Array): string | null {
  try {
    let encoded = '';
    for (const b of bytes) encoded += `%${b.toString(16).padStart(2, '0')}`;
    return decodeURIComponent(encoded);
  } catch {
    return null;
  }
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** A signature check: pure TypeScript by default; the H5 build passes WebCrypto's (see `webCryptoEd25519`). */
export type SignatureCheck = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean | Promise<boolean>;

/**
 * Reads a scanned card token offline: the signature first (by any of `keys`), then the payload, then the expiry by
 * `nowMs` (the phone's clock). Never throws. The same canonical-signature rule as the server's (one spelling per token).
 */
export async function readCardTokenOffline(
  scanned: string,
  keys: readonly OfflineCardKey[],
  nowMs: number,
  check: SignatureCheck = ed25519Verify,
): Promise<OfflineCardReading> {
  if (keys.length === 0) return { ok: false, reason: 'no_key' };
  const token = cardTokenFromScan(scanned);
  if (token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !B64URL.test(parts[0]!) || !B64URL.test(parts[1]!)) return { ok: false, reason: 'malformed' };
  const [body, sig] = parts as [string, string];
  const signature = base64UrlDecode(sig);
  if (!signature || signature.length !== 64 || base64UrlEncode(signature) !== sig) return { ok: false, reason: 'malformed' };
  const message = ascii(body);
  let kid: string | null = null;
  for (const key of keys) {
    const raw = base64UrlDecode(key.x);
    if (!raw || raw.length !== 32) continue;
    const good = await Promise.resolve()
      .then(() => check(raw, message, signature))
      .catch(() => false);
    if (good) {
      kid = key.kid;
      break;
    }
  }
  if (!kid) return { ok: false, reason: 'bad_signature' };
  const bytes = base64UrlDecode(body);
  const text = bytes ? utf8(bytes) : null;
  const payload = parseJson(text);
  if (!isCardTokenPayload(payload)) return { ok: false, reason: 'bad_payload' };
  return { ok: true, payload, expired: Math.floor(nowMs / 1000) > payload.exp, kid };
}

/** Minimal WebCrypto surface (H5 browsers; Node for tests), so shared needs no DOM types. */
interface SubtleLike {
  importKey(format: 'raw', key: Uint8Array, algorithm: { name: string }, extractable: boolean, usages: string[]): Promise<unknown>;
  verify(algorithm: { name: string }, key: unknown, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

/**
 * WebCrypto's Ed25519 where the browser has it, else the pure check: a browser without Ed25519 in WebCrypto rejects
 * the import, and the pure check decides instead.
 */
export function webCryptoEd25519(subtle: SubtleLike | undefined): SignatureCheck {
  if (!subtle) return ed25519Verify;
  return async (publicKey, message, signature) => {
    let key: unknown;
    try {
      key = await subtle.importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
    } catch {
      return ed25519Verify(publicKey, message, signature);
    }
    return subtle.verify({ name: 'Ed25519' }, key, signature, message);
  };
}

/** The mark an offline verdict carries above its headline, so the headline stays short enough for one line. */
export const OFFLINE_CHECK_BADGE = '离线核验';

/** What the customer is told after an offline check, in plain words; `badge` says the check was made offline. */
export function offlineCardText(reading: OfflineCardReading): { tone: 'pass' | 'fail'; badge: string | null; headline: string; detail: string } {
  if (reading.ok && !reading.expired) {
    return {
      tone: 'pass',
      badge: OFFLINE_CHECK_BADGE,
      headline: '工作证真实有效',
      detail: '网络不通，已用本机保存的平台公钥离线核验：工作证真实有效（未能确认是否为您订单的当前工程师，联网后自动补记）。',
    };
  }
  if (reading.ok) {
    return { tone: 'fail', badge: OFFLINE_CHECK_BADGE, headline: '二维码已过期', detail: '网络不通，已离线核验：工作证二维码已过期。二维码每 60 秒更新一次，请工程师刷新后重新出示。' };
  }
  if (reading.reason === 'no_key') {
    return { tone: 'fail', badge: null, headline: '暂时无法核验', detail: '网络不通，本机还没有保存平台公钥，无法离线核验。请联网后再扫码，或拨打客服电话确认。' };
  }
  return { tone: 'fail', badge: OFFLINE_CHECK_BADGE, headline: '工作证无效', detail: '网络不通，已用本机保存的平台公钥离线核验：这不是放心服务签发的工作证，或二维码被改动过。请不要开门，可拨打客服电话确认。' };
}

/** How long a device keeps offline checks it could not send yet (older ones are dropped; the server refuses them too). */
export const OFFLINE_CHECK_MAX_AGE_DAYS = 7;
