import { z } from 'zod';
import { LIMITS } from '../limits';
import { ROLES } from '../roles';
import { ObjectId, Phone } from './common';
import { CONSENT_REQUIRED_MESSAGE, consentOutdatedMessage, POLICY_DOCUMENT_KEYS, POLICY_DOCUMENTS, type PolicyDocument } from '../domain/consent';

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

/** One document's version: absent means not agreed; any other value than the current one is outdated. */
const acceptedVersion = (doc: PolicyDocument) =>
  z
    .literal(POLICY_DOCUMENTS[doc].version, {
      error: (issue) => (issue.input === undefined ? CONSENT_REQUIRED_MESSAGE : consentOutdatedMessage(doc)),
    })
    .meta({ description: `The ${doc} version the customer read and accepted (domain/consent); must be the current one` });

/**
 * The customer ticked 我已阅读并同意《用户协议》《隐私政策》: the versions of the texts they read (domain/consent).
 * Required on every customer sign-in, and only the current versions are accepted: after a change of wording the
 * customer agrees again. The server records each acceptance once per version, with the time and the channel.
 */
export const ConsentAccepted = z
  .object(
    { userAgreement: acceptedVersion('userAgreement'), privacyPolicy: acceptedVersion('privacyPolicy') },
    { error: CONSENT_REQUIRED_MESSAGE },
  )
  .meta({ id: 'ConsentAccepted', description: 'The user agreement and privacy policy versions the customer accepted at this sign-in' });

export const OtpLoginBody = z
  .object({
    phone: Phone,
    consent: ConsentAccepted,
    code: z
      .string()
      .trim()
      .regex(new RegExp(`^\\d{${LIMITS.otpLength}}$`), `请输入 ${LIMITS.otpLength} 位验证码`),
  })
  .meta({ id: 'OtpLoginBody' });

export const WechatLoginBody = z
  .object({ code: z.string().trim().min(1, '缺少微信登录 code').max(128), consent: ConsentAccepted })
  .meta({ id: 'WechatLoginBody' });

export const ConsentEntry = z
  .object({
    document: z.enum(POLICY_DOCUMENT_KEYS as [PolicyDocument, ...PolicyDocument[]]),
    version: z.string(),
    acceptedAt: z.string().meta({ description: 'ISO 8601 UTC' }),
    channel: z.enum(['otp', 'wechat']).meta({ description: 'The sign-in the customer agreed with: H5 one-time code or WeChat' }),
  })
  .meta({ id: 'ConsentEntry' });

export const MyConsentsResponse = z
  .object({ items: z.array(ConsentEntry).meta({ description: 'Every version the customer agreed to, newest first' }) })
  .meta({ id: 'MyConsentsResponse' });

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
export type ConsentAccepted = z.infer<typeof ConsentAccepted>;
export type ConsentEntry = z.infer<typeof ConsentEntry>;
export type MyConsentsResponse = z.infer<typeof MyConsentsResponse>;
export type OtpLoginBody = z.infer<typeof OtpLoginBody>;
export type WechatLoginBody = z.infer<typeof WechatLoginBody>;
export type RefreshBody = z.infer<typeof RefreshBody>;
export type SessionUser = z.infer<typeof SessionUser>;
export type AuthTokens = z.infer<typeof AuthTokens>;
export type AuthResponse = z.infer<typeof AuthResponse>;
