#!/usr/bin/env node
// `node scripts/fuzz-api.mjs`: Schemathesis (pinned, installed by scripts/setup.sh into .data/venv) against the
// OpenAPI document of a real running server with the demo data, as three callers: the platform admin (every operation),
// a customer and an engineer (the operations their roles may call, so the fuzzer gets past 403 on them). Fails on any
// server error (5xx), any response that does not match its documented schema, content type or headers, any
// undocumented status, a 405 without `Allow`, data the schema calls invalid that the server accepts, and an operation
// that answers without the credentials it documents.
//
// The server is its own: a free port, a temporary data folder (embedded database file, uploads, dev secrets) removed
// afterwards, demo data seeded on the empty database, background jobs off, every rate limit raised (the limits
// themselves are tested by the server suite), and WeChat sign-in pointed at a stand-in on loopback that answers
// code2session, so `POST /auth/wechat/login` signs in instead of answering 503 "not configured".
//
// Paths that name a record of the demo data (outlets, engineers, staff users, survey templates, cards, the customer's
// address and appliance) are sent with a real one, so the fuzzer reaches the handlers rather than
// "not found"; the rest of each request is generated.
//
// Nothing is excluded: no operation (logout revokes only the refresh token in its body, which the fuzzer does not hold;
// the admin's own account is never the record a path names, so disable/reset-password cannot revoke the token in use;
// multipart upload is fuzzed like the rest), no phase. One check is left out, with its reason:
// `positive_data_acceptance` expects 2xx for every schema-valid request, but a schema-valid request may still break a
// business rule no JSON Schema can express (a manager's outlet, a slot in the booking horizon, a district no outlet
// covers, a distinct list); those answer the 4xx each operation documents, and `status_code_conformance` already
// fails on any status that is not documented.
//
// Env: FUZZ_MAX_EXAMPLES (default 8 per operation and phase), FUZZ_SEED (default fixed: the same cases every run;
// `random` for a new seed), FUZZ_WORKERS (default 1), SCHEMATHESIS (the binary). Reports: .data/reports/fuzz-*.
// Ends with one line: operations tested, requests the server answered, failures.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib.mjs';

const SCHEMATHESIS = process.env.SCHEMATHESIS ?? path.join(ROOT, '.data', 'venv', 'bin', 'schemathesis');
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 8);
const SEED = process.env.FUZZ_SEED === 'random' ? crypto.randomInt(2 ** 31) : Number(process.env.FUZZ_SEED ?? 20260416);
// One worker: on two cores the server and its database need the other, and Schemathesis' threads race in
// Hypothesis' source inspection on Python 3.11 ("AST constructor recursion depth mismatch", a runtime error).
const WORKERS = Number(process.env.FUZZ_WORKERS ?? 1);
const DEMO_PASSWORD = 'Fangxin@2026';
const CHECKS_LEFT_OUT = ['positive_data_acceptance'];

const reports = path.join(ROOT, '.data', 'reports');
fs.mkdirSync(reports, { recursive: true });

