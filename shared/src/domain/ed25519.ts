/**
 * Ed25519 signature verification (RFC 8032, section 5.1.7) and SHA-512 (FIPS 180-4) in plain TypeScript, for the
 * offline work-card check where no WebCrypto exists (the WeChat mini-program). Verification only: no secrets are
 * handled, so constant time does not matter. It needs `BigInt` (every current WeChat base library and browser has
 * it); no BigInt literals and no `**` on BigInt are used, so transpilers leave it alone.
 *
 * Checked against Node's own Ed25519 (OpenSSL) in shared/src/__tests__/cardOffline.test.ts, with tokens signed by
 * the server's code, tampered ones and random keys.
 */

const big = (n: number | string) => BigInt(n);
const ZERO = big(0);
const ONE = big(1);
const TWO = big(2);
const EIGHT = big(8);
const MASK64 = (ONE << big(64)) - ONE;

// ---------------------------------------------------------------------------------------------------- SHA-512

/** floor(root(n) * 2^64) for the k-th root (2 or 3), by integer Newton iteration: the fractional parts are the constants. */
function rootFraction(n: number, k: 2 | 3): bigint {
  const target = big(n) << big(64 * k);
  const K = big(k);
  let x = ONE << big(Math.ceil((64 * k + 8) / k)); // above the root
  for (;;) {
    const power = k === 2 ? x : x * x;
    const next = ((K - ONE) * x + target / power) / K;
    if (next >= x) break;
    x = next;
  }
  while ((k === 2 ? x * x : x * x * x) > target) x -= ONE;
  return x & MASK64;
}

function primes(count: number): number[] {
  const found: number[] = [];
  for (let n = 2; found.length < count; n++) if (found.every((p) => n % p !== 0)) found.push(n);
  return found;
}

let constants: { k: bigint[]; iv: bigint[] } | null = null;
function sha512Constants() {
  if (!constants) {
    const ps = primes(80);
    constants = { k: ps.map((p) => rootFraction(p, 3)), iv: ps.slice(0, 8).map((p) => rootFraction(p, 2)) };
  }
  return constants;
}

const rotr = (x: bigint, n: number) => ((x >> big(n)) | (x << big(64 - n))) & MASK64;

