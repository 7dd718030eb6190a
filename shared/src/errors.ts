/**
 * The one error vocabulary of the platform. The server maps each id to its HTTP status here and nowhere else;
 * the apps branch on `error.id`, never on message text. Messages are zh-CN defaults for people.
 */
export const ERRORS = {
  validation_failed: { status: 400, message: '请求参数有误' },
  malformed_json: { status: 400, message: '请求体不是合法的 JSON' },
  unauthenticated: { status: 401, message: '请先登录' },
  token_expired: { status: 401, message: '登录已过期，请重新登录' },
  invalid_credentials: { status: 401, message: '用户名或密码错误' },
  invalid_code: { status: 401, message: '验证码错误或已过期' },
  refresh_token_invalid: { status: 401, message: '登录凭证无效，请重新登录' },
  refresh_token_reused: { status: 401, message: '登录凭证已被使用，为安全起见已注销该设备的全部会话' },
  wechat_login_failed: { status: 401, message: '微信登录失败，请重试' },
  forbidden: { status: 403, message: '没有权限执行此操作' },
  account_disabled: { status: 403, message: '账号已停用' },
  account_locked: { status: 423, message: '登录失败次数过多，账号已临时锁定' },
  not_found: { status: 404, message: '资源不存在' },
  route_not_found: { status: 404, message: '接口不存在' },
  method_not_allowed: { status: 405, message: '不支持的请求方法' },
  conflict: { status: 409, message: '数据冲突' },
  payload_too_large: { status: 413, message: '请求体过大' },
  unsupported_media_type: { status: 415, message: '不支持的内容类型' },
  too_many_requests: { status: 429, message: '请求过于频繁，请稍后再试' },
  code_attempts_exceeded: { status: 429, message: '验证码尝试次数过多，请重新获取' },
  service_unavailable: { status: 503, message: '服务暂不可用，请稍后再试' },
  upstream_unavailable: { status: 502, message: '外部服务暂不可用，请稍后再试' },
  internal_error: { status: 500, message: '服务器内部错误' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorId = keyof typeof ERRORS;

export const ERROR_IDS = Object.keys(ERRORS) as ErrorId[];

export function isErrorId(value: unknown): value is ErrorId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERRORS, value);
}

/** One field problem, `path` in dotted form (`address.districtCode`, `items.0.quantity`). */
export interface FieldError {
  path: string;
  message: string;
}

/** The body of every error response. */
export interface ErrorBody {
  error: {
    id: ErrorId;
    message: string;
    requestId: string;
    fields?: FieldError[];
    retryAfterSeconds?: number;
  };
}
