// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CreateOrderBody } from '@fangxin/shared'
import { fetchTransport } from '../../../test/fetch-transport'
import { startFakeApi, type FakeApi } from '../../../test/fake-api'
import { memoryStorage } from '../../../test/memory-storage'
import { ApiError, createApiClient, type ApiClient } from '../api-client'
import { createCardsApi } from '../cards'
import { createCatalogApi } from '../catalog'
import { createEngineerApi } from '../engineer'
import { createNotificationsApi } from '../notifications'
import { createOrdersApi } from '../orders'
import { createQualityApi } from '../quality'
import { createSessionStore, sessionTokens, type SessionStore } from '../session-store'

// Each domain API is a thin typed layer over the one client: these tests pin the method, path, query, headers and
// body each call puts on the wire, against a real HTTP server.
vi.mock('../api', () => ({ api: {} }))

let server: FakeApi
let session: SessionStore
let client: ApiClient
const ORDER = '64b7f0c2a1b2c3d4e5f60001'
const BODY: CreateOrderBody = {
  category: 'air_conditioner',
  serviceType: 'repair',
  addressId: '64b7f0c2a1b2c3d4e5f60002',
  faultDescription: '空调不制冷',
  photoIds: [],
  slot: { day: '2026-06-18', window: '09-11' },
  urgent: false,
}

beforeEach(async () => {
  server = await startFakeApi()
  session = createSessionStore(memoryStorage())
  client = createApiClient({ baseUrl: server.baseUrl, transport: fetchTransport, tokens: sessionTokens(session) })
  session.signIn(server.signIn())
})

afterEach(async () => {
  await server.close()
})

describe('orders (customer)', () => {
  it('books with the Idempotency-Key header, and a retry sends the same key and body', async () => {
    server.stub('POST', '/orders', 201, { id: ORDER, orderNo: 'FX1' })
    const orders = createOrdersApi(client)

    await orders.create(BODY, 'bk-key-0001')
    await orders.create(BODY, 'bk-key-0001')

    const posts = server.calls.filter((c) => c.path === '/api/v1/orders')
    expect(posts).toHaveLength(2)
    for (const call of posts) {
      expect(call.headers['idempotency-key']).toBe('bk-key-0001')
      expect(call.body).toEqual(BODY)
    }
  })

  it('asks for availability without the token (public) and with the query the server expects', async () => {
    server.stub('GET', '/slots/availability', 200, { covered: true, days: [] }, { public: true })
    const orders = createOrdersApi(client)

    await orders.availability({ districtCode: '330106', category: 'air_conditioner', from: '2026-06-18', to: '2026-06-24' })

    const call = server.calls.at(-1)!
    expect(call.authorization).toBeNull()
    expect(call.query).toBe('?districtCode=330106&category=air_conditioner&from=2026-06-18&to=2026-06-24')
  })

  it('confirms and rejects a quote by its number, and cancels with a reason', async () => {
    const orders = createOrdersApi(client)
    for (const path of [`/orders/${ORDER}/quotes/2/confirm`, `/orders/${ORDER}/quotes/2/reject`, `/orders/${ORDER}/cancel`]) server.stub('POST', path, 200, { id: ORDER })

    await orders.confirmQuote(ORDER, 2)
    await orders.rejectQuote(ORDER, 2, '价格太高')
    await orders.cancel(ORDER, '临时有事')

    expect(server.calls.map((c) => [c.path, c.body])).toEqual([
      [`/api/v1/orders/${ORDER}/quotes/2/confirm`, undefined],
      [`/api/v1/orders/${ORDER}/quotes/2/reject`, { reason: '价格太高' }],
      [`/api/v1/orders/${ORDER}/cancel`, { reason: '临时有事' }],
    ])
  })

  it('hands the server’s field errors back on the ApiError, for the form to place', async () => {
    server.stub('POST', '/orders', 400, {
      error: { id: 'validation_failed', message: '请求参数有误', requestId: 'r1', fields: [{ path: 'slot.day', message: '日期格式应为 YYYY-MM-DD' }] },
    })

    const err = await createOrdersApi(client).create(BODY, 'bk-key-0002').catch((e: unknown) => e)

    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).fieldMessage('slot.day')).toBe('日期格式应为 YYYY-MM-DD')
  })
})

