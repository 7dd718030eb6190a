import { describe, expect, it } from 'vitest';
import { ERRORS, ERROR_IDS, isErrorId } from '../errors';
import { maskName, maskPhone } from '../mask';
import { OtpLoginBody, StaffLoginBody } from '../schemas/auth';
import { Phone } from '../schemas/common';
import { APPLIANCE_CATEGORIES, SERVICE_TYPES, categoryName } from '../domain/catalog';
import { currentConsent } from '../domain/consent';
import { isOutletScoped } from '../roles';

describe('error vocabulary', () => {
  it('gives every id a 4xx/5xx status and a Chinese message', () => {
    for (const id of ERROR_IDS) {
      expect(ERRORS[id].status).toBeGreaterThanOrEqual(400);
      expect(ERRORS[id].status).toBeLessThan(600);
      expect(ERRORS[id].message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(isErrorId('made_up_error')).toBe(false);
    expect(isErrorId('validation_failed')).toBe(true);
    expect(isErrorId('toString')).toBe(false);
  });
});

describe('masking', () => {
  it('masks phone numbers as 138****1234', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('123')).toBe('***');
  });
  it('keeps only the family name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
  });
});

describe('schemas', () => {
  it('accepts mainland mobile numbers only', () => {
    expect(Phone.safeParse('13800138000').success).toBe(true);
    expect(Phone.safeParse(' 13800138000 ').success).toBe(true);
    for (const bad of ['12800138000', '1380013800', '138001380001', '+8613800138000', 13800138000]) {
      expect(Phone.safeParse(bad).success).toBe(false);
    }
  });
  it('requires a 6-digit code and a username and password', () => {
    const consent = currentConsent();
    expect(OtpLoginBody.safeParse({ phone: '13800138000', code: '12345', consent }).success).toBe(false);
    expect(OtpLoginBody.safeParse({ phone: '13800138000', code: '123456', consent }).success).toBe(true);
    // Without the customer's agreement to the current documents, a sign-in is not well-formed (PIPL).
    expect(OtpLoginBody.safeParse({ phone: '13800138000', code: '123456' }).error?.issues[0]?.path).toEqual(['consent']);
    const staff = StaffLoginBody.safeParse({ username: ' ', password: '' });
    expect(staff.success).toBe(false);
    expect(staff.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['password', 'username']);
  });
});

describe('catalogue vocabulary', () => {
  it('has the nine appliance categories and five service types with unique codes', () => {
    expect(APPLIANCE_CATEGORIES).toHaveLength(9);
    expect(SERVICE_TYPES).toHaveLength(5);
    expect(new Set(APPLIANCE_CATEGORIES.map((c) => c.code)).size).toBe(9);
    expect(categoryName('air_conditioner')).toBe('空调');
    expect(categoryName('unknown')).toBe('unknown');
  });
  it('scopes engineers and managers to an outlet, not customers or platform admins', () => {
    expect(isOutletScoped('engineer')).toBe(true);
    expect(isOutletScoped('outlet_manager')).toBe(true);
    expect(isOutletScoped('platform_admin')).toBe(false);
    expect(isOutletScoped('customer')).toBe(false);
  });
});

describe('isOneOf', () => {
  it('narrows a value to a code list, refusing anything else', async () => {
    const { isOneOf, ACTIVE_STATUSES } = await import('../index');
    expect(isOneOf(ACTIVE_STATUSES, 'on_the_way')).toBe(true);
    expect(isOneOf(ACTIVE_STATUSES, 'closed')).toBe(false);
    expect(isOneOf(ACTIVE_STATUSES, undefined)).toBe(false);
    expect(isOneOf(ACTIVE_STATUSES, 1)).toBe(false);
  });
});
