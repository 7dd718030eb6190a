import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec, type RouteContext } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { AppDeps } from '../../deps';
import * as auth from './service';
import { consentsOf } from './consent';

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

const EVERYONE = { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' } as const;

export function authRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    route(api.auth.staffLogin, {
      access: EVERYONE,
      rateLimit: (ctx, { body }) => loginLimits(deps, ctx, `staff:${body.username.toLowerCase()}`),
      handler: (ctx, { body }) => auth.signInStaff(authDeps(deps), body.username, body.password, meta(ctx)),
    }),
    route(api.auth.sendOtp, {
      access: EVERYONE,
      rateLimit: (ctx, { body }) => [
        { key: `otp-ip:${clientIp(ctx)}`, limit: deps.config.RATE_OTP_PER_IP_PER_HOUR, windowSeconds: 3600 },
        { key: `otp-phone:${body.phone}`, limit: deps.config.RATE_OTP_PER_PHONE_PER_HOUR, windowSeconds: 3600, message: '该手机号获取验证码过于频繁，请稍后再试' },
      ],
      handler: async (_ctx, { body }) => ({ sent: true as const, ...(await auth.sendOtp(authDeps(deps), body.phone)) }),
    }),
    route(api.auth.otpLogin, {
      access: EVERYONE,
      rateLimit: (ctx, { body }) => loginLimits(deps, ctx, `phone:${body.phone}`),
      handler: (ctx, { body }) => auth.signInWithOtp(authDeps(deps), body.phone, body.code, meta(ctx), body.consent),
    }),
    route(api.auth.wechatLogin, {
      access: EVERYONE,
      rateLimit: (ctx) => loginLimits(deps, ctx),
      handler: (ctx, { body }) => auth.signInWithWechat(authDeps(deps), body.code, meta(ctx), body.consent),
    }),
    route(api.auth.refresh, {
      access: EVERYONE,
      handler: (ctx, { body }) => auth.refreshSession(authDeps(deps), body.refreshToken, meta(ctx)),
    }),
    route(api.auth.logout, {
      access: EVERYONE,
      handler: async (_ctx, { body }) => {
        await auth.signOut(authDeps(deps), body.refreshToken);
      },
    }),
    route(api.auth.me, {
      access: { anonymous: 401, customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      handler: (ctx) => auth.currentUser(ctx.state.user!.id),
    }),
    route(api.auth.myConsents, {
      access: { anonymous: 401, customer: 'any', engineer: 403, manager: 403, admin: 403 },
      handler: async (ctx) => ({
        items: (await consentsOf(ctx.state.user!.id)).map((c) => ({
          document: c.document,
          version: c.version,
          acceptedAt: c.acceptedAt.toISOString(),
          channel: c.channel,
        })),
      }),
    }),
  ];
}
