import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { ManualClock } from '../src/lib/clock';
import { cardKeys, signCardToken } from '../src/modules/cards/token';
import { createEngineer, createOutlet, createStaff, PASSWORD } from './factories';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';

/**
 * Rotating the card signing key (docs/DEPLOY.md): CARD_VERIFY_KEYS lists other keys whose tokens are still accepted,
 * so instances with the old and the new signing key can run side by side and a QR code on an engineer's screen stays
 * good until it expires. Only the signing key signs; a key in neither place is refused.
 */

const newKey = () => crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = (privatePem: string) => crypto.createPublicKey(privatePem).export({ type: 'spki', format: 'pem' }).toString();
const oneLine = (pem: string) => pem.replace(/\n/g, '\\n');

const CURRENT = newKey();
const PREVIOUS = newKey();
const NEXT = newKey();

let t: TestServer;
let engineer: { engineerId: string; serial: string; token: string };

beforeAll(async () => {
  t = await startTestServer({
    clock: new ManualClock(new Date()),
    // The previous key as its public half, the next one as a private key on one line: both forms are accepted.
    env: { CARD_SIGNING_KEY: CURRENT, CARD_VERIFY_KEYS: publicPem(PREVIOUS) + oneLine(NEXT) },
  });
  const outlet = await createOutlet();
  const admin = await createStaff('platform_admin', null);
  const adminToken = (await t.request('POST', '/api/v1/auth/staff/login', { body: { username: admin.username, password: PASSWORD } })).body.accessToken;
  const created = await createEngineer(outlet.id);
  const issued = await t.request('POST', `/api/v1/engineers/${created.engineerId}/cards`, { token: adminToken });
  expect(issued.status).toBe(201);
  const login = await t.request('POST', '/api/v1/auth/staff/login', { body: { username: created.username, password: PASSWORD } });
  engineer = { engineerId: created.engineerId, serial: issued.body.serial, token: login.body.accessToken };
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

const tokenSignedWith = (pem: string) => signCardToken(cardKeys(pem), { engineerId: engineer.engineerId, serial: engineer.serial }, t.clock.now()).token;
const verdictOf = async (token: string) => (await t.request('POST', '/api/v1/cards/verify', { body: { token } })).body.verdict;

describe('card signing key rotation (CARD_VERIFY_KEYS)', () => {
  it('accepts tokens signed by the current key and by each listed key, on the API and the /v/ page', async () => {
    expect(await verdictOf(tokenSignedWith(CURRENT))).toBe('genuine');
    expect(await verdictOf(tokenSignedWith(PREVIOUS))).toBe('genuine');
    expect(await verdictOf(tokenSignedWith(NEXT))).toBe('genuine');
    const page = await t.request('GET', `/v/${tokenSignedWith(PREVIOUS)}`);
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('data-verdict="genuine"');
  });

  it('refuses a token signed by a key in neither place', async () => {
    expect(await verdictOf(tokenSignedWith(newKey()))).toBe('tampered');
  });

  it('signs new QR codes and publishes the public key with the current key only', async () => {
    const qr = (await t.request('GET', '/api/v1/me/card', { token: engineer.token })).body.qr.token as string;
    const [body, signature] = qr.split('.') as [string, string];
    expect(crypto.verify(null, Buffer.from(body, 'ascii'), crypto.createPublicKey(CURRENT), Buffer.from(signature, 'base64url'))).toBe(true);
    const published = (await t.request('GET', '/api/v1/cards/public-key')).body;
    expect(published.kid).toBe(cardKeys(CURRENT).kid);
  });

  it('refuses at start a CARD_VERIFY_KEYS that is not a readable Ed25519 key, naming it', () => {
    const base = { NODE_ENV: 'test', CARD_SIGNING_KEY: CURRENT, JWT_SECRET: 'x'.repeat(32), OTP_PEPPER: 'y'.repeat(16) };
    expect(() => loadConfig({ ...base, CARD_VERIFY_KEYS: 'not a key' })).toThrow(/CARD_VERIFY_KEYS holds no PEM key/);
    expect(() => loadConfig({ ...base, CARD_VERIFY_KEYS: '-----BEGIN PUBLIC KEY-----\ngarbage\n-----END PUBLIC KEY-----' })).toThrow(/CARD_VERIFY_KEYS key 1 is not a readable key/);
    const rsa = crypto.generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => loadConfig({ ...base, CARD_VERIFY_KEYS: publicPem(PREVIOUS) + rsa })).toThrow(/CARD_VERIFY_KEYS key 2 is not an Ed25519 key/);
    expect(loadConfig(base).CARD_VERIFY_KEYS).toEqual([]);
  });
});
