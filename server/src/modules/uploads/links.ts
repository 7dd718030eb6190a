import crypto from 'node:crypto';
import { API_BASE_PATH } from '@fangxin/shared';

/**
 * Short-lived signed photo links: `/api/v1/photos/<id>?exp=<unix seconds>&sig=<HMAC>`. Whoever holds one may fetch
 * that one image until `exp`, without a session, so a plain `<img src>` works in the mini-program, H5 and the admin.
 * The server hands links only to the parties of the image's order (service.ts `orderPhotoLinks`); the link itself
 * is the proof.
 *
 * The HMAC covers a purpose string as well as the id and the expiry, so a MAC made with the same key for anything
 * else can never pass as a photo link. Expiries are rounded up to the next minute: every view of an order within
 * that minute gets the same URL, and the browser's private cache can serve it again.
 */
const PURPOSE = 'fangxin.photo.view.v1';
const ROUND_SECONDS = 60;

export interface PhotoLinkSigner {
  /** When links issued now stop working. */
  expiryFrom(now: Date): Date;
  url(id: string, expiresAt: Date): string;
  /** `ok`, `invalid` (wrong signature, any tampering), or `expired` (a genuine link past its time). */
  check(id: string, exp: number, sig: string, now: Date): 'ok' | 'invalid' | 'expired';
  /** How long a response to a link may be cached: the link's remaining life, never more than a full lifetime. */
  cacheSeconds(exp: number, now: Date): number;
}

export function createPhotoLinkSigner(secret: string, ttlSeconds: number): PhotoLinkSigner {
  const mac = (id: string, exp: number) => crypto.createHmac('sha256', secret).update(`${PURPOSE}\n${id.toLowerCase()}\n${exp}`).digest();
  const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
  return {
    expiryFrom(now) {
      return new Date(Math.ceil((seconds(now) + ttlSeconds) / ROUND_SECONDS) * ROUND_SECONDS * 1000);
    },
    url(id, expiresAt) {
      const exp = seconds(expiresAt);
      return `${API_BASE_PATH}/photos/${id}?exp=${exp}&sig=${mac(id, exp).toString('base64url')}`;
    },
    check(id, exp, sig, now) {
      // The text itself is compared (decoding would let the unused low bits of the last character vary), in constant
      // time: the comparison takes as long whichever character differs.
      const given = Buffer.from(sig);
      const expected = Buffer.from(mac(id, exp).toString('base64url'));
      if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return 'invalid';
      return exp > seconds(now) ? 'ok' : 'expired';
    },
    cacheSeconds(exp, now) {
      return Math.max(0, Math.min(ttlSeconds, exp - seconds(now)));
    },
  };
}
