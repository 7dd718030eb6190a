#!/usr/bin/env node
// `pnpm test`: everything, in the order a failure is cheapest to find. Lint, typecheck, every vitest project
// (shared, server against the embedded database or MONGODB_URI, admin, miniapp), the production builds with their
// size budgets, the fault suites (database stopped under load, SIGTERM under load, retried bookings), the API fuzzing
// (Schemathesis against the OpenAPI document of a real server) and the short benchmark with its budgets, then the
// browser journeys (Playwright + Debian Chromium) against the real server.
// Ends with one line of counts; exits non-zero when any step failed.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, run } from './lib.mjs';

const reports = path.join(ROOT, '.data', 'reports');
fs.mkdirSync(reports, { recursive: true });
const vitestReport = path.join(reports, 'vitest.json');
const faultsReport = path.join(reports, 'faults.json');
const playwrightReport = path.join(reports, 'playwright.json');
for (const f of [vitestReport, faultsReport, playwrightReport]) fs.rmSync(f, { force: true });

const steps = [
  ['lint', 'pnpm', ['exec', 'eslint', '.', '--max-warnings=0']],
  ['typecheck (vue-tsc -b over the root tsconfig.json: every package)', 'pnpm', ['exec', 'vue-tsc', '-b']],
  ['import cycles (server)', 'pnpm', ['--filter', '@fangxin/server', 'run', 'check:cycles']],
  ['unit + integration (vitest)', 'pnpm', ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`]],
  ['fault suites (vitest, real processes)', 'pnpm', ['--filter', '@fangxin/server', 'exec', 'vitest', 'run', '-c', 'vitest.faults.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${faultsReport}`]],
  ['API fuzzing (schemathesis against the OpenAPI document)', 'node', ['scripts/fuzz-api.mjs']],
  ['benchmarks, short (autocannon, budgets)', 'pnpm', ['bench', '--short']],
  ['admin build + size budget', 'pnpm', ['--filter', '@fangxin/admin', 'run', 'build']],
  ['miniapp weapp + H5 builds + size check', 'pnpm', ['--filter', '@fangxin/miniapp', 'run', 'build']],
  ['browser journeys (playwright)', 'pnpm', ['exec', 'playwright', 'test', '-c', 'e2e/playwright.config.ts']],
];

const results = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const code = await run(cmd, args, { env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport } });
  results.push({ name, ok: code === 0, seconds: Math.round((Date.now() - started) / 1000) });
  if (code !== 0) console.error(`=== ${name}: FAILED (exit ${code})`);
}

let passed = 0;
let failed = 0;
for (const report of [vitestReport, faultsReport]) {
  if (!fs.existsSync(report)) continue;
  const v = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
}
if (fs.existsSync(playwrightReport)) {
  const p = JSON.parse(fs.readFileSync(playwrightReport, 'utf8'));
  passed += p.stats.expected;
  failed += p.stats.unexpected;
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)`);
const failedSteps = results.filter((r) => !r.ok).length;
console.log(`tests: ${passed} passed, ${failed} failed`);
// The same count in the form test runners print, for tools that read the log.
console.log(`Tests: ${failed} failed, ${passed} passed, ${passed + failed} total`);
process.exit(failedSteps > 0 || failed > 0 ? 1 : 0);
