// @vitest-environment node
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { currentConsent } from '@fangxin/shared'
import { fetchTransport } from '../../../test/fetch-transport'
import { startFakeApi, TEST_USER, type FakeApi } from '../../../test/fake-api'
import { memoryStorage } from '../../../test/memory-storage'
import { ApiError, createApiClient, type ApiClient } from '../api-client'
import { createSessionStore, sessionTokens, type SessionStore } from '../session-store'

let server: FakeApi
let session: SessionStore
let client: ApiClient

beforeEach(async () => {
  server = await startFakeApi()
  session = createSessionStore(memoryStorage())
  client = createApiClient({ baseUrl: server.baseUrl, transport: fetchTransport, tokens: sessionTokens(session) })
})

afterEach(async () => {
  await server.close()
})

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError)
    return err as ApiError
  }
  throw new Error('expected the call to fail')
}

describe('authenticated calls', () => {
  it('sends the access token as a Bearer header and returns the body', async () => {
    const auth = server.signIn()
    session.signIn(auth)

    await expect(client.request('GET', '/me')).resolves.toMatchObject({ id: TEST_USER.id })
    expect(server.calls[0]).toMatchObject({ method: 'GET', path: '/api/v1/me', authorization: `Bearer ${auth.accessToken}` })
  })

  it('sends no Authorization header when signed out and reports 401 unauthenticated without trying to refresh', async () => {
    const err = await caught(client.request('GET', '/me'))

    expect(err).toMatchObject({ id: 'unauthenticated', status: 401, message: '请先登录' })
    expect(server.calls[0]?.authorization).toBeNull()
    expect(server.count('/api/v1/auth/refresh')).toBe(0)
  })
})

describe('refresh on 401', () => {
  it('refreshes once on 401 token_expired, stores the new pair and retries the call', async () => {
    const first = server.signIn()
    session.signIn(first)
    server.expireAccessTokens()

    await expect(client.request('GET', '/me')).resolves.toMatchObject({ id: TEST_USER.id })

    expect(server.count('/api/v1/auth/refresh')).toBe(1)
    expect(server.count('/api/v1/me')).toBe(2)
    const now = session.get()
    expect(now?.accessToken).not.toBe(first.accessToken)
    expect(now?.refreshToken).not.toBe(first.refreshToken)
    expect(now?.user).toEqual(first.user)
    expect(server.calls.at(-1)?.authorization).toBe(`Bearer ${now?.accessToken}`)
  })

  it('shares one refresh among concurrent calls that all hit 401', async () => {
    session.signIn(server.signIn())
    server.expireAccessTokens()

    const results = await Promise.all(Array.from({ length: 5 }, () => client.request<{ id: string }>('GET', '/me')))

    expect(results.map((r) => r.id)).toEqual(Array(5).fill(TEST_USER.id))
    // A second refresh would present the already-rotated token and the server would end the session.
    expect(server.count('/api/v1/auth/refresh')).toBe(1)
    expect(server.count('/api/v1/me')).toBe(10)
    expect(session.get()).not.toBeNull()
  })

  it('retries a call that was in flight during the refresh with the new token, without refreshing again', async () => {
    session.signIn(server.signIn())
    server.expireAccessTokens()
    server.slowDelayMs = 200 // /slow answers 401 long after /me has refreshed

    const [slow, me] = await Promise.all([client.request('GET', '/slow'), client.request('GET', '/me')])

    expect(slow).toEqual({ slow: true })
    expect(me).toMatchObject({ id: TEST_USER.id })
    expect(server.count('/api/v1/auth/refresh')).toBe(1)
    expect(server.count('/api/v1/slow')).toBe(2)
  })

  it('ends the session and throws the original 401 when the refresh token is refused', async () => {
    const auth = server.signIn()
    session.signIn({ ...auth, refreshToken: 'refresh-unknown-xxxxxxxxxxxxxxxxxxxx' })
    server.expireAccessTokens()

    const err = await caught(client.request('GET', '/me'))

    expect(err).toMatchObject({ id: 'token_expired', status: 401 })
    expect(server.count('/api/v1/auth/refresh')).toBe(1)
    expect(server.count('/api/v1/me')).toBe(1)
    expect(session.get()).toBeNull()
  })

  it('retries only once: a 401 after a successful refresh is returned as it is', async () => {
    session.signIn(server.signIn())

    const err = await caught(client.request('GET', '/always-expired'))

    expect(err).toMatchObject({ id: 'token_expired', status: 401 })
    expect(server.count('/api/v1/auth/refresh')).toBe(1)
    expect(server.count('/api/v1/always-expired')).toBe(2)
    expect(session.get()).not.toBeNull()
  })

  it('does not refresh for a 401 that is about the request, not the token (invalid_code)', async () => {
    session.signIn(server.signIn())

    const err = await caught(client.request('POST', '/auth/otp/login', { body: { phone: '13800000001', code: '000000', consent: currentConsent() } }))

    expect(err).toMatchObject({ id: 'invalid_code', status: 401, message: '验证码错误或已过期' })
    expect(server.count('/api/v1/auth/refresh')).toBe(0)
  })

  it('never sends the token or refreshes on calls made with auth: false', async () => {
    session.signIn(server.signIn())
    server.expireAccessTokens()

    await client.request('POST', '/auth/otp/send', { body: { phone: '13800000001' }, auth: false })

    expect(server.calls[0]?.authorization).toBeNull()
    expect(server.count('/api/v1/auth/refresh')).toBe(0)
  })
})

describe('errors', () => {
  it('turns an error body into ApiError with id, message, status, requestId and fields', async () => {
    const err = await caught(client.request('POST', '/auth/otp/send', { body: { phone: '12' } }))

    expect(err).toMatchObject({
      id: 'validation_failed',
      message: '请求参数有误',
      status: 400,
      fields: [{ path: 'phone', message: '请输入 11 位手机号' }],
    })
    expect(err.requestId).toMatch(/^req-\d+$/)
    expect(err.fieldMessage('phone')).toBe('请输入 11 位手机号')
    expect(err.fieldMessage('code')).toBeUndefined()
  })

  it('reports a response that is not an error body as unexpected_response with its status', async () => {
    const err = await caught(client.request('GET', '/broken'))

    expect(err).toMatchObject({ id: 'unexpected_response', status: 502, requestId: null, fields: [] })
    expect(err.message).toContain('502')
  })

  it('reports an unreachable server as network_error with status 0', async () => {
    // A port that was just free: nothing listens there any more.
    const probe = http.createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as AddressInfo
    await new Promise((resolve) => probe.close(resolve))
    const offline = createApiClient({
      baseUrl: `http://127.0.0.1:${port}/api/v1`,
      transport: fetchTransport,
      tokens: sessionTokens(session),
    })

    const err = await caught(offline.request('GET', '/me'))

    expect(err).toMatchObject({ id: 'network_error', status: 0, message: '网络连接失败，请检查网络后重试' })
  })

  it('resolves a 204 to undefined', async () => {
    await expect(client.request('DELETE', '/empty')).resolves.toBeUndefined()
  })
})

describe('query strings', () => {
  it('appends defined query parameters, encoded', async () => {
    await caught(client.request('GET', '/search', { query: { q: '空调 维修', page: 2, skipped: undefined, none: null } }))

    expect(server.calls[0]).toMatchObject({ path: '/api/v1/search', query: `?q=${encodeURIComponent('空调 维修')}&page=2` })
  })
})
