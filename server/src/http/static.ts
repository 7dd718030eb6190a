import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Context, Next } from 'koa';

/**
 * File names that carry a content hash, so their content never changes: Vite's `name-BrOdDFau.js` (8 characters of
 * base64url) and Taro/webpack's `name.6eaee319.js` / `name.19ea34d0bb6fb3cda37e.css` (8 or more hex digits).
 */
const HASHED = /(?:-[A-Za-z0-9_-]{8}|\.[0-9a-f]{8,})\.[a-z0-9]+$/;

/** Text assets that the builds precompress (scripts/compress-dist.mjs) and that are therefore served per encoding. */
export const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|xml|map)$/;

const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The encodings a request accepts, by the Accept-Encoding header (a q=0 refuses one). */
function accepts(header: string | undefined): { br: boolean; gzip: boolean } {
  const offered = new Map<string, number>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    offered.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (offered.get(name) ?? offered.get('*') ?? 0) > 0;
  return { br: ok('br'), gzip: ok('gzip') };
}

async function statFile(file: string): Promise<fs.Stats | null> {
  try {
    const st = await fsp.stat(file);
    return st.isFile() ? st : null;
  } catch {
    return null;
  }
}

/**
 * The file to send for a request: the precompressed `.br` when the client accepts brotli, else `.gz` when it accepts
 * gzip, else the file itself. A compressed copy older than its source (a build that skipped compression) is ignored.
 */
async function pickVariant(file: string, stat: fs.Stats, acceptEncoding: string | undefined) {
  if (COMPRESSIBLE.test(file)) {
    const wanted = accepts(acceptEncoding);
    for (const [encoding, ext] of [['br', '.br'], ['gzip', '.gz']] as const) {
      if (!wanted[encoding]) continue;
      const st = await statFile(file + ext);
      if (st && st.mtimeMs >= stat.mtimeMs) return { file: file + ext, stat: st, encoding };
    }
  }
  return { file, stat, encoding: null };
}

/**
 * Serves a built single-page app under a prefix (the admin at /admin/, the miniapp H5 at /h5/), falling back to its
 * index.html for client-side routes (paths without a file extension).
 *
 * Issue 18, first load: every text asset is sent precompressed — brotli when the browser accepts it, else gzip, else
 * as built — with `Vary: Accept-Encoding`, the type of the original file, its exact length and an ETag per encoded
 * copy, answered with 304 when the browser already has it (If-None-Match). Hashed file names are cached for a year
 * as immutable; index.html and other unhashed files are revalidated on every use (`no-cache`).
 */
export function serveSpa(prefix: string, root: string) {
  const base = path.resolve(root);
  return async (ctx: Context, next: Next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === prefix) return ctx.redirect(`${prefix}/`);
    if (!ctx.path.startsWith(`${prefix}/`)) return next();
    const index = path.join(base, 'index.html');
    const indexStat = await statFile(index);
    if (!indexStat) {
      ctx.status = 503;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `${prefix} 尚未构建：请先运行 pnpm start（或 pnpm build）`;
      return;
    }
    let rel: string;
    try {
      rel = decodeURIComponent(ctx.path.slice(prefix.length + 1));
    } catch {
      ctx.throw(400, 'malformed path');
    }
    const file = path.resolve(base, rel || 'index.html');
    if (rel.includes('\0') || (file !== base && !file.startsWith(base + path.sep))) {
      ctx.status = 404;
      return;
    }
    let target = file;
    let stat = await statFile(file);
    if (!stat) {
      // A client-side route gets the app; a missing file (an old chunk after a deploy) is a plain 404.
      if (path.extname(rel) !== '') {
        ctx.status = 404;
        ctx.type = 'text/plain; charset=utf-8';
        ctx.body = '文件不存在';
        return;
      }
      target = index;
      stat = indexStat;
    }
    const variant = await pickVariant(target, stat, ctx.get('Accept-Encoding'));
    if (COMPRESSIBLE.test(target)) ctx.vary('Accept-Encoding');
    ctx.set('Cache-Control', target !== index && HASHED.test(path.basename(target)) ? IMMUTABLE : 'no-cache');
    ctx.set('Last-Modified', variant.stat.mtime.toUTCString());
    // One tag per encoded copy: a gzip copy never validates a cached brotli one.
    ctx.etag = `${variant.stat.size.toString(16)}-${Math.floor(variant.stat.mtimeMs).toString(16)}${variant.encoding ? `-${variant.encoding}` : ''}`;
    ctx.type = path.extname(target);
    if (variant.encoding) ctx.set('Content-Encoding', variant.encoding);
    ctx.status = 200;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    ctx.length = variant.stat.size;
    if (ctx.method === 'HEAD') return;
    ctx.body = fs.createReadStream(variant.file);
  };
}

export const LANDING_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>放心服务</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;max-width:640px;margin:48px auto;padding:0 16px;color:#1f2329}
a{display:block;padding:14px 16px;margin:10px 0;border:1px solid #dde1e6;border-radius:10px;color:#0a59f7;text-decoration:none;font-size:18px}
small{color:#646a73;display:block;font-size:14px;margin-top:4px}</style></head>
<body><h1>放心服务 Fangxin Service</h1><p>家电售后服务平台：工程师可验证、收费透明、时限可追踪。</p>
<a href="/h5/">客户端 · 工程师模式（H5）<small>Customer app and engineer mode</small></a>
<a href="/admin/">管理后台<small>Admin dashboard for outlet managers and platform admins</small></a>
<a href="/api/docs">API 文档<small>OpenAPI 3.1, interactive</small></a>
</body></html>`;
