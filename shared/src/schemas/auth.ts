import { z } from 'zod';
import { LIMITS } from '../limits';
import { ROLES } from '../roles';
import { ObjectId, Phone } from './common';

export const StaffLoginBody = z
  .object({
    username: z.string().trim().min(1, '请输入用户名').max(LIMITS.usernameMax),
    password: z.string().min(1, '请输入密码').max(LIMITS.passwordMax),
  })
  .meta({ id: 'StaffLoginBody' });

export const OtpSendBody = z.object({ phone: Phone }).meta({ id: 'OtpSendBody' });

export const OtpSendResponse = z
  .object({
    sent: z.literal(true),
    expiresInSeconds: z.number().int(),
    resendAfterSeconds: z.number().int(),
    devCode: z
      .string()
      .optional()
      .meta({ description: 'Only when the server uses the development SMS channel (never in production)' }),
  })
  .meta({ id: 'OtpSendResponse' });

export const OtpLoginBody = z
  .object({
    phone: Phone,
    code: z
      .string()
      .trim()
      .regex(new RegExp(`^\\d{${LIMITS.otpLength}}$`), `请输入 ${LIMITS.otpLength} 位验证码`),
  })
  .meta({ id: 'OtpLoginBody' });

export const WechatLoginBody = z
  .object({ code: z.string().trim().min(1, '缺少微信登录 code').max(128) })
  .meta({ id: 'WechatLoginBody' });

export const RefreshBody = z.object({ refreshToken: z.string().min(16).max(256) }).meta({ id: 'RefreshBody' });

export const SessionUser = z
  .object({
    id: ObjectId,
    role: z.enum(ROLES),
    name: z.string(),
    username: z.string().optional(),
    phoneMasked: z.string().optional(),
    outletId: ObjectId.nullable(),
    outletName: z.string().nullable(),
  })
  .meta({ id: 'SessionUser' });

export const AuthTokens = z
  .object({
    accessToken: z.string(),
    accessTokenExpiresAt: z.string().meta({ description: 'ISO 8601 UTC' }),
    refreshToken: z.string(),
    refreshTokenExpiresAt: z.string(),
  })
  .meta({ id: 'AuthTokens' });

export const AuthResponse = AuthTokens.extend({ user: SessionUser }).meta({ id: 'AuthResponse' });

export type StaffLoginBody = z.infer<typeof StaffLoginBody>;
export type OtpSendBody = z.infer<typeof OtpSendBody>;
export type OtpSendResponse = z.infer<typeof OtpSendResponse>;
export type OtpLoginBody = z.infer<typeof OtpLoginBody>;
export type WechatLoginBody = z.infer<typeof WechatLoginBody>;
export type RefreshBody = z.infer<typeof RefreshBody>;
export type SessionUser = z.infer<typeof SessionUser>;
export type AuthTokens = z.infer<typeof AuthTokens>;
export type AuthResponse = z.infer<typeof AuthResponse>;
