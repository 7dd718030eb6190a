#!/usr/bin/env node
/**
 * `node scripts/measure-web.mjs [--url http://127.0.0.1:3000]`: the first-load figures of issue 18, printed.
 *
 * 1. Bytes a first visit downloads for /h5/ (home and an order page) and /admin/ (sign-in page): every script,
 *    stylesheet and document Chromium requests until the network is idle, each fetched again three times with
 *    Accept-Encoding identity, gzip and br, and the answers' Content-Length summed (raw vs gzip vs brotli).
 * 2. The H5 order page on a slow link (CDP Network.emulateNetworkConditions: 400 kbit/s both ways, 400 ms latency,
 *    cache disabled): `first-contentful-paint` from the Performance API, and when the app's page appeared.
 *
 * Without --url it starts the real server the way the browser journeys do (e2e/server.mjs on E2E_PORT, default
 * 3225, fresh database with the demo data) and stops it afterwards. Needs the built apps (pnpm start or the build
 * scripts) and Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium). Prints figures; never fails on timing.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argUrl = process.argv.indexOf('--url');
const port = process.env.E2E_PORT ?? '3225';
let base = argUrl > 0 ? process.argv[argUrl + 1] : process.env.BASE_URL;
const SLOW = { offline: false, latency: 400, downloadThroughput: (400 * 1000) / 8, uploadThroughput: (400 * 1000) / 8 };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(10);

async function startServer() {
  const child = spawn(process.execPath, ['e2e/server.mjs'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, E2E_PORT: port }, detached: true });
  base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return child;
    } catch {
      // not yet
    }
    await sleep(500);
  }
  throw new Error('the server did not become ready');
}

/** Size of the answer to GET url with this Accept-Encoding (Content-Length, else the bytes received). */
function sizeWith(url, encoding) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      let n = 0;
      res.on('data', (c) => (n += c.length));
      res.on('end', () => resolve({ bytes: Number(res.headers['content-length'] ?? n), encoding: res.headers['content-encoding'] ?? 'identity' }));
    });
    req.on('error', reject);
  });
}

async function api(method, url, body, token) {
  const res = await fetch(base + url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status}`);
  return res.json();
}

/** The agreement versions a sign-in must carry (shared domain/consent), as the server's OpenAPI document declares them. */
async function currentConsent() {
  const doc = await api('GET', '/api/openapi.json');
  return Object.fromEntries(Object.entries((doc.components.schemas.ConsentAccepted ?? doc.components.schemas.ConsentAcceptedInput).properties).map(([doc, p]) => [doc, p.const]));
}

/** The demo customer's session (one-time code from the development SMS channel) and one of her orders. */
async function demoCustomer() {
  const phone = '13800000001';
  const sent = await api('POST', '/api/v1/auth/otp/send', { phone });
  const auth = await api('POST', '/api/v1/auth/otp/login', { phone, code: sent.devCode, consent: await currentConsent() });
  const orders = await api('GET', '/api/v1/orders/mine?page=1&pageSize=5', undefined, auth.accessToken).catch(() => ({ items: [] }));
  return { auth, orderId: orders.items?.[0]?.id ?? null };
}

/** What a first visit downloads: the requests Chromium makes until idle, measured in each encoding. */
async function firstLoad(browser, url, setup) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  if (setup) await context.addInitScript(setup.script, setup.arg);
  const page = await context.newPage();
  const urls = new Map();
  page.on('request', (r) => {
    if (['script', 'stylesheet', 'document'].includes(r.resourceType()) && r.url().startsWith(base)) urls.set(r.url(), r.resourceType());
  });
  await page.goto(base + url, { waitUntil: 'networkidle' });
  await context.close();
  const totals = { script: { raw: 0, gzip: 0, br: 0, n: 0 }, stylesheet: { raw: 0, gzip: 0, br: 0, n: 0 }, document: { raw: 0, gzip: 0, br: 0, n: 0 } };
  for (const [u, type] of urls) {
    const [raw, gzip, br] = await Promise.all([sizeWith(u, 'identity'), sizeWith(u, 'gzip'), sizeWith(u, 'gzip, deflate, br')]);
    const t = totals[type];
    t.n++;
    t.raw += raw.bytes;
    t.gzip += gzip.bytes;
    t.br += br.bytes;
  }
  return totals;
}

async function slowFirstPaint(browser, url, setup) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  if (setup) await context.addInitScript(setup.script, setup.arg);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW);
  const started = Date.now();
  await page.goto(base + url, { waitUntil: 'commit', timeout: 120_000 });
  const fcp = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const done = (entries) => {
          const e = entries.find((x) => x.name === 'first-contentful-paint');
          if (e) resolve(e.startTime);
        };
        new PerformanceObserver((list) => done(list.getEntries())).observe({ type: 'paint', buffered: true });
      }),
  );
  // Still the splash from the HTML, or already the app (page.evaluate runs in the browser).
  const painted = await page.locator('.fx-splash').isVisible().then((splash) => (splash ? 'splash' : 'app')).catch(() => 'app');
  await page.waitForSelector('#app .taro_page', { timeout: 120_000 });
  const appAt = await page.evaluate(() => performance.now());
  await context.close();
  return { fcp, painted, appAt, wall: Date.now() - started };
}

function printLoad(label, t) {
  const all = ['script', 'stylesheet', 'document'].reduce((s, k) => ({ raw: s.raw + t[k].raw, gzip: s.gzip + t[k].gzip, br: s.br + t[k].br }), { raw: 0, gzip: 0, br: 0 });
  console.log(`\n${label}`);
  console.log(`  ${''.padEnd(22)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}`);
  for (const [k, name] of [['script', 'JavaScript'], ['stylesheet', 'CSS'], ['document', 'HTML']]) {
    console.log(`  ${`${name} (${t[k].n} files)`.padEnd(22)}${kb(t[k].raw)}${kb(t[k].gzip)}${kb(t[k].br)}`);
  }
  console.log(`  ${'total'.padEnd(22)}${kb(all.raw)}${kb(all.gzip)}${kb(all.br)}`);
}

let server = null;
let browser = null;
try {
  if (!base) server = await startServer();
  console.log(`measure-web against ${base}, Chromium ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'}`);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic'] });
  const { auth, orderId } = await demoCustomer();
  // Signed in the way the app keeps it (Taro's H5 storage wraps each value as {"data": …}).
  const signedIn = {
    script: (session) => localStorage.setItem('fangxin.session', JSON.stringify({ data: session })),
    arg: JSON.stringify({ accessToken: auth.accessToken, refreshToken: auth.refreshToken, refreshTokenExpiresAt: auth.refreshTokenExpiresAt, user: auth.user }),
  };
  const orderPage = `/h5/#/pages/order/index?id=${orderId ?? ''}`;

  printLoad('/h5/ first load (home, signed in)', await firstLoad(browser, '/h5/', signedIn));
  printLoad(`/h5/ order page first load (${orderPage})`, await firstLoad(browser, orderPage, signedIn));
  printLoad('/admin/ first load (sign-in page)', await firstLoad(browser, '/admin/'));

  const slow = await slowFirstPaint(browser, orderPage, signedIn);
  console.log(`\nH5 order page on a slow link (400 kbit/s, 400 ms latency, no cache):`);
  console.log(`  first-contentful-paint  ${(slow.fcp / 1000).toFixed(2)} s (what it painted: ${slow.painted === 'splash' ? 'the splash in the HTML' : 'the app'})`);
  console.log(`  the app's page shown    ${(slow.appAt / 1000).toFixed(2)} s`);
} finally {
  await browser?.close();
  if (server) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
