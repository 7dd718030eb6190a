// @vitest-environment node
import crypto from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fetchTransport } from '../../../test/fetch-transport'
import { startFakeApi, type FakeApi } from '../../../test/fake-api'
import { memoryStorage } from '../../../test/memory-storage'
import { createApiClient, type ApiClient } from '../api-client'
import { createOfflineCards, OFFLINE_CHECKS_STORAGE_KEY } from '../offline-cards'
import { createSessionStore, sessionTokens, type SessionStore } from '../session-store'


const ORDER = '64b7f0c2a1b2c3d4e5f60001'
const NOW = Date.parse('2026-12-07T02:00:00Z')

/** A key pair and a token made the way the server makes them (cards/token.ts). */
function platform() {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519')
  const x = (publicKey.export({ format: 'jwk' }) as { x: string }).x
  const iat = Math.floor(NOW / 1000)
  const body = Buffer.from(JSON.stringify({ v: 1, e: 'a'.repeat(24), s: 'FXC-HZ-ABCDEF', iat, exp: iat + 60, n: 'nonce1' })).toString('base64url')
  const token = `${body}.${crypto.sign(null, Buffer.from(body, 'ascii'), privateKey).toString('base64url')}`
  return { x, token }
}

let server: FakeApi
let session: SessionStore
let client: ApiClient
const storage = memoryStorage()

beforeEach(async () => {
  server = await startFakeApi()
  session = createSessionStore(memoryStorage())
  client = createApiClient({ baseUrl: server.baseUrl, transport: fetchTransport, tokens: sessionTokens(session) })
  session.signIn(server.signIn())
  storage.removeItem(OFFLINE_CHECKS_STORAGE_KEY)
})

afterEach(async () => {
  await server.close()
})

describe('the offline card check on the phone', () => {
  it('keeps the published keys, checks a fresh token offline and sends the check once back online', async () => {
    const { x, token } = platform()
    server.stub('GET', '/cards/public-key', 200, { keys: [{ kid: 'k1', x }] }, { public: true })
    const cards = createOfflineCards(client, storage, { now: () => NOW + 20_000 })
    await cards.refreshKeys()
    expect(cards.keys()).toEqual([{ kid: 'k1', x }])

    const reading = await cards.checkOffline(`http://127.0.0.1:3000/v/${token}`, ORDER)
    expect(reading).toMatchObject({ ok: true, expired: false })
    expect(cards.pending()).toHaveLength(1)

    server.stub('POST', `/orders/${ORDER}/card-checks/offline`, 200, { orderNo: 'FX20261207-00001' })
    const checkId = cards.pending()[0]!.checkId
    expect(await cards.sync()).toEqual([{ checkId, orderNos: ['FX20261207-00001'] }])
    const sent = server.calls.filter((c) => c.path === `/api/v1/orders/${ORDER}/card-checks/offline`)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.body).toMatchObject({ token: `http://127.0.0.1:3000/v/${token}`, checkedAt: new Date(NOW + 20_000).toISOString() })
    expect(cards.pending()).toEqual([])
  })

  it('says a token signed by another key or after its minute is not good, and keeps nothing it could not read', async () => {
    const { x } = platform()
    const other = platform()
    server.stub('GET', '/cards/public-key', 200, { keys: [{ kid: 'k1', x }] }, { public: true })
    const cards = createOfflineCards(client, storage, { now: () => NOW + 61_000 })
    await cards.refreshKeys()
    expect(await cards.checkOffline(other.token, null)).toEqual({ ok: false, reason: 'bad_signature' })
    expect(await cards.checkOffline('not a card', null)).toEqual({ ok: false, reason: 'malformed' })
    expect(cards.pending()).toHaveLength(1) // the forged one is recorded too: the server says what it was
  })

  it('keeps a check while the network is down and drops one the server refuses', async () => {
    const { x, token } = platform()
    server.stub('GET', '/cards/public-key', 200, { keys: [{ kid: 'k1', x }] }, { public: true })
    const cards = createOfflineCards(client, storage, { now: () => NOW })
    await cards.refreshKeys()
    await cards.checkOffline(token, ORDER)
    const down = createOfflineCards(createApiClient({ baseUrl: 'http://127.0.0.1:9/api/v1', transport: fetchTransport, tokens: sessionTokens(session) }), storage, { now: () => NOW })
    expect(await down.sync()).toEqual([])
    expect(cards.pending()).toHaveLength(1)
    server.stub('POST', `/orders/${ORDER}/card-checks/offline`, 404, { error: { id: 'not_found', message: '订单不存在' } })
    expect(await cards.sync()).toEqual([])
    expect(cards.pending()).toEqual([])
  })
})
