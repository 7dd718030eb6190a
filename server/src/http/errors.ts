import type { Context, Next } from 'koa';
import type { ErrorBody } from '@fangxin/shared';
import { AppError, isDatabaseDown } from '../core/errors';

/** Maps anything thrown to an AppError; unknown errors become internal_error (logged in full, shown without detail). */
export function toAppError(err: unknown): { error: AppError; unexpected: boolean } {
  if (err instanceof AppError) return { error: err, unexpected: false };
  const status = (err as { status?: number; statusCode?: number })?.status ?? (err as { statusCode?: number })?.statusCode;
  const type = (err as { type?: string })?.type;
  if (status === 413 || type === 'entity.too.large') return { error: new AppError('payload_too_large'), unexpected: false };
  // The JSON parser refuses `__proto__` keys outright (prototype poisoning); say which rule was broken.
  if (status === 400 && /forbidden prototype property/i.test(String((err as Error)?.message))) {
    return { error: new AppError('validation_failed', undefined, { fields: [{ path: 'body', message: '不允许的字段名 __proto__' }] }), unexpected: false };
  }
  if (type === 'entity.parse.failed' || (status === 400 && /JSON|parse/i.test(String((err as Error)?.message)))) {
    return { error: new AppError('malformed_json'), unexpected: false };
  }
  if (status === 415 || type === 'encoding.unsupported') return { error: new AppError('unsupported_media_type'), unexpected: false };
  // A router or library that throws http-errors for a method keeps its `Allow` header (RFC 9110 requires it on 405).
  if (status === 405 || status === 501) {
    const allow = (err as { headers?: Record<string, string> }).headers?.allow ?? (err as { headers?: Record<string, string> }).headers?.Allow;
    return { error: new AppError(status === 405 ? 'method_not_allowed' : 'not_implemented', undefined, allow ? { headers: { Allow: allow } } : {}), unexpected: false };
  }
  if (isDatabaseDown(err)) return { error: new AppError('service_unavailable', '数据库暂不可用，请稍后再试'), unexpected: true };
  return { error: new AppError('internal_error'), unexpected: true };
}

/** The one try/catch at the head of the stack: known errors keep their id and status, the rest become 500. */
export async function errorMiddleware(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) throw new AppError('route_not_found');
  } catch (err) {
    const { error, unexpected } = toAppError(err);
    if (unexpected) ctx.state.log?.error({ err, status: error.status, errorId: error.id }, 'request failed');
    else if (error.status >= 500) ctx.state.log?.warn({ errorId: error.id }, error.message);
    const body: ErrorBody = {
      error: {
        id: error.id,
        message: error.message,
        requestId: ctx.state.requestId ?? 'unknown',
        ...(error.extra.fields ? { fields: error.extra.fields } : {}),
        ...(error.extra.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.extra.retryAfterSeconds } : {}),
      },
    };
    ctx.status = error.status;
    ctx.body = body;
    if (error.extra.retryAfterSeconds !== undefined) ctx.set('Retry-After', String(error.extra.retryAfterSeconds));
    if (error.id === 'service_unavailable') ctx.set('Retry-After', '5');
    for (const [k, v] of Object.entries(error.extra.headers ?? {})) ctx.set(k, v);
  }
}
