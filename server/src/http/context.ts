import crypto from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from '../logger';

const INCOMING_ID = /^[\w.-]{8,64}$/;

/** Gives every request an id (kept from X-Request-Id when sane), a child logger carrying it, and one access log line. */
export function requestContext(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = INCOMING_ID.test(incoming) ? incoming : crypto.randomUUID();
    ctx.state.requestId = requestId;
    // The child logger is made when something logs (errors): most requests write only the access line below.
    let log: Logger | undefined;
    Object.defineProperty(ctx.state, 'log', { get: () => (log ??= logger.child({ requestId })), enumerable: true });
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      if (logger.isLevelEnabled('info')) {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        (log ?? logger).info(
          { ...(log ? {} : { requestId }), method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(ms * 10) / 10, userId: ctx.state.user?.id },
          'request',
        );
      }
    }
  };
}

/** Standard security headers for an API that also serves two single-page apps and a docs viewer. */
export function securityHeaders() {
  return async (ctx: Context, next: Next) => {
    await next();
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('Cross-Origin-Opener-Policy', 'same-origin');
    ctx.set('Cross-Origin-Resource-Policy', 'same-origin');
    // The app's own pages may ask for the camera (scanning a work card) and the location (the engineer's nobody-home
    // record at the door); nothing embedded may, and nobody may use the microphone.
    ctx.set('Permissions-Policy', 'geolocation=(self), microphone=(), camera=(self)');
    // API answers are not cached, unless a successful one says otherwise (an image behind a signed link).
    if (ctx.path.startsWith('/api/') && (ctx.status >= 400 || !ctx.response.get('Cache-Control'))) ctx.set('Cache-Control', 'no-store');
    if (!ctx.response.get('Content-Security-Policy')) {
      ctx.set(
        'Content-Security-Policy',
        "default-src 'self'; img-src 'self' data: blob:; font-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
      );
    }
    if (ctx.secure) ctx.set('Strict-Transport-Security', 'max-age=15552000; includeSubDomains');
  };
}