if (!fs.existsSync(SCHEMATHESIS)) {
  console.error(`fuzz-api: ${SCHEMATHESIS} not found: run scripts/setup.sh (it installs Schemathesis into .data/venv)`);
  process.exit(1);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** WeChat's code2session, as the stand-in the server suite uses answers it: any code is a valid one-time login. */
function startWechatStandIn() {
  const srv = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://stand-in');
    const code = url.searchParams.get('js_code') ?? '';
    res.setHeader('content-type', 'application/json');
    if (url.pathname !== '/sns/jscode2session' || !code) {
      res.end(JSON.stringify({ errcode: 40029, errmsg: 'invalid code' }));
      return;
    }
    res.end(JSON.stringify({ openid: `fuzz-${crypto.createHash('sha256').update(code).digest('hex').slice(0, 20)}`, session_key: 'stand-in' }));
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}

async function waitReady(base, child, timeoutMs = 120_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before it was ready`);
    try {
      const res = await fetch(`${base}/readyz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error('the server was not ready within 120 s');
}

async function call(base, method, url, { body, token } = {}) {
  const res = await fetch(base + url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const post = (base, url, body, token) => call(base, 'POST', url, { body, token });
const items = (body) => (Array.isArray(body) ? body : body.items);

/**
 * Real records of the demo data, so generated requests reach past "not found" into the handlers: each path that names
 * a record of these kinds is sent with one real record (its other parameters, query and body are generated as usual).
 * Fixed values rather than Schemathesis dictionaries: 4.32 substitutes dictionary entries into negative cases of the
 * same parameter and then reports the valid request as "schema-violating request accepted". It does the same with a
 * fixed value for a parameter with several constraints to negate (a catalogue item's `code`: length and pattern; seen
 * with the default seed), so catalogue item paths are left to generated codes. The admin's own account is left out:
 * disabling it, resetting its password or changing its role would revoke the token the run is using.
 */
async function knownRecords(base, admin, customer) {
  const get = (url, token = admin.accessToken) => call(base, 'GET', url, { token });
  const [outlet] = items(await get('/api/v1/outlets?pageSize=100'));
  const engineers = items(await get('/api/v1/engineers?pageSize=100'));
  // Another outlet's engineer than the one whose token the engineer run uses (eng.xihu.1).
  const engineer = engineers.find((e) => e.outletId === outlet.id) ?? engineers[0];
  const user = items(await get('/api/v1/admin/users?pageSize=100')).find((u) => u.id !== admin.user.id && u.role === 'outlet_manager');
  const [template] = items(await get('/api/v1/admin/survey-templates'));
  const [card] = items(await get(`/api/v1/engineers/${engineer.id}/cards`));
  // The demo customer has no address or appliance yet: one of each, as the app would add them.
  const address = await post(base, '/api/v1/me/addresses', { contactName: '测试', phone: '13800000001', districtCode: '330106', detail: '西湖区文三路 100 号' }, customer.accessToken);
  const appliance = await post(base, '/api/v1/me/appliances', { category: 'air_conditioner', brand: '格力', purchaseDate: '2025-06-18' }, customer.accessToken);
  return [
    ['^/api/v1/(outlets|quality/outlets)/\\{id\\}', 'path.id', outlet.id],
    ['^/api/v1/(engineers|quality/engineers)/\\{id\\}', 'path.id', engineer.id],
    ['^/api/v1/admin/users/\\{id\\}', 'path.id', user.id],
    ['^/api/v1/admin/survey-templates/\\{id\\}', 'path.id', template.id],
    ['^/api/v1/cards/\\{serial\\}', 'path.serial', card.serial],
    // Not for DELETE: a run that deletes the pinned record would leave later phases (the stateful links from
    // POST to DELETE) pointing at a record that is gone.
    ['^/api/v1/me/addresses/\\{id\\}', 'path.id', address.id, 'DELETE'],
    ['^/api/v1/me/appliances/\\{id\\}', 'path.id', appliance.id, 'DELETE'],
  ];
}

/** A schemathesis.toml binding those records (TOML basic strings read these values as JSON would). */
function configToml(bindings) {
  const q = (v) => JSON.stringify(v);
  return bindings
    .map(([regex, key, value, exceptMethod]) => `[[operations]]\ninclude-path-regex = ${q(regex)}\n${exceptMethod ? `exclude-method = ${q(exceptMethod)}\n` : ''}parameters = { ${q(key)} = ${q(value)} }\n`)
    .join('\n');
}

/** Requests the server has answered so far (its own Prometheus counter). */
async function requestsAnswered(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) if (line.startsWith('http_requests_total{')) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  return total;
}

function runSchemathesis(args, logFile) {
  return new Promise((resolve) => {
    const log = fs.createWriteStream(logFile);
    // Its own working folder, so nothing it writes lands in the checkout.
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'fx-st-'));
    const child = spawn(SCHEMATHESIS, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONIOENCODING: 'utf-8' } });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('close', (code) => {
      log.end();
      fs.rmSync(cwd, { recursive: true, force: true });
      resolve(code ?? 1);
    });
  });
}

