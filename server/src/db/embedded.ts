import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { SERVER_ROOT } from '../lib/paths';

const DEVDB = path.join(SERVER_ROOT, 'devdb');

export interface EmbeddedDb {
  uri: string;
  pid: number;
  stop(): Promise<void>;
}

export interface EmbeddedDbOptions {
  /** `memory` (tests, benchmarks) or a file path for the H2 backend (data survives restarts). */
  storage: 'memory' | string;
  port?: number;
  /** JVM heap, e.g. `512m`. */
  heap?: string;
  onStderr?: (line: string) => void;
}

export class EmbeddedDbError extends Error {
  override name = 'EmbeddedDbError';
}

/** Builds the Java program when its sources changed (Maven), once per process. */
let built = false;
export function ensureEmbeddedDbBuilt(): void {
  if (built) return;
  const result = spawnSync(process.execPath, [path.join(DEVDB, 'build.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) {
    throw new EmbeddedDbError(result.stdout?.toString().trim() || 'devdb: build failed');
  }
  built = true;
}

/**
 * Starts mongo-java-server as a child process (see "The embedded database" in docs/ARCHITECTURE.md) and resolves with its URI once it accepts
 * connections. The engine prints the URI as its first stdout line; its own logs go to stderr.
 */
export async function startEmbeddedDb(options: EmbeddedDbOptions): Promise<EmbeddedDb> {
  const java = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (java.error) {
    throw new EmbeddedDbError('java is not on the PATH: install Java 17, or set MONGODB_URI to use a MongoDB server');
  }
  ensureEmbeddedDbBuilt();

  const classpath = [path.join(DEVDB, 'target', 'classes'), path.join(DEVDB, 'target', 'lib', '*')].join(path.delimiter);
  const child: ChildProcess = spawn(
    'java',
    [
      '-XX:+UseSerialGC',
      `-Xmx${options.heap ?? '512m'}`,
      '-Dorg.slf4j.simpleLogger.defaultLogLevel=warn',
      '-cp',
      classpath,
      'fangxin.devdb.DevDb',
      String(options.port ?? 0),
      options.storage,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );

  const stderrLines: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrLines.push(line);
    if (stderrLines.length > 50) stderrLines.shift();
    options.onStderr?.(line);
  });

  const uri = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new EmbeddedDbError(`embedded database did not start within 30 s: ${stderrLines.slice(-3).join(' | ')}`));
    }, 30_000);
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      if (/^mongodb:\/\//.test(line)) resolve(line.trim());
      else reject(new EmbeddedDbError(`embedded database printed an unexpected first line: ${line}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new EmbeddedDbError(`embedded database exited with code ${code}: ${stderrLines.slice(-3).join(' | ')}`));
    });
  });

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    uri,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM'); // the shutdown hook commits the H2 file
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
