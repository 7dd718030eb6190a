import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { ConsentAccepted, maskPhone, type AuthResponse, type AuthTokens, type SessionUser } from '@fangxin/shared'

/**
 * A real HTTP server on 127.0.0.1 (port 0) that speaks the auth part of the API contract the way the server does:
 * access tokens that can expire, refresh tokens that rotate and die when used twice, error bodies with ids.
 * Tests drive the API client against it over real sockets.
 */
export interface FakeApi {
  /** e.g. http://127.0.0.1:54321/api/v1 */
  baseUrl: string
  calls: Array<{ method: string; path: string; query: string; authorization: string | null; body: unknown; headers: http.IncomingHttpHeaders }>
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
  /** Answers `METHOD /api/v1/path` with this status and body (to signed-in callers unless public), before the built-in routes. */
  stub(method: string, path: string, status: number, body?: unknown, options?: { public?: boolean }): void
  /** Multipart uploads received by POST /uploads: their text fields and the file's name, type and size. */
  uploads: Array<{ fields: Record<string, string>; file: { name: string; type: string; size: number } | null }>
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

/** Just enough multipart/form-data parsing to see what an upload carried. */
function parseMultipart(contentType: string, raw: Buffer): FakeApi['uploads'][number] | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType)
  if (!boundary) return null
  const text = raw.toString('latin1')
  const fields: Record<string, string> = {}
  let file: { name: string; type: string; size: number } | null = null
  for (const part of text.split(`--${boundary[1] ?? boundary[2]}`)) {
    const split = part.indexOf('\r\n\r\n')
    if (split === -1) continue
    const head = part.slice(0, split)
    const content = part.slice(split + 4).replace(/\r\n$/, '')
    const name = /name="([^"]*)"/.exec(head)?.[1]
    const filename = /filename="([^"]*)"/.exec(head)?.[1]
    if (!name) continue
    if (filename !== undefined) file = { name: filename, type: /Content-Type: ([^\r\n]+)/i.exec(head)?.[1] ?? '', size: Buffer.from(content, 'latin1').length }
    else fields[name] = Buffer.from(content, 'latin1').toString('utf8')
  }
  return { fields, file }
}

export async function startFakeApi(): Promise<FakeApi> {
  let seq = 0
  let requestSeq = 0
  const liveAccess = new Set<string>()
  const refreshTokens = new Map<string, { state: 'live' | 'used'; user: SessionUser }>()
  const calls: FakeApi['calls'] = []
  const stubs = new Map<string, { status: number; body: unknown; public: boolean }>()
  const uploads: FakeApi['uploads'] = []

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
    stub: (method, path, status, body, options) => void stubs.set(`${method} /api/v1${path}`, { status, body, public: options?.public === true }),
    uploads,
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

  /** 400 naming `consent` the way the server does (the shared schema's own messages): sign-in needs the current agreement. */
  function refuseConsent(res: http.ServerResponse, consent: unknown) {
    const issues = ConsentAccepted.safeParse(consent).error?.issues ?? []
    const fields = issues.map((i) => ({ path: ['consent', ...i.path.map(String)].join('.'), message: i.message }))
    fail(res, 400, 'validation_failed', '请求参数有误', { fields })
  }

  /** Answers 401 itself and returns false when the bearer token is missing or no longer live. */
  function authorized(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    if (!token) fail(res, 401, 'unauthenticated', '请先登录')
    else if (!liveAccess.has(token)) fail(res, 401, 'token_expired', '登录已过期，请重新登录')
    else return true
    return false
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse, path: string, body: Body, raw: Buffer) {
    const stubbed = stubs.get(`${req.method} ${path}`)
    if (stubbed) {
      if (stubbed.public || authorized(req, res)) send(res, stubbed.status, stubbed.body)
      return
    }
    switch (`${req.method} ${path}`) {
      case 'POST /api/v1/uploads': {
        if (!authorized(req, res)) return
        const upload = parseMultipart(req.headers['content-type'] ?? '', raw)
        if (!upload) return fail(res, 415, 'unsupported_media_type', '不支持的内容类型')
        uploads.push(upload)
        return send(res, 201, {
          id: `64b7f0c2a1b2c3d4e5f6${String(uploads.length).padStart(4, '0')}`,
          kind: upload.fields.kind ?? '',
          mime: upload.file?.type ?? '',
          size: upload.file?.size ?? 0,
          width: 1,
          height: 1,
          orderId: upload.fields.orderId ?? null,
          url: `/api/v1/uploads/${uploads.length}`,
        })
      }
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
        if (!ConsentAccepted.safeParse(body.consent).success) return refuseConsent(res, body.consent)
        if (body.code !== DEV_CODE) return fail(res, 401, 'invalid_code', '验证码错误或已过期')
        return send(res, 200, api.signIn({ ...TEST_USER, phoneMasked: maskPhone(body.phone ?? '') }))
      case 'POST /api/v1/auth/wechat/login':
        if (!ConsentAccepted.safeParse(body.consent).success) return refuseConsent(res, body.consent)
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
    // Browsers (jsdom's XMLHttpRequest in the H5 upload test) call from another origin: allow it, as a proxy would.
    res.setHeader('Access-Control-Allow-Origin', '*')
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept, Idempotency-Key', 'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE' }).end()
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const buffer = Buffer.concat(chunks)
      const isJson = (req.headers['content-type'] ?? '').includes('application/json')
      const raw = isJson ? buffer.toString('utf8') : ''
      const body = (raw ? JSON.parse(raw) : {}) as Body
      calls.push({ method: req.method ?? '', path: url.pathname, query: url.search, authorization: req.headers.authorization ?? null, body: raw ? body : undefined, headers: req.headers })
      route(req, res, url.pathname, body, buffer).catch((err) => {
        res.writeHead(500).end(String(err))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  api.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`
  return api
}
