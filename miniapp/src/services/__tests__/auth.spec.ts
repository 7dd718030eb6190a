import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CONSENT_REQUIRED_MESSAGE, currentConsent } from '@fangxin/shared'
import { fetchTransport } from '../../../test/fetch-transport'
import { DEV_CODE, startFakeApi, TEST_USER, type FakeApi } from '../../../test/fake-api'
import { memoryStorage } from '../../../test/memory-storage'
import { createApiClient } from '../api-client'
import { createAuthService, type AuthService } from '../auth'
import { createSessionStore, sessionTokens, type SessionStore } from '../session-store'

let server: FakeApi
let session: SessionStore
let auth: AuthService
const wechatCode = vi.fn(async () => 'wx-code-1')

beforeEach(async () => {
  server = await startFakeApi()
  session = createSessionStore(memoryStorage())
  const api = createApiClient({ baseUrl: server.baseUrl, transport: fetchTransport, tokens: sessionTokens(session) })
  auth = createAuthService({ api, session, wechatCode })
})

afterEach(async () => {
  await server.close()
})

describe('auth service', () => {
  it('sendOtp returns the resend delay and, in development, the code', async () => {
    await expect(auth.sendOtp({ phone: '13800000001' })).resolves.toEqual({
      sent: true,
      expiresInSeconds: 300,
      resendAfterSeconds: 60,
      devCode: DEV_CODE,
    })
  })

  it('loginWithOtp stores the session and returns the user', async () => {
    const user = await auth.loginWithOtp({ phone: '13800000001', code: DEV_CODE, consent: currentConsent() })

    expect(user).toMatchObject({ id: TEST_USER.id, phoneMasked: '138****0001' })
    expect(session.get()?.user).toEqual(user)
    expect(session.get()?.accessToken).toMatch(/^access-/)
  })

  it('loginWithOtp with a wrong code leaves the device signed out', async () => {
    await expect(auth.loginWithOtp({ phone: '13800000001', code: '000000', consent: currentConsent() })).rejects.toMatchObject({ id: 'invalid_code' })
    expect(session.get()).toBeNull()
  })

  it('loginWithOtp without the current agreement is refused with the field named, and the device stays signed out', async () => {
    const refused = auth.loginWithOtp({ phone: '13800000001', code: DEV_CODE } as Parameters<AuthService['loginWithOtp']>[0])
    await expect(refused).rejects.toMatchObject({ id: 'validation_failed', status: 400, fields: [{ path: 'consent', message: CONSENT_REQUIRED_MESSAGE }] })
    expect(session.get()).toBeNull()
  })

  it('loginWithWechat exchanges the wx.login code for a session', async () => {
    const user = await auth.loginWithWechat(currentConsent())

    expect(user.name).toBe('微信用户')
    expect(session.get()?.user).toEqual(user)
    expect(server.calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/auth/wechat/login', body: { code: 'wx-code-1', consent: currentConsent() } })
  })

  it('loginWithWechat reports wechat_login_failed and stays signed out when WeChat refuses the code', async () => {
    wechatCode.mockResolvedValueOnce('stale-code')

    await expect(auth.loginWithWechat(currentConsent())).rejects.toMatchObject({ id: 'wechat_login_failed', status: 401 })
    expect(session.get()).toBeNull()
  })

  it('me refreshes the stored user', async () => {
    session.signIn(server.signIn())

    await auth.me()

    expect(session.get()?.user.name).toBe('测试客户（已更新）')
  })

  it('refresh rotates the stored token pair', async () => {
    const first = server.signIn()
    session.signIn(first)

    await auth.refresh()

    expect(session.get()?.refreshToken).not.toBe(first.refreshToken)
    expect(session.get()?.user).toEqual(first.user)
  })

  it('logout revokes the refresh token on the server and signs the device out', async () => {
    const signedIn = server.signIn()
    session.signIn(signedIn)

    await auth.logout()

    expect(session.get()).toBeNull()
    expect(server.calls.at(-1)).toMatchObject({ path: '/api/v1/auth/logout', body: { refreshToken: signedIn.refreshToken } })
    // The revoked token no longer refreshes.
    session.signIn(signedIn)
    await expect(auth.refresh()).rejects.toMatchObject({ id: 'refresh_token_reused' })
  })

  it('logout signs the device out even when the server cannot be reached', async () => {
    session.signIn(server.signIn())
    await server.close()
    server = await startFakeApi() // afterEach closes this one; the client still points at the closed port

    await expect(auth.logout()).resolves.toBeUndefined()
    expect(session.get()).toBeNull()
  })
})
