/**
 * S4: the customer's service code, which the engineer enters (or scans) to check in. A short number a person can
 * read out and type: SERVICE_CODE_DIGITS digits, order-bound, single use, valid SERVICE_CODE_TTL_MINUTES, and dead
 * after SERVICE_CODE_MAX_ATTEMPTS wrong tries on its order. The server generates it with a CSPRNG and stores only a
 * salted hash; these are the rules and the words both apps and the server share.
 */
export const SERVICE_CODE_DIGITS = 6;
export const SERVICE_CODE_TTL_MINUTES = 10;
export const SERVICE_CODE_MAX_ATTEMPTS = 5;
/** What the QR code beside the number holds: `FXSC:<orderNo>:<code>`. */
export const SERVICE_CODE_QR_PREFIX = 'FXSC';

export const SERVICE_CODE_TEXT = {
  format: `格式不对（请输入 ${SERVICE_CODE_DIGITS} 位数字）`,
  otherOrder: '这是另一张订单的服务码，请让本单客户出示',
  none: '客户还没有出示服务码，请让客户在订单页点“出示服务码”',
  expired: '服务码已过期，请让客户重新出示',
  used: '服务码已使用过，请让客户重新出示',
  tooMany: '尝试次数过多，此服务码已失效，请让客户重新出示',
  wrong: (left: number) => `服务码不正确（还可尝试 ${left} 次）`,
} as const;

export type ServiceCodeInput = { ok: true; code: string; orderNo: string | null } | { ok: false; reason: 'format' };

/**
 * What the engineer typed or scanned: the bare code (spaces, dashes and full-width digits allowed) or the QR text
 * `FXSC:<orderNo>:<code>`. Anything else is a format error.
 */
export function readServiceCode(input: string): ServiceCodeInput {
  // NFKC turns full-width digits and colons (０-９，：) into ASCII; spaces and dashes people type are dropped.
  const text = input.normalize('NFKC').trim();
  const qr = /^FXSC:([^:\s]+):(\d+)$/i.exec(text);
  const [orderNo, raw] = qr ? [qr[1]!, qr[2]!] : [null, text.replace(/[\s\-_.·]/g, '')];
  if (!new RegExp(`^\\d{${SERVICE_CODE_DIGITS}}$`).test(raw)) return { ok: false, reason: 'format' };
  return { ok: true, code: raw, orderNo };
}

/** The QR text for an order's code. */
export const serviceCodeQrText = (orderNo: string, code: string): string => `${SERVICE_CODE_QR_PREFIX}:${orderNo}:${code}`;

/** 123 456: how the code is shown, in two groups of three for reading out. */
export const groupServiceCode = (code: string): string => code.replace(/^(\d{3})(\d{3})$/, '$1 $2');
