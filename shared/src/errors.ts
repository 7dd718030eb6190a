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
  link_expired: { status: 410, message: '链接已过期，请刷新页面后重试' },
  route_not_found: { status: 404, message: '接口不存在' },
  method_not_allowed: { status: 405, message: '不支持的请求方法' },
  conflict: { status: 409, message: '数据冲突' },
  illegal_transition: { status: 409, message: '当前订单状态不允许此操作' },
  already_taken: { status: 409, message: '该订单已被其他工程师接走' },
  slot_full: { status: 409, message: '该时段已约满，请选择其他时段' },
  slot_unavailable: { status: 409, message: '该时段不可预约' },
  too_late_to_change: { status: 409, message: '距预约时段不足规定时间，请联系网点处理' },
  idempotency_conflict: { status: 409, message: '同一请求标识对应的内容不一致' },
  outside_coverage: { status: 422, message: '该地址暂无服务网点覆盖' },
  engineer_not_eligible: { status: 409, message: '该工程师不符合此订单的派单条件' },
  quote_not_confirmed: { status: 409, message: '报价尚未经客户确认，不能开始服务' },
  card_check_failed: { status: 409, message: '最近一次核验工作证未通过，请重新核验后再确认报价' },
  bill_exceeds_quote: { status: 409, message: '结算金额超过客户已确认的报价，需重新报价并确认' },
  parts_mismatch: { status: 409, message: '报告中的配件与已确认报价不一致' },
  payment_mismatch: { status: 409, message: '收款金额与已确认报价不一致' },
  report_required: { status: 409, message: '请先提交服务报告并完成收款' },
  online_payment_unavailable: { status: 409, message: '暂不能在线支付，请向工程师当面付款' },
  refund_exceeds_paid: { status: 409, message: '退款金额超过这笔付款还可退的金额' },
  signature_invalid: { status: 401, message: '签名验证失败' },
  service_code_invalid: { status: 409, message: '服务码无效、已过期或不属于此订单' },
  catalog_item_not_found: { status: 422, message: '价目表中没有该项目' },
  surcharge_not_allowed: { status: 422, message: '该收费项目不符合价目表写明的收费条件' },
  catalog_version_conflict: { status: 409, message: '价目表已被他人修改，请刷新后重试' },
  card_invalid: { status: 409, message: '工作证无效' },
  survey_not_available: { status: 409, message: '该订单当前不能评价' },
  survey_already_submitted: { status: 409, message: '该订单已评价' },
  survey_window_closed: { status: 409, message: '评价已超过期限' },
  outside_warranty: { status: 409, message: '已超出保修期，无法申请免费二次上门' },
  rework_exists: { status: 409, message: '该订单已有进行中的二次上门' },
  complaint_reopen_limit: { status: 409, message: '投诉只能重新打开一次' },
  file_too_large: { status: 413, message: '文件过大' },
  unsupported_file_type: { status: 415, message: '仅支持 JPEG、PNG 或 WebP 图片' },
  payload_too_large: { status: 413, message: '请求体过大' },
  unsupported_media_type: { status: 415, message: '不支持的内容类型' },
  too_many_requests: { status: 429, message: '请求过于频繁，请稍后再试' },
  code_attempts_exceeded: { status: 429, message: '验证码尝试次数过多，请重新获取' },
  service_unavailable: { status: 503, message: '服务暂不可用，请稍后再试' },
  upstream_unavailable: { status: 502, message: '外部服务暂不可用，请稍后再试' },
  internal_error: { status: 500, message: '服务器内部错误' },
  not_implemented: { status: 501, message: '服务器不支持该请求方法' },
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
