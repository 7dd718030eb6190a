import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIMELINE_EVENT_LABELS, base64UrlEncode, ed25519Verify, timelineEventDetail, offlineCardText, readCardTokenOffline, sha512, webCryptoEd25519, type OfflineCardKey } from '@fangxin/shared';
import { cardKeys, signCardToken } from '../src/modules/cards/token';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';
import { book, buildWorld, type OrderWorld } from './orderKit';

/**
 * Issue 19.7: the offline card check. The pure-TypeScript verifier the mini-program uses (and WebCrypto's, which the
 * H5 build prefers) against tokens the server's own code signs with real keys; then the endpoint that records an
 * offline check on the order once the phone is back online.
 */
const newKey = () => crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const keyOf = (pem: string): OfflineCardKey => ({ kid: cardKeys(pem).kid, x: cardKeys(pem).jwk.x });
const ENGINEER = 'a'.repeat(24);

describe('the offline verifier', () => {
  it('computes SHA-512 exactly as Node does, across block boundaries', () => {
    for (const n of [0, 1, 55, 111, 112, 127, 128, 129, 300]) {
      const bytes = crypto.randomBytes(n);
      expect(Buffer.from(sha512(bytes)).toString('hex')).toBe(crypto.createHash('sha512').update(bytes).digest('hex'));
    }
  });

  it('accepts Ed25519 signatures Node makes and refuses any flipped bit, other message or other key', () => {
    for (let i = 0; i < 8; i++) {
      const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
      const x = Buffer.from((publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url');
      const message = crypto.randomBytes(1 + i * 13);
      const signature = crypto.sign(null, message, privateKey);
      expect(ed25519Verify(x, message, signature)).toBe(true);
      const flipped = Buffer.from(signature);
      flipped[(i * 9) % 64]! ^= 1 << i % 8;
      expect(ed25519Verify(x, message, flipped)).toBe(false);
      expect(ed25519Verify(x, Buffer.concat([message, Buffer.from([0])]), signature)).toBe(false);
      const other = crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as { x: string };
      expect(ed25519Verify(Buffer.from(other.x, 'base64url'), message, signature)).toBe(false);
    }
  });

  it('refuses a signature whose S is not reduced (S + L), which Node refuses too', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    const x = Buffer.from((publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url');
    const message = Buffer.from('fangxin');
    const signature = crypto.sign(null, message, privateKey);
    const L = (1n << 252n) + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(signature[i]!);
    let big = s + L;
    const malleable = Buffer.from(signature);
    for (let i = 32; i < 64; i++) {
      malleable[i] = Number(big & 255n);
      big >>= 8n;
    }
    expect(crypto.verify(null, message, publicKey, malleable)).toBe(false);
    expect(ed25519Verify(x, message, malleable)).toBe(false);
  });

  it('reads a token the server signed: genuine while fresh, expired by the phone clock after, by any accepted key', async () => {
    const current = newKey();
    const previous = newKey();
    const now = new Date('2026-12-07T02:00:00Z');
    const { token, payload } = signCardToken(cardKeys(previous), { engineerId: ENGINEER, serial: 'FXC-HZ-ABCDEF' }, now);
    const keys = [keyOf(current), keyOf(previous)];
    const fresh = await readCardTokenOffline(`https://fangxin.example/v/${token}`, keys, now.getTime() + 30_000);
    expect(fresh).toEqual({ ok: true, payload, expired: false, kid: keys[1]!.kid });
    expect(offlineCardText(fresh).detail).toBe('网络不通，已用本机保存的平台公钥离线核验：工作证真实有效（未能确认是否为您订单的当前工程师，联网后自动补记）。');
    const late = await readCardTokenOffline(token, keys, now.getTime() + 61_000);
    expect(late).toMatchObject({ ok: true, expired: true });
    expect(offlineCardText(late).tone).toBe('fail');
    // Only the current key saved: the previous key's token is not the platform's as far as the phone knows.
    expect(await readCardTokenOffline(token, [keyOf(current)], now.getTime())).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await readCardTokenOffline(token, [], now.getTime())).toEqual({ ok: false, reason: 'no_key' });
  });

  it('refuses tampered tokens offline: a changed payload, a forged signature, a second spelling, garbage', async () => {
    const key = newKey();
    const now = new Date('2026-12-07T02:00:00Z');
    const { token } = signCardToken(cardKeys(key), { engineerId: ENGINEER, serial: 'FXC-HZ-ABCDEF' }, now);
    const [body, sig] = token.split('.') as [string, string];
    const keys = [keyOf(key)];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const longer = base64UrlEncode(Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 86_400 })));
    expect(await readCardTokenOffline(`${longer}.${sig}`, keys, now.getTime())).toEqual({ ok: false, reason: 'bad_signature' });
    const forged = signCardToken(cardKeys(newKey()), { engineerId: ENGINEER, serial: 'FXC-HZ-ABCDEF' }, now).token;
    expect(await readCardTokenOffline(forged, keys, now.getTime())).toEqual({ ok: false, reason: 'bad_signature' });
    // The last character of 86 carries 2 bits: another letter with the same 2 bits decodes alike but is not canonical.
    const last = sig.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = alphabet[alphabet.indexOf(last) ^ 1]!;
    expect(await readCardTokenOffline(`${body}.${sig.slice(0, -1)}${twin}`, keys, now.getTime())).toEqual({ ok: false, reason: 'malformed' });
    for (const junk of ['', 'abc', 'a.b.c', `${body}.`, '%%%.###', 'x'.repeat(2000)]) {
      expect((await readCardTokenOffline(junk, keys, now.getTime())).ok).toBe(false);
    }
    expect(offlineCardText({ ok: false, reason: 'bad_signature' })).toMatchObject({ badge: '离线核验', headline: '工作证无效' });
  });

  it('WebCrypto’s Ed25519 (the H5 path) gives the same answers', async () => {
    const key = newKey();
    const now = new Date('2026-12-07T02:00:00Z');
    const { token } = signCardToken(cardKeys(key), { engineerId: ENGINEER, serial: 'FXC-HZ-ABCDEF' }, now);
    const check = webCryptoEd25519(globalThis.crypto.subtle as never);
    expect(await readCardTokenOffline(token, [keyOf(key)], now.getTime(), check)).toMatchObject({ ok: true, expired: false });
    expect(await readCardTokenOffline(token, [keyOf(newKey())], now.getTime(), check)).toEqual({ ok: false, reason: 'bad_signature' });
  });
});

