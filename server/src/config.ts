import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';
import { REPO_ROOT } from './lib/paths';
import { wechatPayLiveSettings } from './modules/payments/liveSettings';

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');
const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

/** One subscribe-message template: its id, the page it opens, and which message field fills each template keyword. */
const SubscribeTemplate = z.object({
  id: z.string().min(1),
  page: z.string().min(1).optional(),
  data: z.record(z.string().regex(/^[a-z_]+\d+$/, 'template keywords look like thing1, time2'), z.enum(['title', 'body', 'time'])),
});
export type SubscribeTemplate = z.infer<typeof SubscribeTemplate>;

/**
 * Every setting the server reads, from the environment. Documented here and in README.md; validated once at start.
 * In production every secret must be given: the process stops with one line naming what is missing.
 */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1').describe('address to listen on'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional()
    .describe('MongoDB connection string; when unset the embedded engine is started'),
  EMBEDDED_DB_PORT: z.coerce.number().int().min(0).max(65535).default(27027)
    .describe('port of the embedded engine started when MONGODB_URI is unset'),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  MONGODB_DB: z.string().regex(/^[\w-]{1,48}$/).default('fangxin'),
  DATA_DIR: z.string().default(path.join(REPO_ROOT, '.data')).describe('embedded database file, dev secrets, uploads'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  OTP_PEPPER: z.string().min(16).optional(),
  PHOTO_URL_SECRET: z.string().min(32, 'must be at least 32 characters').optional()
    .describe('HMAC key of the short-lived photo links (default: derived from JWT_SECRET)'),
  PHOTO_URL_TTL_SECONDS: z.coerce.number().int().min(30).max(900).default(300).describe('how long a photo link works'),
  CARD_SIGNING_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key (Ed25519)' }).optional()
    .describe('Ed25519 private key (PEM; literal \\n allowed) that signs e-work card QR tokens'),
  CARD_VERIFY_KEYS: z.string().optional()
    .describe('other Ed25519 keys (PEM public or private keys, one after another; literal \\n allowed) whose card tokens are still accepted: the previous or the next key during a rotation'),
  PUBLIC_BASE_URL: z.url().optional().describe('public origin of the server, used in QR codes (default http://HOST:PORT)'),
  CUSTOMER_CHANGE_CUTOFF_HOURS: z.coerce.number().min(0).max(72).default(2)
    .describe('customers cancel or reschedule for free until this many hours before the slot'),
  AUTO_CLOSE_HOURS: z.coerce.number().min(1).max(720).default(48).describe('completed orders close after this long without objection'),
  OFFER_TIER_MINUTES: z.coerce.number().min(0).max(120).default(5).describe('offer mode: delay between engineer tiers'),
  MAINTENANCE_REMINDERS_EVERY_MS: z.coerce.number().int().min(1000).max(86_400_000).default(3_600_000)
    .describe('how often the maintenance-reminder job looks for due reminders (issue 20.3; each is sent once however often it looks)'),
  JOBS_ENABLED: bool.optional().describe('run background jobs in this instance (default: on outside tests)'),
  JOBS_EVERY_MS: z.coerce.number().int().min(100).max(3_600_000).optional()
    .describe('run every background job this often instead of its own interval (tests and demos; unset in production)'),
  SHUTDOWN_ANNOUNCE_MS: z.coerce.number().int().min(0).max(60_000).default(0)
    .describe('on SIGTERM, answer /readyz with 503 for this long (still serving) before closing the listener: a little more than the load balancer\'s health-check interval'),
  CORS_ORIGINS: csv.default([]).describe('comma-separated origins allowed to call the API from a browser'),
  TRUST_PROXY: bool.default(false).describe('use X-Forwarded-For for client addresses (behind a load balancer)'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(256 * 1024),
  SEED_ON_EMPTY: bool.optional().describe('seed demo data when the database is empty (default: on outside production)'),
  STATIC_DIRS: bool.default(true).describe('serve the built admin at /admin/ and the miniapp H5 at /h5/'),
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  WECHAT_SUBSCRIBE_TEMPLATES: z
    .string()
    .transform((raw, ctx) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(z.record(z.string().regex(/^[a-z_]+$/, 'keys are notification types'), z.union([z.string().min(1), SubscribeTemplate])))
    .optional()
    .describe(
      'WeChat subscribe-message templates by notification type, JSON: {"order_dispatched":"<template id>",...} (fills thing1 = title, thing2 = body) ' +
        'or {"order_dispatched":{"id":"<template id>","page":"pages/index/index","data":{"thing1":"title","time2":"time"}}}; pushes are sent only when this and WECHAT_APPID/SECRET are set',
    ),
  WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).optional().describe('which mini-program build a subscribe message opens (WeChat default: formal)'),
  SMS_PROVIDER: z.enum(['console', 'http']).default('console')
    .describe('console prints codes to the log (development only); http posts to SMS_HTTP_URL'),
  SMS_HTTP_URL: z.url().optional(),
  SMS_HTTP_TOKEN: z.string().optional(),
  // Issue 20.4, online payment (WeChat Pay API v3): all of the merchant's settings, or none (server/src/modules/payments/provider.ts).
  WECHATPAY_MCHID: z.string().regex(/^\d{6,16}$/, 'must be the merchant number (digits)').optional().describe('WeChat Pay merchant number (商户号)'),
  WECHATPAY_APPID: z.string().optional().describe('the app id paying (default WECHAT_APPID, the mini-program)'),
  WECHATPAY_SERIAL: z.string().optional().describe('serial number of the merchant API certificate'),
  WECHATPAY_PRIVATE_KEY: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }).optional().describe('merchant API private key (PEM; literal \\n allowed)'),
  WECHATPAY_PRIVATE_KEY_PATH: z.string().optional().describe('or the file holding it (apiclient_key.pem)'),
  WECHATPAY_APIV3_KEY: z.string().length(32, 'must be the 32-character APIv3 key').optional().describe('APIv3 key: decrypts notifications'),
  WECHATPAY_PLATFORM_PUBLIC_KEY: z.string().includes('-----BEGIN', { message: 'must be a PEM public key or certificate' }).optional()
    .describe('WeChat Pay public key or platform certificate (PEM): verifies answers and notifications'),
  WECHATPAY_PLATFORM_PUBLIC_KEY_PATH: z.string().optional().describe('or the file holding it'),
  WECHATPAY_PLATFORM_SERIAL: z.string().optional().describe('its serial (PUB_KEY_ID_… or the certificate serial), matched against Wechatpay-Serial'),
  WECHATPAY_API_BASE: z.url().default('https://api.mch.weixin.qq.com/'),
  WECHATPAY_NOTIFY_BASE: z.url().optional().describe('public https origin WeChat Pay posts notifications to (default PUBLIC_BASE_URL)'),
  WECHATPAY_STANDIN: bool.optional().describe('play WeChat Pay with the local stand-in when no WECHATPAY_* is set (default: on in development only)'),
  RATE_LOGIN_PER_IP_PER_MIN: z.coerce.number().int().min(1).default(20),
  RATE_LOGIN_PER_USER_PER_MIN: z.coerce.number().int().min(1).default(10),
  RATE_OTP_PER_PHONE_PER_HOUR: z.coerce.number().int().min(1).default(5),
  RATE_OTP_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(30),
  RATE_CARD_VERIFY_PER_IP_PER_MIN: z.coerce.number().int().min(1).default(120)
    .describe('work card verifications per client address per minute (POST /cards/verify and the /v/ page)'),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config extends Omit<Env, 'JWT_SECRET' | 'OTP_PEPPER' | 'PHOTO_URL_SECRET' | 'SEED_ON_EMPTY' | 'CARD_SIGNING_KEY' | 'CARD_VERIFY_KEYS' | 'PUBLIC_BASE_URL' | 'JOBS_ENABLED'> {
  JWT_SECRET: string;
  OTP_PEPPER: string;
  PHOTO_URL_SECRET: string;
  CARD_SIGNING_KEY: string;
  /** Public keys (SPKI PEM) accepted for card tokens besides the signing key's own. */
  CARD_VERIFY_KEYS: string[];
  PUBLIC_BASE_URL: string;
  SEED_ON_EMPTY: boolean;
  JOBS_ENABLED: boolean;
  isProduction: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Development secrets are generated once and kept under DATA_DIR so tokens survive restarts. */
type LocalSecrets = { JWT_SECRET: string; OTP_PEPPER: string; CARD_SIGNING_KEY: string };

function localSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, 'secrets.json');
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LocalSecrets>;
    if (stored.JWT_SECRET && stored.OTP_PEPPER && stored.CARD_SIGNING_KEY) return stored as LocalSecrets;
  } catch {
    // first start: generate below
  }
  const secrets: LocalSecrets = {
    JWT_SECRET: crypto.randomBytes(48).toString('base64url'),
    OTP_PEPPER: crypto.randomBytes(24).toString('base64url'),
    CARD_SIGNING_KEY: crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export function loadConfig(source: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';

  if (isProduction) {
    const missing: string[] = [];
    if (!env.JWT_SECRET) missing.push('JWT_SECRET');
    if (!env.OTP_PEPPER) missing.push('OTP_PEPPER');
    if (!env.CARD_SIGNING_KEY) missing.push('CARD_SIGNING_KEY');
    if (!env.MONGODB_URI) missing.push('MONGODB_URI');
    if (env.SMS_PROVIDER === 'console') missing.push('SMS_PROVIDER=http (console is for development)');
    if (missing.length) throw new ConfigError(`production configuration is missing: ${missing.join(', ')}`);
  }
  if (env.SMS_PROVIDER === 'http' && !env.SMS_HTTP_URL) {
    throw new ConfigError('invalid configuration: SMS_HTTP_URL is required when SMS_PROVIDER=http');
  }
  const wechatPay = wechatPayLiveSettings(env);
  if (wechatPay.given && wechatPay.missing.length) {
    throw new ConfigError(`invalid configuration: WeChat Pay needs all of its settings, missing: ${wechatPay.missing.join(', ')}`);
  }
  if (env.WECHATPAY_STANDIN && isProduction) throw new ConfigError('invalid configuration: WECHATPAY_STANDIN is for development and tests, not production');
  if (Boolean(env.WECHAT_APPID) !== Boolean(env.WECHAT_SECRET)) {
    throw new ConfigError('invalid configuration: WECHAT_APPID and WECHAT_SECRET must be set together');
  }

  const given = {
    ...(env.JWT_SECRET ? { JWT_SECRET: env.JWT_SECRET } : {}),
    ...(env.OTP_PEPPER ? { OTP_PEPPER: env.OTP_PEPPER } : {}),
    ...(env.CARD_SIGNING_KEY ? { CARD_SIGNING_KEY: env.CARD_SIGNING_KEY.replace(/\\n/g, '\n') } : {}),
  };
  const secrets: LocalSecrets = Object.keys(given).length === 3 ? (given as LocalSecrets) : { ...localSecrets(env.DATA_DIR), ...given };
  try {
    crypto.createPrivateKey(secrets.CARD_SIGNING_KEY);
  } catch {
    throw new ConfigError('invalid configuration: CARD_SIGNING_KEY is not a readable private key');
  }
  const cardVerifyKeys = cardVerificationKeys(env.CARD_VERIFY_KEYS);

  return {
    ...env,
    ...secrets,
    CARD_VERIFY_KEYS: cardVerifyKeys,
    // Its own key when given; otherwise one derived from the JWT secret for this purpose only.
    PHOTO_URL_SECRET: env.PHOTO_URL_SECRET ?? crypto.createHmac('sha256', secrets.JWT_SECRET).update('fangxin:photo-links').digest('base64url'),
    SEED_ON_EMPTY: env.SEED_ON_EMPTY ?? !isProduction,
    JOBS_ENABLED: env.JOBS_ENABLED ?? env.NODE_ENV !== 'test',
    PUBLIC_BASE_URL: (env.PUBLIC_BASE_URL ?? `http://${env.HOST}:${env.PORT}`).replace(/\/$/, ''),
    isProduction,
  };
}

/** CARD_VERIFY_KEYS: every PEM block in it, as the public key (SPKI PEM) of an Ed25519 key; anything else is refused. */
function cardVerificationKeys(raw: string | undefined): string[] {
  if (!raw?.trim()) return [];
  const blocks = raw.replace(/\\n/g, '\n').match(/-----BEGIN ([A-Z ]+)-----[\s\S]*?-----END \1-----/g) ?? [];
  if (blocks.length === 0) throw new ConfigError('invalid configuration: CARD_VERIFY_KEYS holds no PEM key');
  return blocks.map((pem, i) => {
    let key: crypto.KeyObject;
    try {
      key = pem.includes('PRIVATE KEY') ? crypto.createPublicKey(crypto.createPrivateKey(pem)) : crypto.createPublicKey(pem);
    } catch {
      throw new ConfigError(`invalid configuration: CARD_VERIFY_KEYS key ${i + 1} is not a readable key`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(`invalid configuration: CARD_VERIFY_KEYS key ${i + 1} is not an Ed25519 key`);
    return key.export({ type: 'spki', format: 'pem' }).toString();
  });
}
