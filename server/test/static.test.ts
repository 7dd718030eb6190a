import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSpa } from '../src/http/static';

/**
 * Issue 18: the built apps are sent precompressed and cached by their hashed names. A real HTTP server over a built
 * app folder in a temp dir (the layout the admin's Vite and the miniapp's Taro builds write, with the .br/.gz copies
 * scripts/compress-dist.mjs adds next to each text file).
 */

const JS = `console.log(${JSON.stringify('放心服务 '.repeat(400))});\n`;
const HTML = '<!doctype html><html lang="zh-CN"><head><title>放心服务</title></head><body><div id="app">正在打开放心服务…</div></body></html>';
let root: string;
let server: http.Server;
let base: string;

function write(rel: string, content: string, compress = true) {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  if (compress) {
    fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(content, { level: 9 }));
  }
}

/** Raw HTTP (fetch would decode the body and drop Content-Encoding's evidence). */
function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(base + url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'fx-static-'));
  write('index.html', HTML);
  write('js/app.19ea34d0.js', JS); // Taro/webpack: name.<hex>.js
  write('assets/index-BrOdDFau.js', JS); // Vite: name-<base64url 8>.js
  write('css/app.19ea34d0bb6fb3cda37e.css', 'body{margin:0}'.repeat(50));
  write('js/plain.js', JS, false); // no compressed copies
  write('robots.txt', 'User-agent: *\n', false);
  const app = new Koa();
  app.use(serveSpa('/h5', root));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(root, { recursive: true, force: true });
});

describe('built apps: precompressed, cached by hashed name (issue 18)', () => {
  it('sends brotli when the browser accepts it, with the original type, exact length and Vary', async () => {
    const res = await get('/h5/js/app.19ea34d0.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBe(fs.statSync(path.join(root, 'js/app.19ea34d0.js.br')).size);
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(JS);
    expect(res.body.length).toBeLessThan(Buffer.byteLength(JS) / 5);
  });

  it('sends gzip when brotli is not accepted (or refused with q=0)', async () => {
    for (const accept of ['gzip, deflate', 'br;q=0, gzip']) {
      const res = await get('/h5/js/app.19ea34d0.js', { 'accept-encoding': accept });
      expect(res.headers['content-encoding'], accept).toBe('gzip');
      expect(Number(res.headers['content-length'])).toBe(res.body.length);
      expect(zlib.gunzipSync(res.body).toString()).toBe(JS);
    }
  });

  it('sends the file as built when the browser accepts no compression, or when no compressed copy exists', async () => {
    const none = await get('/h5/js/app.19ea34d0.js', { 'accept-encoding': 'identity' });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body.toString()).toBe(JS);
    expect(Number(none.headers['content-length'])).toBe(Buffer.byteLength(JS));
    expect(none.headers.vary).toMatch(/Accept-Encoding/i);
    const plain = await get('/h5/js/plain.js', { 'accept-encoding': 'br, gzip' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(JS);
  });

  it('ignores a compressed copy older than its file (a rebuild that skipped compression)', async () => {
    write('js/stale.abcdef12.js', JS);
    const later = new Date(Date.now() + 5000);
    fs.writeFileSync(path.join(root, 'js/stale.abcdef12.js'), 'console.log("new");\n');
    fs.utimesSync(path.join(root, 'js/stale.abcdef12.js'), later, later);
    const res = await get('/h5/js/stale.abcdef12.js', { 'accept-encoding': 'br, gzip' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString()).toBe('console.log("new");\n');
  });

  it('caches hashed file names (Vite and webpack styles) for a year as immutable, and revalidates index.html', async () => {
    for (const url of ['/h5/js/app.19ea34d0.js', '/h5/assets/index-BrOdDFau.js', '/h5/css/app.19ea34d0bb6fb3cda37e.css']) {
      expect((await get(url)).headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
    for (const url of ['/h5/', '/h5/index.html', '/h5/js/plain.js', '/h5/robots.txt']) {
      expect((await get(url)).headers['cache-control'], url).toBe('no-cache');
    }
    const index = await get('/h5/', { 'accept-encoding': 'br' });
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(index.body).toString()).toBe(HTML);
  });

  it('answers 304 to If-None-Match with the ETag of the same encoding, and 200 for another encoding', async () => {
    const first = await get('/h5/js/app.19ea34d0.js', { 'accept-encoding': 'br' });
    const etag = first.headers.etag!;
    expect(etag).toBeTruthy();
    const again = await get('/h5/js/app.19ea34d0.js', { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    const gzip = await get('/h5/js/app.19ea34d0.js', { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(gzip.status).toBe(200);
    expect(gzip.headers.etag).not.toBe(etag);
    const index = await get('/h5/', { 'accept-encoding': 'br' });
    expect((await get('/h5/', { 'accept-encoding': 'br', 'if-none-match': index.headers.etag! })).status).toBe(304);
  });

  it('answers HEAD with the headers only', async () => {
    const res = await get('/h5/js/app.19ea34d0.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(Number(res.headers['content-length'])).toBe(fs.statSync(path.join(root, 'js/app.19ea34d0.js.br')).size);
    expect(res.body.length).toBe(0);
  });

  it('serves the app for client-side routes, 404 for a missing file, and nothing outside the folder', async () => {
    const route = await get('/h5/pages/order/detail');
    expect(route.status).toBe(200);
    expect(route.headers['cache-control']).toBe('no-cache');
    expect(route.body.toString()).toBe(HTML);
    expect((await get('/h5/js/gone.12345678.js')).status).toBe(404);
    expect((await get('/h5/..%2f..%2fetc%2fpasswd')).status).toBe(404);
    expect((await get('/h5')).status).toBe(302);
  });
});
