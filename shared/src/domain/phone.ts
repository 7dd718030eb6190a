/**
 * Mainland China mobile numbers: 11 digits, 1 then 3-9. The one place for the rule; the `Phone` schema
 * (schemas/common) checks it on the server and in both apps, with the message below.
 */
export const MOBILE_PHONE = /^1[3-9]\d{9}$/;

/**
 * What is wrong with a typed phone number, in words a customer can act on, or null when it is a mobile number.
 * A wrong length and a number of the right length that is not a mobile number get different messages.
 */
export function phoneProblem(phone: string): string | null {
  const value = phone.trim();
  if (MOBILE_PHONE.test(value)) return null;
  if (!/^\d{11}$/.test(value)) return '请输入 11 位手机号';
  return '手机号应以 1 开头、第二位是 3 到 9，请检查是否输错';
}
