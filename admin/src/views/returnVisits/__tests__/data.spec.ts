import { ReturnVisitOutcomeBody } from '@fangxin/shared';
import type { FormItemRule } from 'element-plus';
import { describe, expect, it } from 'vitest';
import { outcomeBody, outcomeRules, viewQuery, type OutcomeForm } from '../data';

function run(rule: FormItemRule, value: unknown): string | null {
  let message: string | null = null;
  rule.validator!(rule, value, (e?: string | Error) => (message = e ? (e instanceof Error ? e.message : e) : null), {}, {});
  return message;
}
const LABELS: Record<string, string> = { 'returnVisits.notes': '回访记录' };
const t = (key: string) => LABELS[key] ?? key;

describe('returnVisits/data', () => {
  it('maps the three task views to the server filters', () => {
    expect(viewQuery('mine')).toEqual({ mine: 'true', status: 'open' });
    expect(viewQuery('overdue')).toEqual({ overdue: 'true' });
    expect(viewQuery('all')).toEqual({});
  });

  it('sends satisfaction only when the customer was reached, in a body the shared schema accepts', () => {
    const reached: OutcomeForm = { reached: true, satisfied: false, notes: ' 客户对收费仍有疑问 ' };
    expect(outcomeBody(reached)).toEqual({ reached: true, satisfied: false, notes: '客户对收费仍有疑问' });
    expect(ReturnVisitOutcomeBody.safeParse(outcomeBody(reached)).success).toBe(true);
    const missed: OutcomeForm = { reached: false, satisfied: true, notes: '电话无人接听' };
    expect(outcomeBody(missed)).toEqual({ reached: false, notes: '电话无人接听' });
    expect(ReturnVisitOutcomeBody.safeParse(outcomeBody(missed)).success).toBe(true);
  });

  it('asks whether the customer was satisfied exactly when they were reached', () => {
    const form: OutcomeForm = { reached: true, satisfied: undefined, notes: '' };
    const rules = outcomeRules(t, form);
    expect(run((rules.satisfied as FormItemRule[])[0]!, undefined)).toMatch(/请选择/);
    form.reached = false;
    expect(run((rules.satisfied as FormItemRule[])[0]!, undefined)).toBeNull();
    expect(run((rules.reached as FormItemRule[])[0]!, undefined)).toMatch(/请选择/);
    expect(run((rules.notes as FormItemRule[])[0]!, '')).toBe('回访记录至少 2 个字符');
    expect(run((rules.notes as FormItemRule[])[0]!, '客户已满意')).toBeNull();
  });
});
