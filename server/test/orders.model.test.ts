import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropTestDatabase, startTestServer, type TestServer } from './harness';
import { createModelWorld, formatStats, runOrderModel, type ModelWorld } from './orderModel';

/*
 * Issue 16: random interleavings of every party's actions, some sent up to four times at once, against the real
 * server over HTTP and the real database, with the contract, the state machine and the invariants checked after every
 * step (see orderModel.ts). Bounded by default: 60 sequences of up to 30 commands from a fixed seed (well under a minute).
 *
 *   MODEL_RUNS (or FC_NUM_RUNS)      sequences to generate (default 60)
 *   MODEL_MAX_COMMANDS               commands per sequence (default 30)
 *   MODEL_SEED (or FC_SEED)          the seed (default 16016)
 *   MODEL_PATH (or FC_PATH)          replay one failure: its path, with its seed (printed with every failure)
 *   MODEL_REPLAY_PATH                fc.commands' replayPath printed with a counterexample (optional with MODEL_PATH)
 *   MODEL_SHRINK_MS                  time allowed to shrink a failure (default 60000)
 *   MODEL_CONTINUE=1                 keep going after a failure with the next seed (the long run), up to MODEL_MAX_FAILURES
 *   MODEL_STATS_FILE                 write the figures and failures there as JSON (the long run reads them)
 *   MODEL_EXCLUDE=reassign,…         leave commands out, to look past a known failure while it is fixed (default: none)
 *
 * The long run: `pnpm --filter @fangxin/server test:model:long` (scripts/model-long.ts).
 */
const env = process.env;
const numRuns = Number(env.MODEL_RUNS ?? env.FC_NUM_RUNS ?? 60);
const maxCommands = Number(env.MODEL_MAX_COMMANDS ?? 30);
const seed = Number(env.MODEL_SEED ?? env.FC_SEED ?? 16016);
const path = env.MODEL_PATH ?? env.FC_PATH;
const shrinkBudgetMs = Number(env.MODEL_SHRINK_MS ?? 60_000);
const continueAfterFailure = env.MODEL_CONTINUE === '1';
const maxFailures = Number(env.MODEL_MAX_FAILURES ?? 10);
// Generous: a sequence takes about a second; shrinking a failure up to its budget; the long run sets its own numbers.
const timeoutMs = numRuns * maxCommands * 400 + (shrinkBudgetMs + 60_000) * (continueAfterFailure ? maxFailures : 1) + 60_000;

let t: TestServer;
let mw: ModelWorld;
beforeAll(async () => {
  // Offers reach every eligible engineer at once, so claims race (tiers are tested in orders.dispatch.test.ts).
  t = await startTestServer({ env: { OFFER_TIER_MINUTES: '0' } });
  mw = await createModelWorld(t);
});
afterAll(async () => {
  await t.close();
  await dropTestDatabase();
});

describe('the order machine, model-based (fast-check)', () => {
  it(
    `keeps the contract, the state machine and every invariant under random interleavings (${numRuns} sequences × up to ${maxCommands} commands, seed ${seed})`,
    async () => {
      const result = await runOrderModel(mw, {
        numRuns,
        maxCommands,
        seed,
        ...(path ? { path } : {}),
        ...(env.MODEL_REPLAY_PATH ? { replayPath: env.MODEL_REPLAY_PATH } : {}),
        shrinkBudgetMs,
        continueAfterFailure,
        maxFailures,
        exclude: (env.MODEL_EXCLUDE ?? '').split(',').map((s) => s.trim()).filter(Boolean),
        log: (line) => console.log(line),
      });
      console.log(`order model figures\n${formatStats(result.stats)}`);
      if (env.MODEL_STATS_FILE) fs.writeFileSync(env.MODEL_STATS_FILE, JSON.stringify(result, null, 2));
      const reports = result.failures.map(
        (f, i) =>
          `── failure ${i + 1} of ${result.failures.length} ──\n${f.report}\n\nReplay: MODEL_SEED=${f.seed} MODEL_PATH="${f.path}"${f.replayPath ? ` MODEL_REPLAY_PATH="${f.replayPath}"` : ''} pnpm exec vitest run --project server server/test/orders.model.test.ts`,
      );
      expect(result.failures, reports.join('\n\n')).toEqual([]);
    },
    timeoutMs,
  );
});
