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
const junit = path.join(reports, 'junit');
const vitestReport = path.join(reports, 'vitest.json');
const faultsReport = path.join(reports, 'faults.json');
const clusterReport = path.join(reports, 'cluster.json');
const playwrightReport = path.join(reports, 'playwright.json');
for (const f of [vitestReport, faultsReport, clusterReport, playwrightReport, junit, path.join(reports, 'layout-offenders.txt')]) fs.rmSync(f, { force: true, recursive: true });
fs.mkdirSync(junit, { recursive: true });

/** The console reporter, a JSON report for the final count and a JUnit XML report (.data/reports/junit/) per run. */
function vitestReporters(name) {
  return [
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${path.join(reports, `${name}.json`)}`,
    '--reporter=junit',
    `--outputFile.junit=${path.join(junit, `${name}.xml`)}`,
  ];
}

// Colour and cursor escapes (progress bars), dropped from the lines shown.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');

/** Runs a step with its output in .data/reports/<log>.log; prints the last lines (all of the tail on failure). */
async function runLogged(cmd, args, log, env) {
  const file = path.join(reports, `${log}.log`);
  const out = fs.openSync(file, 'w');
  const code = await run(cmd, args, { env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const lines = fs.readFileSync(file, 'utf8').replace(ANSI, '').split('\n').filter((l) => l.trim());
  console.log(lines.slice(code === 0 ? -12 : -150).join('\n'));
  console.log(`(full output: ${path.relative(ROOT, file)})`);
  return code;
}

// Builds write progress bars by the thousand lines; their output goes to .data/reports/<name>.log and the console
// gets its last lines (the sizes and budgets), or the whole tail when the build fails.
const steps = [
  { name: 'lint', cmd: 'pnpm', args: ['exec', 'eslint', '.', '--max-warnings=0'] },
  { name: 'typecheck (vue-tsc -b over the root tsconfig.json: every package)', cmd: 'pnpm', args: ['exec', 'vue-tsc', '-b'] },
  { name: 'import cycles (server)', cmd: 'pnpm', args: ['--filter', '@fangxin/server', 'run', 'check:cycles'] },
  { name: 'admin build + size budget', cmd: 'pnpm', args: ['--filter', '@fangxin/admin', 'run', 'build'], log: 'build-admin' },
  { name: 'miniapp weapp + H5 builds + size check', cmd: 'pnpm', args: ['--filter', '@fangxin/miniapp', 'run', 'build'], log: 'build-miniapp' },
  { name: 'unit + integration (vitest)', cmd: 'pnpm', args: ['exec', 'vitest', 'run', ...vitestReporters('vitest')] },
  { name: 'fault suites (vitest, real processes)', cmd: 'pnpm', args: ['--filter', '@fangxin/server', 'exec', 'vitest', 'run', '-c', 'vitest.faults.config.ts', ...vitestReporters('faults')] },
  { name: 'several instances (vitest: three server processes, one database, a round-robin proxy)', cmd: 'pnpm', args: ['--filter', '@fangxin/server', 'exec', 'vitest', 'run', '-c', 'vitest.cluster.config.ts', ...vitestReporters('cluster')] },
  { name: 'API fuzzing (schemathesis against the OpenAPI document)', cmd: 'node', args: ['scripts/fuzz-api.mjs'] },
  { name: 'benchmarks, short (autocannon, budgets)', cmd: 'pnpm', args: ['bench', '--short'] },
  { name: 'browser journeys (playwright)', cmd: 'pnpm', args: ['exec', 'playwright', 'test', '-c', 'e2e/playwright.config.ts'] },
];

const results = [];
const env = { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport, PLAYWRIGHT_JUNIT_OUTPUT_NAME: path.join(junit, 'playwright.xml') };
for (const { name, cmd, args, log } of steps) {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const code = log ? await runLogged(cmd, args, log, env) : await run(cmd, args, { env });
  results.push({ name, ok: code === 0, seconds: Math.round((Date.now() - started) / 1000) });
  if (code !== 0) console.error(`=== ${name}: FAILED (exit ${code})`);
}

let passed = 0;
let failed = 0;
for (const report of [vitestReport, faultsReport, clusterReport]) {
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
const layoutReport = path.join(reports, 'layout-offenders.txt');
if (fs.existsSync(layoutReport)) {
  const findings = new Set(fs.readFileSync(layoutReport, 'utf8').split('\n').filter(Boolean).map((l) => l.slice(l.indexOf(': ') + 2)));
  console.log(`layout findings (each fails its journey): ${findings.size} distinct, in ${path.relative(ROOT, layoutReport)}`);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
// The same count in the form test runners print, for tools that read the log.
console.log(`Tests: ${failed} failed, ${passed} passed, ${passed + failed} total`);
process.exit(failedSteps > 0 || failed > 0 ? 1 : 0);
