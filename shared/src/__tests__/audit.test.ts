import { describe, expect, it } from 'vitest';
import { allEndpoints } from '../contract/index';
import { AUDIT_ACTION_TEXT, auditActionWords, auditEndpoint, auditSentence, ENDPOINT_ACTION_TEXT } from '../domain/audit';

const STAFF = ['engineer', 'outlet_manager', 'platform_admin'];

describe('audit entries in words', () => {
  it('has words for every endpoint staff may write (each is logged under its route), and only for real endpoints', () => {
    const names = new Set(allEndpoints().map((e) => e.name));
    const staffWrites = allEndpoints().filter(
      ({ endpoint: e }) => e.method !== 'get' && (e.auth === 'authenticated' || e.auth === 'optional' || (Array.isArray(e.auth) && e.auth.some((r) => STAFF.includes(r)))),
    );
    for (const { name } of staffWrites) expect(ENDPOINT_ACTION_TEXT[name], name).toBeDefined();
    for (const name of Object.keys(ENDPOINT_ACTION_TEXT)) expect(names.has(name), name).toBe(true);
  });

  it('words are Chinese and English, never keys', () => {
    for (const [key, words] of [...Object.entries(AUDIT_ACTION_TEXT), ...Object.entries(ENDPOINT_ACTION_TEXT)]) {
      expect(words.zh, key).toMatch(/[\u4e00-\u9fa5]/);
      expect(words.en, key).toMatch(/^[a-z]/);
      expect(`${words.zh} ${words.en}`, key).not.toMatch(/[a-z]+_[a-z]+|\/|api\./);
    }
  });

  it('finds the endpoint of a generic entry from the route the server logged', () => {
    expect(auditEndpoint('api.post /api/v1/orders/:id/dispatch')?.name).toBe('orders.dispatch');
    expect(auditEndpoint('api.post /api/v1/orders/:id/check-in')?.name).toBe('orders.checkIn');
    expect(auditEndpoint('api.post /api/v1/nowhere')).toBeNull();
    expect(auditActionWords('api.post /api/v1/nowhere')).toEqual({ zh: '进行了操作', en: 'made a change' });
    expect(auditActionWords('something.new')).toEqual({ zh: '进行了操作', en: 'made a change' });
  });

  it('says who did what to which object, and what came of it', () => {
    const entry = { action: 'api.post /api/v1/orders/:id/dispatch', actorName: '林经理', object: { kind: 'order', label: 'FX20261207-00012' }, detail: { zh: '工程师：张三', en: 'Engineer: 张三' } };
    expect(auditSentence(entry, 'zh')).toBe('林经理 派单：订单 FX20261207-00012，工程师：张三');
    expect(auditSentence(entry, 'en')).toBe('林经理 dispatched an order: order FX20261207-00012; Engineer: 张三');
    expect(auditSentence({ action: 'complaint.resolve', actorName: null, object: { kind: 'complaint', label: 'FX1' }, detail: null }, 'zh')).toBe('系统 提交投诉处理结果：投诉（订单 FX1）');
    expect(auditSentence({ action: 'export.orders_csv', actorName: '王', object: { kind: 'all_outlets', label: '' }, detail: null }, 'en')).toBe('王 exported orders: all outlets');
  });
});
