import fs from 'node:fs';
import type { Socket } from 'node:net';
import crypto from 'node:crypto';
import mongoose from 'mongoose';
import { connectDatabase } from '../src/db/connect';
import { startEmbeddedDb, type EmbeddedDb } from '../src/db/embedded';
import { keepAliveClient, startServerProcess, tempDir, type Client, type ServerProcess } from '../faults/kit';
import { startProxy, type Proxy } from './proxy';

/**
 * Several server instances as real processes (the production bundle `dist/main.js`, built by globalSetup.ts, run
 * with plain node by the fault suites' launcher) against one database, behind the suite's round-robin proxy. The database is the embedded engine, or the MongoDB at
 * `MONGODB_URI` when it is set (a fresh database, dropped at the end). The test process connects to it too: it
 * writes the records a case needs with the test factories and counts effects there.
 */

/** Every job runs this often in every instance (production intervals are minutes). */
export const JOB_EVERY_MS = 700;
/** Per-subject sign-in attempts a minute: the rate limit the suite checks across instances. */
export const LOGIN_PER_SUBJECT_PER_MIN = 5;

export interface Cluster {
  proxy: Proxy;
  /** The running instance of each name (A, B, C). */
  instances: Map<string, ServerProcess>;
  /** Everything each instance printed, by name, including instances already stopped. */
  output(name: string): string;
  /** SIGTERM, wait for the exit; returns how long it took and the exit code. The proxy keeps the backend until it is gone. */
  stop(name: string): Promise<{ drainMs: number; code: number | null }>;
  /** Starts a new process under that name (a new port) and waits until the proxy has admitted it. */
  start(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startCluster(names: string[]): Promise<Cluster> {
  const dir = tempDir('cluster');
  const external = process.env.MONGODB_URI;
  let engine: EmbeddedDb | null = null;
  const uri = external ?? (engine = await startEmbeddedDb({ storage: 'memory', port: 0, heap: '768m' })).uri;
  const dbName = external ? `cluster_${crypto.randomBytes(4).toString('hex')}` : 'cluster';
  await connectDatabase(uri, dbName);
  const proxy = await startProxy();
  const instances = new Map<string, ServerProcess>();
  const outputs = new Map<string, string[]>();

  const start = async (name: string) => {
    const server = await startServerProcess({
      mongoUri: uri,
      dbName,
      dataDir: dir,
      bundle: 'dist/main.js',
      env: {
        JOBS_ENABLED: 'true',
        JOBS_EVERY_MS: String(JOB_EVERY_MS),
        // Debug: each job run prints one `job ran` line, which the suite counts per instance.
        LOG_LEVEL: 'debug',
        OFFER_TIER_MINUTES: '0',
        RATE_LOGIN_PER_USER_PER_MIN: String(LOGIN_PER_SUBJECT_PER_MIN),
      },
    });
    instances.set(name, server);
    (outputs.get(name) ?? outputs.set(name, []).get(name)!).push('');
    await proxy.add(name, server.url);
  };
  const capture = (name: string) => {
    const list = outputs.get(name)!;
    const server = instances.get(name);
    if (server) list[list.length - 1] = server.output();
  };

  await Promise.all(names.map((name) => start(name)));
  return {
    proxy,
    instances,
    output(name) {
      capture(name);
      return (outputs.get(name) ?? []).join('\n');
    },
    async stop(name) {
      const server = instances.get(name)!;
      const at = Date.now();
      server.kill('SIGTERM');
      const exit = await server.exited;
      capture(name);
      proxy.remove(name);
      instances.delete(name);
      return { drainMs: exit.at - at, code: exit.code };
    },
    start,
    async close() {
      await proxy.close();
      await Promise.all(
        [...instances.values()].map(async (server) => {
          server.kill('SIGTERM');
          await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
          if (server.child.exitCode === null) server.kill('SIGKILL');
        }),
      );
      if (external) await mongoose.connection.db?.dropDatabase();
      await mongoose.disconnect();
      await engine?.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One `job ran` line of an instance's log. */
export interface JobRun {
  job: string;
  instance: string;
  startedAt: number;
  endedAt: number;
  result: unknown;
}

/** The job runs an instance logged (pino JSON lines with msg `job ran`). */
export function jobRuns(output: string, instance: string): JobRun[] {
  const runs: JobRun[] = [];
  for (const line of output.split('\n')) {
    if (!line.includes('"job ran"')) continue;
    try {
      const entry = JSON.parse(line) as Omit<JobRun, 'instance'>;
      runs.push({ job: entry.job, instance, startedAt: entry.startedAt, endedAt: entry.endedAt, result: entry.result });
    } catch {
      // a line cut by the output buffer: not a complete entry
    }
  }
  return runs;
}

/**
 * A keep-alive client (the fault suites') whose idle connections are closed after 2 s, before the server's keep-alive
 * timeout (5 s) closes them. Node's http.Agent without a `timeout` option keeps idle connections forever (it ignores
 * the server's `Keep-Alive: timeout=5`), so a request sent on one at the moment the server closes it is reset: seen
 * once in this suite (a request after 5 s of quiet, on a direct client). Browsers and well-set balancers do the same.
 */
export function idleSafeClient(baseUrl: string, sockets: number): Client {
  const client = keepAliveClient(baseUrl, sockets);
  client.agent.on('free', (socket: Socket) => socket.setTimeout(2_000));
  return client;
}
