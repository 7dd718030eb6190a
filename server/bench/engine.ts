/**
 * The embedded engine as the benchmarks use it: memory backend with a 2 GB heap (BENCH_ENGINE_HEAP to try another),
 * unless MONGODB_URI names a server.
 */
import { spawnSync } from 'node:child_process';
import { startEmbeddedDb, type EmbeddedDb } from '../src/db/embedded';

export interface BenchDatabase {
  uri: string;
  engine: EmbeddedDb | null;
  label: string;
}

export async function openBenchDatabase(): Promise<BenchDatabase> {
  const uri = process.env.MONGODB_URI;
  if (uri) return { uri, engine: null, label: 'MONGODB_URI' };
  const heap = process.env.BENCH_ENGINE_HEAP ?? '2g';
  const engine = await startEmbeddedDb({ storage: 'memory', heap, onStderr: (line) => /Exception|Error|OutOfMemory/.test(line) && !/NamespaceExists|DuplicateKey/.test(line) && console.error(`[engine] ${line}`) });
  return { uri: engine.uri, engine, label: `embedded engine (memory backend, -Xmx${heap})` };
}

/** The embedded engine's heap in use (jstat, when the JDK has it): the memory backend must fit its -Xmx. */
export function engineHeap(engine: EmbeddedDb | null): string {
  if (!engine) return '';
  spawnSync('jcmd', [String(engine.pid), 'GC.run'], { stdio: 'ignore' }); // live data, not garbage
  const out = spawnSync('jstat', ['-gc', String(engine.pid)], { encoding: 'utf8' });
  const [head, row] = (out.stdout ?? '').trim().split('\n').map((l) => l.trim().split(/\s+/));
  if (!head || !row) return '';
  const used = ['S0U', 'S1U', 'EU', 'OU'].reduce((sum, col) => sum + Number(row[head.indexOf(col)] ?? 0), 0);
  return ` (engine heap live after GC: ${Math.round(used / 1024)} MB)`;
}
