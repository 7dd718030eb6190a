import {
  AuthResponse,
  AuthTokens,
  OtpLoginBody,
  OtpSendBody,
  OtpSendResponse,
  RefreshBody,
  SessionUser,
  StaffLoginBody,
  WechatLoginBody,
} from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec, type RouteContext } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { AppDeps } from '../../deps';
import * as auth from './service';

const meta = (ctx: RouteContext) => ({ ip: clientIp(ctx), requestId: ctx.state.requestId });
const authDeps = (deps: AppDeps): auth.AuthDeps => ({
  clock: deps.clock,
  jwtSecret: deps.config.JWT_SECRET,
  otpPepper: deps.config.OTP_PEPPER,
  sms: deps.sms,
  wechat: deps.wechat,
});

function loginLimits(deps: AppDeps, ctx: RouteContext, subject?: string) {
  return [
    { key: `login-ip:${clientIp(ctx)}`, limit: deps.config.RATE_LOGIN_PER_IP_PER_MIN, windowSeconds: 60, message: '登录尝试过于频繁，请稍后再试' },
    ...(subject
      ? [{ key: `login-subject:${subject}`, limit: deps.config.RATE_LOGIN_PER_USER_PER_MIN, windowSeconds: 60, message: '该账号登录尝试过于频繁，请稍后再试' }]
      : []),
  ];
}

export function authRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'post',
      path: '/auth/staff/login',
      summary: 'Staff sign-in with username and password',
      description: 'Engineers, outlet managers and platform admins. Locks the account for 15 minutes after 5 failures in a row.',
      tags: ['auth'],
      auth: 'public',
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      body: StaffLoginBody,
      response: AuthResponse,
      errors: ['invalid_credentials', 'account_locked', 'account_disabled', 'too_many_requests'],
      rateLimit: (ctx, { body }) => loginLimits(deps, ctx, `staff:${body.username.toLowerCase()}`),
      handler: (ctx, { body }) => auth.signInStaff(authDeps(deps), body.username, body.password, meta(ctx)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/otp/send',
      summary: 'Send a one-time sign-in code by SMS',
      description: 'Codes expire after 5 minutes and allow 5 attempts. One code per phone per minute; per-phone and per-IP hourly limits.',
      tags: ['auth'],
      auth: 'public',
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      body: OtpSendBody,
      response: OtpSendResponse,
      errors: ['too_many_requests', 'upstream_unavailable'],
      rateLimit: (ctx, { body }) => [
        { key: `otp-ip:${clientIp(ctx)}`, limit: deps.config.RATE_OTP_PER_IP_PER_HOUR, windowSeconds: 3600 },
        { key: `otp-phone:${body.phone}`, limit: deps.config.RATE_OTP_PER_PHONE_PER_HOUR, windowSeconds: 3600, message: '该手机号获取验证码过于频繁，请稍后再试' },
      ],
      handler: async (_ctx, { body }) => ({ sent: true as const, ...(await auth.sendOtp(authDeps(deps), body.phone)) }),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/otp/login',
      summary: 'Customer sign-in with phone and one-time code',
      description: 'Creates the customer account on first sign-in. For H5 and development; the mini-program uses WeChat login.',
      tags: ['auth'],
      auth: 'public',
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      body: OtpLoginBody,
      response: AuthResponse,
      errors: ['invalid_code', 'code_attempts_exceeded', 'account_disabled', 'too_many_requests'],
      rateLimit: (ctx, { body }) => loginLimits(deps, ctx, `phone:${body.phone}`),
      handler: (ctx, { body }) => auth.signInWithOtp(authDeps(deps), body.phone, body.code, meta(ctx)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/wechat/login',
      summary: 'Customer sign-in with a WeChat mini-program login code',
      description: 'The server exchanges the code with WeChat code2session and signs in (or creates) the customer bound to the openid.',
      tags: ['auth'],
      auth: 'public',
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      body: WechatLoginBody,
      response: AuthResponse,
      errors: ['wechat_login_failed', 'upstream_unavailable', 'service_unavailable', 'too_many_requests'],
      rateLimit: (ctx) => loginLimits(deps, ctx),
      handler: (ctx, { body }) => auth.signInWithWechat(authDeps(deps), body.code, meta(ctx)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/refresh',
      summary: 'Rotate a refresh token for a new token pair',
      description: 'The presented token dies. Presenting an already-rotated token revokes every token of that session.',
      tags: ['auth'],
      auth: 'public',
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      body: RefreshBody,
      response: AuthTokens,
      errors: ['refresh_token_invalid', 'refresh_token_reused', 'account_disabled'],
      handler: (ctx, { body }) => auth.refreshSession(authDeps(deps), body.refreshToken, meta(ctx)),
    }),
    defineRoute({
      method: 'post',
      path: '/auth/logout',
      summary: 'Sign out: revoke the session of this refresh token',
      tags: ['auth'],
      auth: 'public',
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      body: RefreshBody,
      status: 204,
      response: null,
      handler: async (_ctx, { body }) => {
        await auth.signOut(authDeps(deps), body.refreshToken);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/me',
      summary: 'The signed-in user',
      tags: ['auth'],
      auth: 'authenticated',
      access: { anonymous: 401, customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      response: SessionUser,
      handler: (ctx) => auth.currentUser(ctx.state.user!.id),
    }),
  ];
}