describe('engineer mode', () => {
  it('lists tasks by scope and checks in with the scanned service code', async () => {
    server.stub('GET', '/engineer/orders', 200, { items: [], total: 0, page: 1, pageSize: 50 })
    server.stub('POST', `/orders/${ORDER}/check-in`, 200, { id: ORDER })
    const engineer = createEngineerApi(client)

    await engineer.tasks('upcoming')
    await engineer.checkIn(ORDER, 'FXSC:FX1:abc123def456')

    expect(server.calls[0]).toMatchObject({ method: 'GET', path: '/api/v1/engineer/orders', query: '?scope=upcoming&page=1&pageSize=50' })
    expect(server.calls[1]).toMatchObject({ method: 'POST', path: `/api/v1/orders/${ORDER}/check-in`, body: { serviceCode: 'FXSC:FX1:abc123def456' } })
  })

  it('declines and waits for parts with their reasons', async () => {
    server.stub('POST', `/orders/${ORDER}/decline`, 200, { id: ORDER })
    server.stub('POST', `/orders/${ORDER}/wait-for-parts`, 200, { id: ORDER })
    const engineer = createEngineerApi(client)

    await engineer.decline(ORDER, '时段冲突')
    await engineer.waitForParts(ORDER, '压缩机缺货', '2026-06-20')

    expect(server.calls.map((c) => c.body)).toEqual([{ reason: '时段冲突' }, { reason: '压缩机缺货', expectedDate: '2026-06-20' }])
  })
})

describe('cards, catalogue, notifications, quality', () => {
  it('verifies a scanned card with the trimmed token', async () => {
    server.stub('POST', '/cards/verify', 200, { verdict: 'genuine', orders: [] })

    await createCardsApi(client).verify('  http://127.0.0.1:3000/v/abc.def \n')

    expect(server.calls[0]?.body).toEqual({ token: 'http://127.0.0.1:3000/v/abc.def' })
  })

  it('reads the public price list without the token', async () => {
    server.stub('GET', '/catalog/price-list', 200, { version: 1, groups: [] }, { public: true })

    await createCatalogApi(client).priceList({ category: 'tv', q: '清洗' })

    expect(server.calls[0]).toMatchObject({ authorization: null, query: `?category=tv&q=${encodeURIComponent('清洗')}` })
  })

  it('lists only unread notifications when asked, and marks all read', async () => {
    server.stub('GET', '/notifications', 200, { items: [], total: 0, unread: 0, page: 1, pageSize: 1 })
    server.stub('POST', '/notifications/read-all', 204)
    const notifications = createNotificationsApi(client)

    await notifications.list({ unread: true, pageSize: 1 })
    await notifications.markAllRead()

    expect(server.calls.map((c) => `${c.method} ${c.path}${c.query}`)).toEqual(['GET /api/v1/notifications?unread=true&pageSize=1', 'POST /api/v1/notifications/read-all'])
  })

  it('submits a survey, asks for a second visit and reopens a complaint on their paths', async () => {
    const quality = createQualityApi(client)
    server.stub('POST', `/orders/${ORDER}/survey`, 201, { survey: {}, followUp: null })
    server.stub('POST', `/orders/${ORDER}/rework`, 201, { id: ORDER })
    server.stub('POST', `/complaints/${ORDER}/reopen`, 200, { id: ORDER })

    await quality.submitSurvey(ORDER, { scores: { overall: 5 }, problemSolved: true })
    await quality.rework(ORDER, { description: '又不制冷了', engineer: 'same', slot: { day: '2026-06-20', window: '14-16' }, photoIds: [] })
    await quality.reopenComplaint(ORDER, '没有解决')

    expect(server.calls.map((c) => c.path)).toEqual([`/api/v1/orders/${ORDER}/survey`, `/api/v1/orders/${ORDER}/rework`, `/api/v1/complaints/${ORDER}/reopen`])
    expect(server.calls[2]?.body).toEqual({ reason: '没有解决' })
  })
})
