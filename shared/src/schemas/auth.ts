import { z } from 'zod';
import { LIMITS } from '../limits';
import { ROLES } from '../roles';
import { ObjectId, Phone } from './common';
import { CONSENT_VERSION } from '../domain/consent';

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

/**
 * The customer ticked 我已阅读并同意《用户协议》《隐私政策》: the version of the texts they read (domain/consent).
 * The server records it, with the time, on the account.
 */
export const ConsentAccepted = z
  .object({
    version: z.literal(CONSENT_VERSION, { error: '请阅读并同意最新的《用户协议》和《隐私政策》' }),
  })
  .meta({ id: 'ConsentAccepted', description: 'The agreement and privacy policy version the customer accepted at this sign-in' });

export const OtpLoginBody = z
  .object({
    phone: Phone,
    consent: ConsentAccepted.optional(),
    code: z
      .string()
      .trim()
      .regex(new RegExp(`^\\d{${LIMITS.otpLength}}$`), `请输入 ${LIMITS.otpLength} 位验证码`),
  })
  .meta({ id: 'OtpLoginBody' });

export const WechatLoginBody = z
  .object({ code: z.string().trim().min(1, '缺少微信登录 code').max(128), consent: ConsentAccepted.optional() })
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