/** The failures section and the summary of a Schemathesis log, for the console (the full log is in .data/reports). */
function excerpt(logFile, failed) {
  const lines = fs.readFileSync(logFile, 'utf8').split('\n');
  const start = lines.findIndex((l) => (failed ? /^=+ FAILURES =+$/ : /^=+ SUMMARY =+$/).test(l));
  const shown = lines.slice(start < 0 ? Math.max(0, lines.length - 40) : start);
  // Schemathesis closes with a pytest-style banner ("==== 3 warnings in 58.70s ===="); log readers that look for a
  // test runner's summary take that line for a run of zero tests, so the banners are printed as plain headings.
  const plain = shown.map((l) => l.replace(/^=+ (.+?) =+$/, 'schemathesis: $1'));
  return (plain.length > 400 ? [...plain.slice(0, 400), `… (${plain.length - 400} more lines in ${path.relative(ROOT, logFile)})`] : plain).join('\n');
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fx-fuzz-'));
const wechat = await startWechatStandIn();
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const serverLog = path.join(reports, 'fuzz-server.log');
// Always the embedded engine on its own data folder, even where MONGODB_URI points at a shared server.
const { MONGODB_URI: _shared, ...inherited } = process.env;
const server = spawn(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', 'src/main.ts'], {
  cwd: path.join(ROOT, 'server'),
  stdio: ['ignore', fs.openSync(serverLog, 'w'), fs.openSync(serverLog, 'a')],
  env: {
    ...inherited,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: tmp,
    EMBEDDED_DB_PORT: '0',
    LOG_LEVEL: 'warn',
    FANGXIN_QUIET_BANNER: '1',
    STATIC_DIRS: 'false',
    JOBS_ENABLED: 'false',
    SEED_ON_EMPTY: 'true',
    SEED_HISTORY: '0',
    SMS_PROVIDER: 'console',
    WECHAT_APPID: 'wx-fuzz',
    WECHAT_SECRET: 'fuzz-secret',
    WECHAT_API_BASE: `http://127.0.0.1:${wechat.address().port}`,
    RATE_LOGIN_PER_IP_PER_MIN: '1000000',
    RATE_LOGIN_PER_USER_PER_MIN: '1000000',
    RATE_OTP_PER_PHONE_PER_HOUR: '1000000',
    RATE_OTP_PER_IP_PER_HOUR: '1000000',
    RATE_CARD_VERIFY_PER_IP_PER_MIN: '1000000',
  },
});

