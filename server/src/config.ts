import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';
import { REPO_ROOT } from './lib/paths';

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');
const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

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
  CORS_ORIGINS: csv.default([]).describe('comma-separated origins allowed to call the API from a browser'),
  TRUST_PROXY: bool.default(false).describe('use X-Forwarded-For for client addresses (behind a load balancer)'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(256 * 1024),
  SEED_ON_EMPTY: bool.optional().describe('seed demo data when the database is empty (default: on outside production)'),
  STATIC_DIRS: bool.default(true).describe('serve the built admin at /admin/ and the miniapp H5 at /h5/'),
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  SMS_PROVIDER: z.enum(['console', 'http']).default('console')
    .describe('console prints codes to the log (development only); http posts to SMS_HTTP_URL'),
  SMS_HTTP_URL: z.url().optional(),
  SMS_HTTP_TOKEN: z.string().optional(),
  RATE_LOGIN_PER_IP_PER_MIN: z.coerce.number().int().min(1).default(20),
  RATE_LOGIN_PER_USER_PER_MIN: z.coerce.number().int().min(1).default(10),
  RATE_OTP_PER_PHONE_PER_HOUR: z.coerce.number().int().min(1).default(5),
  RATE_OTP_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(30),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config extends Omit<Env, 'JWT_SECRET' | 'OTP_PEPPER' | 'SEED_ON_EMPTY'> {
  JWT_SECRET: string;
  OTP_PEPPER: string;
  SEED_ON_EMPTY: boolean;
  isProduction: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Development secrets are generated once and kept under DATA_DIR so tokens survive restarts. */
function localSecrets(dataDir: string): { JWT_SECRET: string; OTP_PEPPER: string } {
  const file = path.join(dataDir, 'secrets.json');
  try {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { JWT_SECRET?: string; OTP_PEPPER?: string };
    if (stored.JWT_SECRET && stored.OTP_PEPPER) return { JWT_SECRET: stored.JWT_SECRET, OTP_PEPPER: stored.OTP_PEPPER };
  } catch {
    // first start: generate below
  }
  const secrets = {
    JWT_SECRET: crypto.randomBytes(48).toString('base64url'),
    OTP_PEPPER: crypto.randomBytes(24).toString('base64url'),
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
    if (!env.MONGODB_URI) missing.push('MONGODB_URI');
    if (env.SMS_PROVIDER === 'console') missing.push('SMS_PROVIDER=http (console is for development)');
    if (missing.length) throw new ConfigError(`production configuration is missing: ${missing.join(', ')}`);
  }
  if (env.SMS_PROVIDER === 'http' && !env.SMS_HTTP_URL) {
    throw new ConfigError('invalid configuration: SMS_HTTP_URL is required when SMS_PROVIDER=http');
  }
  if (Boolean(env.WECHAT_APPID) !== Boolean(env.WECHAT_SECRET)) {
    throw new ConfigError('invalid configuration: WECHAT_APPID and WECHAT_SECRET must be set together');
  }

  const secrets =
    env.JWT_SECRET && env.OTP_PEPPER
      ? { JWT_SECRET: env.JWT_SECRET, OTP_PEPPER: env.OTP_PEPPER }
      : { ...localSecrets(env.DATA_DIR), ...(env.JWT_SECRET ? { JWT_SECRET: env.JWT_SECRET } : {}), ...(env.OTP_PEPPER ? { OTP_PEPPER: env.OTP_PEPPER } : {}) };

  return {
    ...env,
    ...secrets,
    SEED_ON_EMPTY: env.SEED_ON_EMPTY ?? !isProduction,
    isProduction,
  };
}
