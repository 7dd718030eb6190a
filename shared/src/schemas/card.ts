import { z } from 'zod';
import { CATEGORY_CODES, CERTIFICATE_TYPE_CODES } from '../domain/catalog';
import { ARRIVAL_EARLY_MINUTES } from '../domain/arrival';
import { ObjectId } from './common';
import { EngineerStatus } from './network';

/**
 * Electronic work cards (S3). The QR code holds a short-lived token signed with Ed25519:
 * `base64url(JSON payload) + "." + base64url(signature over the ASCII bytes of the first part)`,
 * payload `{ v: 1, e: engineerId, s: serial, iat, exp, n: nonce }` (seconds since the epoch).
 */
export const CARD_TOKEN_TTL_SECONDS = 60;

/** Engineer apps refresh the QR this long before it expires, so a shown code is always scannable. */
export const CARD_TOKEN_REFRESH_SECONDS = 45;

/** How a card QR token is made, for the docs (card endpoints, the public key). */
export const CARD_TOKEN_FORMAT =
  `\`base64url(JSON payload) + "." + base64url(Ed25519 signature)\`. The signature covers the ASCII bytes of the first part exactly as sent. ` +
  `Payload: \`{ "v": 1, "e": engineerId, "s": card serial, "iat": issued (seconds since the epoch), "exp": iat + ${CARD_TOKEN_TTL_SECONDS}, "n": nonce }\`. ` +
  'The QR code encodes `${PUBLIC_BASE_URL}/v/<token>`. A valid signature proves the platform issued the token; ' +
  'whether the card is still active and the engineer not suspended only POST /api/v1/cards/verify can tell.';

export const CARD_VERDICTS = ['genuine', 'expired', 'revoked', 'engineer_suspended', 'tampered'] as const;
export type CardVerdict = (typeof CARD_VERDICTS)[number];

/** What each verdict tells the person holding the phone, in words they can act on. */
export const CARD_VERDICT_TEXT: Record<CardVerdict, { label: string; detail: string }> = {
  genuine: { label: '真实有效', detail: '工作证由放心服务签发，未被吊销，工程师在岗。' },
  expired: { label: '二维码已过期', detail: '二维码每 60 秒更新一次。请工程师刷新工作证后重新扫码。' },
  revoked: { label: '工作证已吊销', detail: '该工作证已被网点吊销，持证人不能提供服务。请勿开门，并联系放心服务客服。' },
  engineer_suspended: { label: '工程师已停职', detail: '该工程师目前处于停职状态，不能提供服务。请联系放心服务客服。' },
  tampered: { label: '无效或被篡改', detail: '该二维码不是放心服务签发的，或内容已被改动。请勿让其提供服务，并联系放心服务客服。' },
};

/** Where a message says to call customer service, the number to call (the platform hotline setting). */
export const withHotline = (text: string, hotline: string): string => text.replace(/放心服务客服/g, `放心服务客服（电话 ${hotline}）`);

/** A verdict's words with the hotline in them. */
export const cardVerdictText = (verdict: CardVerdict, hotline: string): { label: string; detail: string } => ({
  label: CARD_VERDICT_TEXT[verdict].label,
  detail: withHotline(CARD_VERDICT_TEXT[verdict].detail, hotline),
});

/** Serial printed on the card: `FXC-<outlet code>-<6 base32 characters>`. */
export const CardSerial = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^FXC-[A-Z0-9-]{1,40}-[A-Z2-7]{6}$/, '工作证编号格式应为 FXC-网点代码-6 位字符')
  .meta({ description: 'Work card serial', example: 'FXC-HZ-XH-7KQ2MA' });

export const CardSerialParams = z.object({ serial: CardSerial });

/** The token of the public verification page `/v/<token>`: any text (a garbage token renders the red page). */
export const CardTokenParams = z.object({ token: z.string() });

const Reason = (message: string) => z.string().trim().min(2, message).max(200);

export const RevokeCardBody = z.object({ reason: Reason('请填写吊销原因') }).meta({ id: 'RevokeCardBody' });
export const ReissueCardBody = z.object({ reason: Reason('请填写补发原因') }).meta({ id: 'ReissueCardBody' });

const StaffRef = z.object({ id: ObjectId, name: z.string() });

export const WorkCardView = z
  .object({
    serial: z.string(),
    engineerId: ObjectId,
    status: z.enum(['active', 'revoked']),
    issuedAt: z.string(),
    issuedBy: StaffRef.nullable().meta({ description: 'null for cards issued by the system (demo data)' }),
    revokedAt: z.string().nullable(),
    revokedBy: StaffRef.nullable(),
    revokeReason: z.string().nullable(),
  })
  .meta({ id: 'WorkCard' });

export const CardHistory = z
  .object({ engineerId: ObjectId, active: WorkCardView.nullable(), items: z.array(WorkCardView).meta({ description: 'Newest first' }) })
  .meta({ id: 'CardHistory' });

export const ReissueResult = z.object({ revoked: WorkCardView, issued: WorkCardView }).meta({ id: 'CardReissueResult' });