describe('recording an offline check once back online', () => {
  let t: TestServer;
  let w: OrderWorld;
  let orderId: string;
  let qr: string;

  beforeAll(async () => {
    t = await startTestServer();
    w = await buildWorld(t);
    const order = await book(t, w);
    orderId = order.id;
    const engineer = w.engineers[0]!;
    expect((await t.request('POST', `/api/v1/orders/${orderId}/dispatch`, { token: w.tokens.manager, body: { engineerId: engineer.engineerId } })).status).toBe(200);
    expect((await t.request('POST', `/api/v1/orders/${orderId}/accept`, { token: engineer.token })).status).toBe(200);
    const card = await t.request('GET', '/api/v1/me/card', { token: engineer.token });
    qr = card.body.qr.token;
  });
  afterAll(async () => {
    await t?.close();
    await dropTestDatabase();
  });

  const record = (body: Record<string, unknown>, token = w.customer.token, id = orderId) =>
    t.request('POST', `/api/v1/orders/${id}/card-checks/offline`, { token, body });
  const events = async () => (await t.request('GET', `/api/v1/orders/${orderId}/timeline`, { token: w.customer.token })).body.events.filter((e: { type: string }) => e.type === 'card_verified_offline');

  it('the published key set verifies the engineer’s live token on the phone', async () => {
    const published = await t.request('GET', '/api/v1/cards/public-key');
    expect(published.status).toBe(200);
    expect(published.body.keys[0]).toEqual({ kid: published.body.kid, x: published.body.jwk.x });
    expect(await readCardTokenOffline(qr, published.body.keys, t.clock.now().getTime())).toMatchObject({ ok: true, expired: false });
  });

  it('re-verifies the token itself and records the check once per check id', async () => {
    const checkedAt = t.clock.now().toISOString();
    t.clock.advance(10 * 60_000); // back online ten minutes later: the token has long expired, it was fresh at the check
    const first = await record({ checkId: 'chk-0001-aaaa', token: qr, checkedAt });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ recorded: true, verdict: 'genuine', signedByPlatform: true, validAtCheck: true, assignedToThisOrder: true, orderId });
    const again = await Promise.all([record({ checkId: 'chk-0001-aaaa', token: qr, checkedAt }), record({ checkId: 'chk-0001-aaaa', token: qr, checkedAt })]);
    for (const r of again) expect(r.body).toMatchObject({ recorded: false, verdict: 'genuine', assignedToThisOrder: true });
    const recorded = await events();
    expect(recorded).toHaveLength(1);
    expect(TIMELINE_EVENT_LABELS[recorded[0].type as 'card_verified_offline']).toBe('离线核验（联网后补记）');
    expect(timelineEventDetail('card_verified_offline', recorded[0].data)).toMatch(/^离线核验：工作证真实有效，为本单工程师，核验于 /);
  });

  it('never trusts the phone: a token checked after its expiry, or a forged one, is recorded as what it is', async () => {
    const card = await t.request('GET', '/api/v1/me/card', { token: w.engineers[0]!.token });
    const token = card.body.qr.token as string;
    const late = await record({ checkId: 'chk-late-0002', token, checkedAt: new Date(t.clock.now().getTime() + 90_000).toISOString() });
    // 90 s ahead is within the clock tolerance but after the 60 s lifetime: expired at the check.
    expect(late.body).toMatchObject({ recorded: true, verdict: 'expired', validAtCheck: false });
    const forged = signCardToken(cardKeys(newKey()), { engineerId: w.engineers[0]!.engineerId, serial: 'FXC-X-AAAAAA' }, t.clock.now()).token;
    const bad = await record({ checkId: 'chk-forged-03', token: forged, checkedAt: t.clock.now().toISOString() });
    expect(bad.body).toMatchObject({ recorded: true, verdict: 'tampered', signedByPlatform: false, validAtCheck: false, assignedToThisOrder: false, engineerName: null });
    expect(await events()).toHaveLength(3);
  });

  it('refuses another customer’s order, engineers, a check time ahead or too old, a bad id — and writes nothing', async () => {
    const before = (await events()).length;
    const checkedAt = t.clock.now().toISOString();
    expect((await record({ checkId: 'chk-stranger-1', token: qr, checkedAt }, w.stranger.token)).status).toBe(404);
    expect((await record({ checkId: 'chk-engineer-1', token: qr, checkedAt }, w.engineers[0]!.token)).status).toBe(403);
    const ahead = await record({ checkId: 'chk-ahead-001', token: qr, checkedAt: new Date(t.clock.now().getTime() + 3_600_000).toISOString() });
    expect(ahead.status).toBe(400);
    expect(ahead.body.error.fields[0].path).toBe('checkedAt');
    expect((await record({ checkId: 'chk-old-00001', token: qr, checkedAt: new Date(t.clock.now().getTime() - 8 * 86_400_000).toISOString() })).status).toBe(400);
    const badId = await record({ checkId: 'no spaces!', token: qr, checkedAt });
    expect(badId.status).toBe(400);
    expect(JSON.stringify(badId.body)).toContain('checkId');
    expect((await events()).length).toBe(before);
  });
});
