import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { maskPhone, type AuthResponse, type AuthTokens, type SessionUser } from '@fangxin/shared'

/**
 * A real HTTP server on 127.0.0.1 (port 0) that speaks the auth part of the API contract the way the server does:
 * access tokens that can expire, refresh tokens that rotate and die when used twice, error bodies with ids.
 * Tests drive the API client against it over real sockets.
 */
export interface FakeApi {
  /** e.g. http://127.0.0.1:54321/api/v1 */
  baseUrl: string
  calls: Array<{ method: string; path: string; query: string; authorization: string | null; body: unknown }>
  /** How many requests reached this path. */
  count(path: string): number
  /** A token pair the server accepts, as a sign-in would hand out. */
  signIn(user?: SessionUser): AuthResponse
  /** Every access token issued so far now answers 401 token_expired (refresh tokens stay good). */
  expireAccessTokens(): void
  /** Milliseconds /auth/refresh takes, so concurrent callers overlap. */
  refreshDelayMs: number
  /** Milliseconds /slow waits before it looks at the token. */
  slowDelayMs: number
  close(): Promise<void>
}

export const TEST_USER: SessionUser = {
  id: '64b7f0c2a1b2c3d4e5f60718',
  role: 'customer',
  name: '测试客户',
  phoneMasked: '138****0001',
  outletId: null,
  outletName: null,
}

export const DEV_CODE = '123456'

type Body = Record<string, string | undefined>

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function startFakeApi(): Promise<FakeApi> {
  let seq = 0
  let requestSeq = 0
  const liveAccess = new Set<string>()
  const refreshTokens = new Map<string, { state: 'live' | 'used'; user: SessionUser }>()
  const calls: FakeApi['calls'] = []

  function issue(user: SessionUser): AuthTokens {
    seq += 1
    const accessToken = `access-${seq}`
    const refreshToken = `refresh-${seq}-${'x'.repeat(24)}`
    liveAccess.add(accessToken)
    refreshTokens.set(refreshToken, { state: 'live', user })
    const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString()
    return { accessToken, accessTokenExpiresAt: inMinutes(15), refreshToken, refreshTokenExpiresAt: inMinutes(60 * 24 * 30) }
  }

  const api: FakeApi = {
    baseUrl: '',
    calls,
    count: (path) => calls.filter((c) => c.path === path).length,
    signIn: (user = TEST_USER) => ({ ...issue(user), user }),
    expireAccessTokens: () => liveAccess.clear(),
    refreshDelayMs: 30,
    slowDelayMs: 150,
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  }

  function send(res: http.ServerResponse, status: number, body?: unknown) {
    if (body === undefined) {
      res.writeHead(status).end()
      return
    }
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body))
  }

  function fail(res: http.ServerResponse, status: number, id: string, message: string, extra: object = {}) {
    requestSeq += 1
    send(res, status, { error: { id, message, requestId: `req-${requestSeq}`, ...extra } })
  }

  /** Answers 401 itself and returns false when the bearer token is missing or no longer live. */
  function authorized(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    if (!token) fail(res, 401, 'unauthenticated', '请先登录')
    else if (!liveAccess.has(token)) fail(res, 401, 'token_expired', '登录已过期，请重新登录')
    else return true
    return false
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse, path: string, body: Body) {
    switch (`${req.method} ${path}`) {
      case 'POST /api/v1/auth/refresh': {
        await sleep(api.refreshDelayMs)
        const entry = refreshTokens.get(body.refreshToken ?? '')
        if (!entry) return fail(res, 401, 'refresh_token_invalid', '登录凭证无效，请重新登录')
        if (entry.state === 'used') return fail(res, 401, 'refresh_token_reused', '登录凭证已被使用')
        entry.state = 'used'
        return send(res, 200, issue(entry.user))
      }
      case 'POST /api/v1/auth/otp/send':
        if (!/^1[3-9]\d{9}$/.test(body.phone ?? '')) {
          return fail(res, 400, 'validation_failed', '请求参数有误', { fields: [{ path: 'phone', message: '请输入 11 位手机号' }] })
        }
        return send(res, 200, { sent: true, expiresInSeconds: 300, resendAfterSeconds: 60, devCode: DEV_CODE })
      case 'POST /api/v1/auth/otp/login':
        if (body.code !== DEV_CODE) return fail(res, 401, 'invalid_code', '验证码错误或已过期')
        return send(res, 200, api.signIn({ ...TEST_USER, phoneMasked: maskPhone(body.phone ?? '') }))
      case 'POST /api/v1/auth/wechat/login':
        if (!body.code?.startsWith('wx-')) return fail(res, 401, 'wechat_login_failed', '微信登录失败，请重试')
        return send(res, 200, api.signIn({ ...TEST_USER, phoneMasked: undefined, name: '微信用户' }))
      case 'POST /api/v1/auth/logout': {
        const entry = refreshTokens.get(body.refreshToken ?? '')
        if (entry) entry.state = 'used'
        return send(res, 204)
      }
      case 'GET /api/v1/me':
        if (authorized(req, res)) send(res, 200, { ...TEST_USER, name: '测试客户（已更新）' })
        return
      case 'GET /api/v1/slow':
        await sleep(api.slowDelayMs)
        if (authorized(req, res)) send(res, 200, { slow: true })
        return
      case 'GET /api/v1/always-expired':
        return fail(res, 401, 'token_expired', '登录已过期，请重新登录')
      case 'GET /api/v1/broken':
        res.writeHead(502, { 'Content-Type': 'text/html' }).end('<h1>Bad Gateway</h1>')
        return
      case 'DELETE /api/v1/empty':
        return send(res, 204)
      default:
        return fail(res, 404, 'route_not_found', '接口不存在')
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const raw = Buffer.concat(chunks).toString('utf8')
      const body = (raw ? JSON.parse(raw) : {}) as Body
      calls.push({ method: req.method ?? '', path: url.pathname, query: url.search, authorization: req.headers.authorization ?? null, body: raw ? body : undefined })
      route(req, res, url.pathname, body).catch((err) => {
        res.writeHead(500).end(String(err))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  api.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`
  return api
}
