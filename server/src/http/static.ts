import fs from 'node:fs';
import path from 'node:path';
import type { Context, Next } from 'koa';
import send from 'koa-send';

/**
 * Serves a built single-page app under a prefix (the admin at /admin/, the miniapp H5 at /h5/), falling back to its
 * index.html for client-side routes. Hashed assets are cached for a year; index.html is always revalidated.
 */
export function serveSpa(prefix: string, root: string) {
  return async (ctx: Context, next: Next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === prefix) return ctx.redirect(`${prefix}/`);
    if (!ctx.path.startsWith(`${prefix}/`)) return next();
    if (!fs.existsSync(path.join(root, 'index.html'))) {
      ctx.status = 503;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `${prefix} 尚未构建：请先运行 pnpm start（或 pnpm build）`;
      return;
    }
    const rel = decodeURIComponent(ctx.path.slice(prefix.length + 1)) || 'index.html';
    const file = path.join(root, rel);
    const isAsset = rel !== 'index.html' && fs.existsSync(file) && fs.statSync(file).isFile();
    // Taro's H5 build loads chunks with eval-free JS but sets inline styles; same policy as the API otherwise.
    ctx.set('Cache-Control', isAsset && /\.[0-9a-f]{8,}\./.test(rel) ? 'public, max-age=31536000, immutable' : 'no-cache');
    await send(ctx, isAsset ? rel : 'index.html', { root });
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
