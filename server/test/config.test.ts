import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'fx-config-'));

describe('loadConfig', () => {
  it('stops production start-up naming every missing secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: tmpDir() })).toThrow(ConfigError);
    try {
      loadConfig({ NODE_ENV: 'production', DATA_DIR: tmpDir() });
    } catch (err) {
      expect((err as Error).message).toBe(
        'production configuration is missing: JWT_SECRET, OTP_PEPPER, CARD_SIGNING_KEY, MONGODB_URI, SMS_PROVIDER=http (console is for development)',
      );
    }
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'p'.repeat(40),
      OTP_PEPPER: 'q'.repeat(20),
      CARD_SIGNING_KEY: crypto.generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().replace(/\n/g, '\\n'),
      MONGODB_URI: 'mongodb://db.internal:27017/?replicaSet=rs0',
      SMS_PROVIDER: 'http',
      SMS_HTTP_URL: 'https://sms.internal/send',
    });
    expect(config.isProduction).toBe(true);
    expect(config.SEED_ON_EMPTY).toBe(false);
  });

  it('names the variable and the problem for invalid values', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATA_DIR: tmpDir() })).toThrow(/PORT: /);
    expect(() => loadConfig({ JWT_SECRET: 'short', DATA_DIR: tmpDir() })).toThrow(/JWT_SECRET: must be at least 32 characters/);
    expect(() => loadConfig({ MONGODB_URI: 'postgres://x', DATA_DIR: tmpDir() })).toThrow(/MONGODB_URI: must start with mongodb/);
    expect(() => loadConfig({ SMS_PROVIDER: 'http', DATA_DIR: tmpDir() })).toThrow(/SMS_HTTP_URL is required/);
    expect(() => loadConfig({ WECHAT_APPID: 'wx1', DATA_DIR: tmpDir() })).toThrow(/WECHAT_APPID and WECHAT_SECRET/);
    expect(() => loadConfig({ CARD_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\\ngarbage\\n-----END PRIVATE KEY-----', DATA_DIR: tmpDir() })).toThrow(/CARD_SIGNING_KEY is not a readable private key/);
  });

  it('generates development secrets once under DATA_DIR and reuses them', () => {
    const dir = tmpDir();
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.JWT_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(second.JWT_SECRET).toBe(first.JWT_SECRET);
    expect(second.OTP_PEPPER).toBe(first.OTP_PEPPER);
    expect(second.CARD_SIGNING_KEY).toBe(first.CARD_SIGNING_KEY);
    expect(crypto.createPrivateKey(first.CARD_SIGNING_KEY).asymmetricKeyType).toBe('ed25519');
    expect((fs.statSync(path.join(dir, 'secrets.json')).mode & 0o777).toString(8)).toBe('600');
  });

  it('parses lists and booleans', () => {
    const config = loadConfig({ DATA_DIR: tmpDir(), CORS_ORIGINS: 'https://a.example, https://b.example', TRUST_PROXY: 'true' });
    expect(config.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(config.TRUST_PROXY).toBe(true);
  });
});
