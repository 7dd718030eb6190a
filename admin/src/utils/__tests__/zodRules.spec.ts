import { OtpLoginBody, StaffLoginBody } from '@fangxin/shared';
import type { FormItemRule } from 'element-plus';
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '@/locales';
import { zodFieldValidator, zodRule } from '@/utils/zodRules';

/** Runs a rule the way Element Plus (async-validator) does and returns the message, or null when valid. */
function run(rule: FormItemRule, value: unknown): string | null {
  let message: string | null = null;
  rule.validator!(rule, value, (error?: string | Error) => {
    message = error ? (error instanceof Error ? error.message : error) : null;
  }, {}, {});
  return message;
}

describe('zodRule: Element Plus rules from shared zod schemas', () => {
  afterEach(() => setLocale('zh-CN'));

  it('passes a value the shared schema accepts', () => {
    expect(run(zodRule(StaffLoginBody, 'username', '用户名'), 'manager.xihu')).toBeNull();
  });

  it('applies the schema transforms: whitespace-only is empty after trim, so the field is required', () => {
    expect(run(zodRule(StaffLoginBody, 'username', '用户名'), '   ')).toBe('请输入用户名');
  });

  it('words length limits from the shared LIMITS in the UI language', () => {
    const rule = zodRule(StaffLoginBody, 'username', '用户名');
    expect(run(rule, 'a'.repeat(33))).toBe('用户名最多 32 个字符');
    setLocale('en');
    expect(run(zodRule(StaffLoginBody, 'username', 'Username'), 'a'.repeat(33))).toBe('Username allows at most 32 characters');
    expect(run(zodRule(StaffLoginBody, 'password', 'Password'), '')).toBe('Please enter Password');
  });

  it("keeps the shared schema's own message for format rules", () => {
    expect(run(zodRule(OtpLoginBody, 'phone', '手机号'), '12345')).toBe('请输入 11 位手机号');
    expect(run(zodRule(OtpLoginBody, 'phone', '手机号'), '13800138000')).toBeNull();
  });

  it('defaults to blur and accepts another trigger', () => {
    expect(zodRule(StaffLoginBody, 'password', '密码').trigger).toBe('blur');
    expect(zodRule(StaffLoginBody, 'password', '密码', 'change').trigger).toBe('change');
  });

  it('zodFieldValidator reports the first issue, worded by the given describer', () => {
    const validator = zodFieldValidator(StaffLoginBody.shape.password, (issue) => `${issue.code}!`);
    let message = '';
    validator({}, '', (error?: string | Error) => (message = String(error instanceof Error ? error.message : error)), {}, {});
    expect(message).toBe('too_small!');
  });
});