export function sha512(message: Uint8Array): Uint8Array {
  const { k, iv } = sha512Constants();
  const bitLength = message.length * 8;
  const padded = new Uint8Array(Math.ceil((message.length + 17) / 128) * 128);
  padded.set(message);
  padded[message.length] = 0x80;
  // Lengths here are far below 2^53 bits: the low 8 bytes of the 128-bit length field are enough.
  let len = bitLength;
  for (let i = 0; i < 8; i++) {
    padded[padded.length - 1 - i] = len % 256;
    len = Math.floor(len / 256);
  }
  const h = iv.slice();
  const w: bigint[] = new Array<bigint>(80);
  for (let block = 0; block < padded.length; block += 128) {
    for (let t = 0; t < 16; t++) {
      let v = ZERO;
      for (let b = 0; b < 8; b++) v = (v << EIGHT) | big(padded[block + t * 8 + b]!);
      w[t] = v;
    }
    for (let t = 16; t < 80; t++) {
      const w15 = w[t - 15]!;
      const w2 = w[t - 2]!;
      const s0 = rotr(w15, 1) ^ rotr(w15, 8) ^ (w15 >> big(7));
      const s1 = rotr(w2, 19) ^ rotr(w2, 61) ^ (w2 >> big(6));
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) & MASK64;
    }
    let [a, b, c, d, e, f, g, hh] = h as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
    for (let t = 0; t < 80; t++) {
      const S1 = rotr(e, 14) ^ rotr(e, 18) ^ rotr(e, 41);
      const ch = (e & f) ^ (~e & MASK64 & g);
      const t1 = (hh + S1 + ch + k[t]! + w[t]!) & MASK64;
      const S0 = rotr(a, 28) ^ rotr(a, 34) ^ rotr(a, 39);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) & MASK64;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) & MASK64;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) & MASK64;
    }
    const next = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i++) h[i] = (h[i]! + next[i]!) & MASK64;
  }
  const out = new Uint8Array(64);
  h.forEach((word, i) => {
    let v = word;
    for (let b = 7; b >= 0; b--) {
      out[i * 8 + b] = Number(v & big(255));
      v >>= EIGHT;
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------- Ed25519

const P = (ONE << big(255)) - big(19);
/** The order of the base point: 2^252 + 27742317777372353535851937790883648493. */
const L = (ONE << big(252)) + big('27742317777372353535851937790883648493');

const mod = (a: bigint, m: bigint = P) => {
  const r = a % m;
  return r >= ZERO ? r : r + m;
};

function pow(base: bigint, exponent: bigint): bigint {
  let result = ONE;
  let b = mod(base);
  let e = exponent;
  while (e > ZERO) {
    if (e & ONE) result = (result * b) % P;
    b = (b * b) % P;
    e >>= ONE;
  }
  return result;
}

const inv = (a: bigint) => pow(a, P - TWO);
const D = mod(big(-121665) * inv(big(121666)));
const D2 = mod(TWO * D);
const SQRT_M1 = pow(TWO, (P - ONE) / big(4));

/** A point in extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, x*y = T/Z. */
type Point = readonly [bigint, bigint, bigint, bigint];

const IDENTITY: Point = [ZERO, ONE, ONE, ZERO];

/** The unified addition of RFC 8032 5.1.4 (complete for this curve, so it doubles too). */
function add(p: Point, q: Point): Point {
  const [X1, Y1, Z1, T1] = p;
  const [X2, Y2, Z2, T2] = q;
  const A = mod((Y1 - X1) * (Y2 - X2));
  const B = mod((Y1 + X1) * (Y2 + X2));
  const C = mod(T1 * D2 * T2);
  const Dd = mod(TWO * Z1 * Z2);
  const E = B - A;
  const F = Dd - C;
  const G = Dd + C;
  const H = B + A;
  return [mod(E * F), mod(G * H), mod(F * G), mod(E * H)];
}

function multiply(point: Point, scalar: bigint): Point {
  let result = IDENTITY;
  let addend = point;
  let n = scalar;
  while (n > ZERO) {
    if (n & ONE) result = add(result, addend);
    addend = add(addend, addend);
    n >>= ONE;
  }
  return result;
}

const negate = ([X, Y, Z, T]: Point): Point => [mod(-X), Y, Z, mod(-T)];

function littleEndian(bytes: Uint8Array): bigint {
  let v = ZERO;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << EIGHT) | big(bytes[i]!);
  return v;
}

function encode([X, Y, Z]: Point): Uint8Array {
  const zInv = inv(Z);
  const x = mod(X * zInv);
  let y = mod(Y * zInv);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(y & big(255));
    y >>= EIGHT;
  }
  if (x & ONE) out[31]! |= 0x80;
  return out;
}

/** Decodes a compressed point (RFC 8032 5.1.3); null when the bytes are not a point on the curve in canonical form. */
function decode(bytes: Uint8Array): Point | null {
  if (bytes.length !== 32) return null;
  // A copy (Buffer's slice is a view): the caller's bytes stay as they are.
  const copy = Uint8Array.from(bytes);
  const sign = (copy[31]! & 0x80) !== 0;
  copy[31]! &= 0x7f;
  const y = littleEndian(copy);
  if (y >= P) return null;
  const y2 = mod(y * y);
  const u = mod(y2 - ONE);
  const v = mod(D * y2 + ONE);
  const v3 = mod(v * v * v);
  let x = mod(u * v3 * pow(u * v3 * v3 * v, (P - big(5)) / EIGHT));
  const vx2 = mod(v * x * x);
  if (vx2 !== u) {
    if (vx2 !== mod(-u)) return null;
    x = mod(x * SQRT_M1);
  }
  if (x === ZERO && sign) return null;
  if (((x & ONE) === ONE) !== sign) x = mod(-x);
  return [x, y, ONE, mod(x * y)];
}

let base: Point | null = null;
function basePoint(): Point {
  // y = 4/5, x even (RFC 8032 5.1).
  if (!base) {
    const bytes = new Uint8Array(32);
    let y = mod(big(4) * inv(big(5)));
    for (let i = 0; i < 32; i++) {
      bytes[i] = Number(y & big(255));
      y >>= EIGHT;
    }
    base = decode(bytes);
  }
  return base!;
}

/**
 * Whether `signature` (64 bytes) is a valid Ed25519 signature of `message` under `publicKey` (32 bytes): S below the
 * group order, the key a canonical curve point, and the encoding of [S]B − [k]A equal to R as sent (so R must be
 * canonical too), k = SHA-512(R ‖ A ‖ M) mod L. Never throws.
 */
export function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false;
  const A = decode(publicKey);
  if (!A) return false;
  const R = signature.subarray(0, 32);
  const S = littleEndian(signature.subarray(32, 64));
  if (S >= L) return false;
  const hashed = new Uint8Array(64 + message.length);
  hashed.set(R, 0);
  hashed.set(publicKey, 32);
  hashed.set(message, 64);
  const k = mod(littleEndian(sha512(hashed)), L);
  const check = encode(add(multiply(basePoint(), S), multiply(negate(A), k)));
  return check.every((b, i) => b === R[i]);
}

// ---------------------------------------------------------------------------------------------------- base64url

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Decodes unpadded base64url; null for any other character or an impossible length. */
export function base64UrlDecode(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, at);
}

/** base64url without padding. */
export function base64UrlEncode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += ALPHABET[(value >> bits) & 63];
    }
  }
  if (bits > 0) out += ALPHABET[(value << (6 - bits)) & 63];
  return out;
}
