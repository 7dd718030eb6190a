import { api as contract, type AuthResponse, type AuthTokens, type ConsentAccepted, type OtpLoginBody, type OtpSendBody, type SessionUser, type StaffLoginBody } from '@fangxin/shared'
import { getWechatLoginCode } from '@/platform/login'
import type { ApiClient } from './api-client'
import type { SessionStore } from './session-store'
import { api } from './api'
import { session } from './session'

export interface AuthServiceDeps {
  api: ApiClient
  session: SessionStore
  /** wx.login in the app; a stub in tests. */
  wechatCode: () => Promise<string>
}

/**
 * Sign-in and sign-out use cases. Every successful sign-in replaces the stored session, so a device holds one
 * identity at a time (customer or engineer). Sign-in calls never send the old token and never trigger a refresh.
 */
export function createAuthService({ api, session, wechatCode }: AuthServiceDeps) {
  const signIn = (auth: AuthResponse): SessionUser => {
    session.signIn(auth)
    return auth.user
  }

  return {
    /** Sends a one-time code by SMS. In development the response carries `devCode`. */
    sendOtp: (body: OtpSendBody) => api.call(contract.auth.sendOtp, { body }),

    loginWithOtp: async (body: OtpLoginBody) => signIn(await api.call(contract.auth.otpLogin, { body })),

    /**
     * WeChat one-tap: wx.login gives a code the server exchanges for the user's openid. `consent`: the agreement
     * versions the customer ticked (required by the server, as for the one-time code).
     */
    loginWithWechat: async (consent: ConsentAccepted) => {
      const code = await wechatCode()
      return signIn(await api.call(contract.auth.wechatLogin, { body: { code, consent } }))
    },

    /** The agreement and privacy policy versions the signed-in customer accepted, and when (for 我的). */
    myConsents: () => api.call(contract.auth.myConsents),

    /** Engineers (and other staff) sign in with username and password. */
    staffLogin: async (body: StaffLoginBody) => signIn(await api.call(contract.auth.staffLogin, { body })),

    /** Explicit token refresh; ordinary calls refresh by themselves on 401. */
    refresh: async (): Promise<AuthTokens | null> => {
      const refreshToken = session.get()?.refreshToken
      if (!refreshToken) return null
      const tokens = await api.call(contract.auth.refresh, { body: { refreshToken } })
      session.updateTokens(tokens)
      return tokens
    },

    /** Revokes the refresh token on the server when it can; the device is signed out either way. */
    logout: async (): Promise<void> => {
      const refreshToken = session.get()?.refreshToken
      session.clear()
      if (!refreshToken) return
      try {
        await api.call(contract.auth.logout, { body: { refreshToken } })
      } catch {
        // Offline or already revoked: the local session is gone, which is what the user asked for.
      }
    },

    /** Reloads the signed-in user (name, outlet may have changed) and keeps the session's copy current. */
    me: async (): Promise<SessionUser> => {
      const user = await api.call(contract.auth.me)
      session.updateUser(user)
      return user
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>

export const auth: AuthService = createAuthService({ api, session, wechatCode: getWechatLoginCode })
export const { sendOtp, loginWithOtp, loginWithWechat, myConsents, staffLogin, refresh, logout, me } = auth