let exitCode;
const stopServer = async () => {
  if (server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  wechat.close();
  fs.rmSync(tmp, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void stopServer().then(() => process.exit(130)));

try {
  const started = Date.now();
  await waitReady(base, server);
  console.log(`fuzz-api: server ready at ${base} in ${Math.round((Date.now() - started) / 1000)} s (log: ${path.relative(ROOT, serverLog)})`);

  const admin = await post(base, '/api/v1/auth/staff/login', { username: 'admin', password: DEMO_PASSWORD });
  const engineer = await post(base, '/api/v1/auth/staff/login', { username: 'eng.xihu.1', password: DEMO_PASSWORD });
  const phone = '13800000001';
  const sent = await post(base, '/api/v1/auth/otp/send', { phone });
  if (!sent.devCode) throw new Error('POST /auth/otp/send returned no devCode (SMS_PROVIDER must be console)');
  const doc = await (await fetch(`${base}/api/openapi.json`)).json();
  // The agreement versions a customer sign-in must carry (shared domain/consent), as the document declares them.
  const consent = Object.fromEntries(Object.entries((doc.components.schemas.ConsentAccepted ?? doc.components.schemas.ConsentAcceptedInput).properties).map(([key, p]) => [key, p.const]));
  const customer = await post(base, '/api/v1/auth/otp/login', { phone, code: sent.devCode, consent });
  const configFile = path.join(tmp, 'schemathesis.toml');
  fs.writeFileSync(configFile, configToml(await knownRecords(base, admin, customer)));
  fs.copyFileSync(configFile, path.join(reports, 'fuzz-schemathesis.toml'));

  const ops = Object.values(doc.paths).flatMap((byMethod) => Object.values(byMethod));
  const mayCall = (role) => (op) => Array.isArray(op['x-fangxin-auth']) && op['x-fangxin-auth'].includes(role) && !op['x-fangxin-auth'].includes('platform_admin');
  const idsRegex = (list) => `^(${list.map((op) => op.operationId).join('|')})$`;
  const customerOps = ops.filter((op) => mayCall('customer')(op) || op['x-fangxin-auth'] === 'authenticated');
  const engineerOps = ops.filter(mayCall('engineer'));

  // The admin last: its run may suspend the engineer or disable the customer whose tokens the other runs use.
  const callers = [
    { who: 'customer', token: customer.accessToken, filter: ['--include-operation-id-regex', idsRegex(customerOps)], count: customerOps.length },
    { who: 'engineer', token: engineer.accessToken, filter: ['--include-operation-id-regex', idsRegex(engineerOps)], count: engineerOps.length },
    { who: 'admin', token: admin.accessToken, filter: [], count: ops.length },
  ];

  const before = await requestsAnswered(base);
  const results = [];
  for (const caller of callers) {
    const report = path.join(reports, `fuzz-${caller.who}.json`);
    const logFile = path.join(reports, `fuzz-${caller.who}.txt`);
    fs.rmSync(report, { force: true });
    const t0 = Date.now();
    console.log(`\nfuzz-api: ${caller.who}: ${caller.count} operations, at most ${MAX_EXAMPLES} examples each per phase, seed ${SEED}`);
    const code = await runSchemathesis(
      [
        '--config-file',
        configFile,
        'run',
        `${base}/api/openapi.json`,
        '--header',
        `Authorization: Bearer ${caller.token}`,
        '--checks',
        'all',
        '--exclude-checks',
        CHECKS_LEFT_OUT.join(','),
        '--max-examples',
        String(MAX_EXAMPLES),
        '--seed',
        String(SEED),
        '--workers',
        String(WORKERS),
        '--request-timeout',
        '20',
        '--generation-database',
        'none',
        '--no-color',
        '--report',
        'json',
        '--report-json-path',
        report,
        ...caller.filter,
      ],
      logFile,
    );
    if (!fs.existsSync(report)) {
      console.log(excerpt(logFile, false));
      throw new Error(`schemathesis (${caller.who}) exited ${code} without a report`);
    }
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    const failures = r.failures.reduce((n, f) => n + f.count, 0) + r.errors.length;
    results.push({ who: caller.who, tested: r.operations.tested, cases: r.test_cases.generated, failures, code, seconds: Math.round((Date.now() - t0) / 1000) });
    console.log(excerpt(logFile, failures > 0 || code !== 0));
    console.log(`fuzz-api: ${caller.who}: ${r.operations.tested} operations, ${r.test_cases.generated} test cases, ${failures} failures (${Math.round((Date.now() - t0) / 1000)} s)`);
  }
  const requests = (await requestsAnswered(base)) - before;

  const failures = results.reduce((n, r) => n + r.failures, 0);
  const failedRuns = results.filter((r) => r.code !== 0 || r.failures > 0).length;
  const tested = results.reduce((n, r) => n + r.tested, 0);
  console.log(
    `\nfuzz-api: ${tested} operations tested (${results.map((r) => `${r.who} ${r.tested}`).join(', ')}), ${requests} requests sent, ${failures} failures` +
      ` (seed ${SEED}, ${MAX_EXAMPLES} examples; checks: all but ${CHECKS_LEFT_OUT.join(', ')})`,
  );
  exitCode = failedRuns > 0 ? 1 : 0;
} catch (err) {
  console.error(`fuzz-api: ${err instanceof Error ? err.message : err}`);
  console.error(`fuzz-api: server log: ${path.relative(ROOT, serverLog)}`);
  exitCode = 1;
} finally {
  await stopServer();
}
process.exit(exitCode);
