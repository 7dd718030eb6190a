/**
 * `pnpm --filter @fangxin/server test:model:long`: the order machine's model-based test (test/orders.model.test.ts,
 * model in test/orderModel.ts) for many sequences with a new seed, going on after a failure (each one shrunk and
 * kept), then the figures: sequences, commands, requests, invariant checks, failures, elapsed time, and every failure
 * with the seed and path that replay it.
 *
 *   MODEL_RUNS=10000            sequences to generate (FC_NUM_RUNS also works)
 *   MODEL_MAX_COMMANDS=30       commands per sequence
 *   MODEL_SEED=<n>              the first seed (default: a new one from the clock; the next failure moves to seed + 1)
 *   MODEL_MAX_FAILURES=20       stop after this many failures
 *   MODEL_SHRINK_MS=60000       time to shrink each failure
 *   MODEL_EXCLUDE=reassign,…    leave commands out (to look past a failure that is being fixed)
 *
 * It runs the test file through vitest (the embedded database comes from the test setup) and reads the figures the
 * test writes to MODEL_STATS_FILE. Exits with vitest's status: non-zero when anything failed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelRunResult } from '../test/orderModel';

const SERVER_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const runs = env.MODEL_RUNS ?? env.FC_NUM_RUNS ?? '10000';
const seed = env.MODEL_SEED ?? env.FC_SEED ?? String(Date.now() % 2_147_483_647);
const statsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fx-model-')), 'result.json');

console.log(`order model, long run: ${runs} sequences × up to ${env.MODEL_MAX_COMMANDS ?? 30} commands, seed ${seed}`);
const started = Date.now();
const child = spawn('pnpm', ['exec', 'vitest', 'run', 'test/orders.model.test.ts'], {
  cwd: SERVER_ROOT,
  stdio: 'inherit',
  env: {
    ...env,
    MODEL_RUNS: runs,
    MODEL_SEED: seed,
    MODEL_CONTINUE: '1',
    MODEL_MAX_FAILURES: env.MODEL_MAX_FAILURES ?? '20',
    MODEL_SHRINK_MS: env.MODEL_SHRINK_MS ?? '60000',
    MODEL_STATS_FILE: statsFile,
  },
});

const code: number = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
const wall = (Date.now() - started) / 1000;

if (!fs.existsSync(statsFile)) {
  console.error(`\norder model, long run: no figures were written (vitest exited ${code} after ${wall.toFixed(1)} s)`);
  process.exit(code || 1);
}
const result = JSON.parse(fs.readFileSync(statsFile, 'utf8')) as ModelRunResult;
const s = result.stats;
const line = (label: string, value: string | number) => console.log(`  ${label.padEnd(24)} ${value}`);
console.log('\n══ order model, long run: figures ══');
line('seed', seed);
line('sequences run', `${s.sequences} (${s.generated} generated, ${s.shrinkRuns} while shrinking)`);
line('commands run', s.commands);
line('requests sent', s.requests);
line('invariant checks made', s.invariantChecks);
line('failures', s.failures);
line('elapsed (model)', `${(s.elapsedMs / 1000).toFixed(1)} s`);
line('elapsed (wall, vitest)', `${wall.toFixed(1)} s`);
line('statuses reached', Object.keys(s.statusesSeen).sort().join(', '));
if (result.failures.length) {
  console.log('\n══ failures (each shrunk; replay with the line under it) ══');
  result.failures.forEach((f, i) => {
    const cause = /The shrunk sequence failed with:\n(.*)/.exec(f.report)?.[1] ?? '(see the report)';
    const sequence = /Counterexample: (.*)/.exec(f.report)?.[1] ?? '';
    console.log(`\n${i + 1}. ${cause}\n   ${sequence}`);
    console.log(`   MODEL_SEED=${f.seed} MODEL_PATH="${f.path}"${f.replayPath ? ` MODEL_REPLAY_PATH="${f.replayPath}"` : ''} pnpm exec vitest run --project server server/test/orders.model.test.ts`);
  });
}
process.exit(code);