/** What anyone who scans the card may see about the engineer: never a phone number. */
export const EngineerPublicProfile = z
  .object({
    id: ObjectId,
    name: z.string(),
    initials: z.string().meta({ description: 'Shown instead of the photo when there is none' }),
    photoUrl: z.string().nullable(),
    employeeNo: z.string(),
    outlet: z.object({ id: ObjectId, name: z.string() }),
    skills: z.array(z.object({ category: z.enum(CATEGORY_CODES), name: z.string() })),
    certificates: z.array(
      z.object({
        type: z.enum(CERTIFICATE_TYPE_CODES),
        name: z.string(),
        number: z.string(),
        expiresAt: z.string(),
        valid: z.boolean().meta({ description: 'Not expired at the time of the check' }),
      }),
    ),
    level: z.number().int().min(1).max(5),
    rating: z.number().min(0).max(100).nullable().meta({ description: 'Composite quality score 0-100 (S11); null: 暂无评分' }),
    status: EngineerStatus,
  })
  .meta({ id: 'EngineerPublicProfile' });

export const CardQrToken = z
  .object({
    token: z.string(),
    expiresAt: z.string(),
    verifyUrl: z.string().meta({ description: 'What the QR code encodes: `${PUBLIC_BASE_URL}/v/<token>`' }),
    refreshAfterSeconds: z.number().int(),
  })
  .meta({ id: 'CardQrToken' });

export const MyCardView = z
  .object({
    status: z.enum(['active', 'revoked', 'none']).meta({ description: 'The engineer’s current card: active, the latest revoked, or none ever issued' }),
    engineerStatus: EngineerStatus,
    card: WorkCardView.nullable(),
    profile: EngineerPublicProfile,
    qr: CardQrToken.nullable().meta({ description: 'Only while the card is active and the engineer is not suspended' }),
    notice: z.string().nullable().meta({ description: 'Why there is no QR code, for the engineer' }),
  })
  .meta({ id: 'MyCard' });

export const VerifyCardBody = z
  .object({
    token: z
      .string()
      .trim()
      .min(1, '缺少二维码内容')
      .max(2048, '二维码内容过长')
      .meta({ description: 'The token, or the whole scanned verify URL (`…/v/<token>`)' }),
  })
  .meta({ id: 'VerifyCardBody' });

export const CardOrderMatch = z
  .object({
    orderId: ObjectId,
    orderNo: z.string(),
    assignedToThisOrder: z.boolean().meta({ description: 'The order’s current engineer is the card’s engineer (read from the order at every check)' }),
    inTimeWindow: z.boolean().meta({
      description: `Now is on the booked day (Asia/Shanghai), i.e. this visit; whether early (more than ${ARRIVAL_EARLY_MINUTES} min before the window, the customer decides), on time or late is in \`arrival\``,
    }),
    window: z.object({ from: z.string(), to: z.string() }),
    arrival: z
      .object({ timing: z.enum(['early', 'on_time', 'late', 'other_day']), label: z.string(), advice: z.string() })
      .meta({ description: 'How an arrival now stands against the booked slot: the same words the engineer’s check-in records at this moment' }),
    qualifiedForCategory: z.boolean().meta({ description: 'Passed the order category’s skill assessment and holds every certificate it requires, valid now' }),
    match: z.boolean().meta({ description: 'The verdict is genuine and the three checks above all hold' }),
  })
  .meta({ id: 'CardOrderMatch' });

export const CardVerification = z
  .object({
    verdict: z.enum(CARD_VERDICTS),
    label: z.string(),
    detail: z.string(),
    checkedAt: z.string(),
    serial: z.string().nullable(),
    tokenExpiresAt: z.string().nullable(),
    engineer: EngineerPublicProfile.nullable().meta({ description: 'Present whenever the signature is valid and the card and engineer exist' }),
    hotline: z.string().meta({ description: 'The platform’s customer-service hotline (setting), for the customer to call when something is wrong' }),
    orders: z
      .array(CardOrderMatch)
      .meta({ description: 'Only for a signed-in customer: one entry per order of theirs in an active status; each check is logged on that order' }),
  })
  .meta({ id: 'CardVerification' });

export const CardPublicKey = z
  .object({
    alg: z.literal('EdDSA'),
    crv: z.literal('Ed25519'),
    kid: z.string().meta({ description: 'RFC 7638 JWK thumbprint (SHA-256, base64url)' }),
    pem: z.string(),
    jwk: z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), kid: z.string(), use: z.literal('sig'), alg: z.literal('EdDSA') }),
    tokenTtlSeconds: z.number().int(),
    tokenFormat: z.string(),
    keys: z
      .array(z.object({ kid: z.string(), x: z.string() }))
      .meta({ description: 'Every key a token may be signed with now (the signing key first, then those accepted during a rotation), as JWK thumbprint and `x`: what an app keeps for offline checks' }),
  })
  .meta({ id: 'CardPublicKey' });

export type WorkCardView = z.infer<typeof WorkCardView>;
export type CardHistory = z.infer<typeof CardHistory>;
export type ReissueResult = z.infer<typeof ReissueResult>;
export type EngineerPublicProfile = z.infer<typeof EngineerPublicProfile>;
export type MyCardView = z.infer<typeof MyCardView>;
export type CardOrderMatch = z.infer<typeof CardOrderMatch>;
export type CardVerification = z.infer<typeof CardVerification>;
export type CardPublicKey = z.infer<typeof CardPublicKey>;
