import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { startEmbeddedDb } from '../src/db/embedded';
import { connectDatabase, DatabaseUnavailableError } from '../src/db/connect';
import { SERVER_ROOT } from '../src/lib/paths';

describe('embedded database', () => {
  it('keeps data in its file across a graceful stop and restart', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fx-db-')), 'db', 'data.mv');
    const first = await startEmbeddedDb({ storage: file });
    const conn = await mongoose.createConnection(first.uri, { dbName: 'durable' }).asPromise();
    await conn.collection('things').insertMany(Array.from({ length: 500 }, (_, i) => ({ i })));
    await conn.close();
    await first.stop();

    const second = await startEmbeddedDb({ storage: file });
    const again = await mongoose.createConnection(second.uri, { dbName: 'durable' }).asPromise();
    try {
      expect(await again.collection('things').countDocuments()).toBe(500);
    } finally {
      await again.close();
      await second.stop();
    }
  });

  it('reports MongoDB 4.4 (wire version 9), which the driver requires', async () => {
    const db = await startEmbeddedDb({ storage: 'memory' });
    const conn = await mongoose.createConnection(db.uri).asPromise();
    try {
      const hello = await conn.db!.admin().command({ isMaster: 1 });
      expect(hello.maxWireVersion).toBeGreaterThanOrEqual(9);
    } finally {
      await conn.close();
      await db.stop();
    }
  });
});

describe('connectDatabase', () => {
  it('fails with one clear error naming the address when the database cannot be reached', async () => {
    const attempt = connectDatabase('mongodb://127.0.0.1:9/', 'x', 300);
    await expect(attempt).rejects.toBeInstanceOf(DatabaseUnavailableError);
    await expect(connectDatabase('mongodb://user:pw@127.0.0.1:9/', 'x', 300)).rejects.toThrow(/cannot reach the database at mongodb:\/\/\*\*\*@127\.0\.0\.1:9\//);
  });
});

describe('server start-up', () => {
  it('exits with one line when the configured database is unreachable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: SERVER_ROOT,
      env: { ...process.env, MONGODB_URI: 'mongodb://127.0.0.1:9/', DB_CONNECT_TIMEOUT_MS: '300', LOG_LEVEL: 'silent', PORT: '0' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^fangxin-server: cannot reach the database at mongodb:\/\/127\.0\.0\.1:9\//);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits with one line naming the missing secrets in production', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: SERVER_ROOT,
      env: { PATH: process.env.PATH, NODE_ENV: 'production' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      'fangxin-server: production configuration is missing: JWT_SECRET, OTP_PEPPER, CARD_SIGNING_KEY, MONGODB_URI, SMS_PROVIDER=http (console is for development)',
    );
  });
});
