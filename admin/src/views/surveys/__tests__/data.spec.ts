import { SurveyTemplateInput, type SurveyTemplateView } from '@fangxin/shared';
import { describe, expect, it } from 'vitest';
import { emptyTemplateForm, formToTemplateInput, formToTemplatePatch, templateToForm } from '../data';

const template: SurveyTemplateView = {
  id: '65f0000000000000000000c1',
  code: 'standard',
  name: '标准评价',
  elements: [
    { key: 'punctuality', label: '准时上门', labelEn: 'Punctuality' },
    { key: 'overall', label: '总体满意度', labelEn: 'Overall satisfaction' },
  ],
  scale: { min: 1, max: 5 },
  problemSolvedQuestion: '问题解决了吗？',
  askRecommendation: true,
  recommendationQuestion: '您有多大可能向亲友推荐我们的服务？',
  commentMax: 500,
  active: true,
  isDefault: true,
  inUse: true,
  createdAt: '2026-11-24T00:00:00Z',
  updatedAt: '2026-11-24T00:00:00Z',
};

describe('surveys/data', () => {
  it('starts a new template with all nine elements, in a body the shared schema accepts', () => {
    const form = emptyTemplateForm();
    form.code = 'short-2026';
    form.name = '简版评价';
    const input = formToTemplateInput(form);
    expect(input.elements).toHaveLength(9);
    expect(SurveyTemplateInput.safeParse(input).success).toBe(true);
  });

  it('keeps only the elements asked, in the canonical order', () => {
    const form = templateToForm(template);
    expect(formToTemplateInput(form).elements.map((e) => e.key)).toEqual(['punctuality', 'overall']);
  });

  it('never sends question changes for a template already answered', () => {
    const form = templateToForm(template);
    form.elements.courtesy.asked = true;
    form.name = '标准评价 v2';
    expect(formToTemplatePatch(template, form)).toEqual({ name: '标准评价 v2' });
    expect(formToTemplatePatch({ ...template, inUse: false }, form)).toMatchObject({ name: '标准评价 v2', elements: expect.any(Array) });
    expect(formToTemplatePatch(template, templateToForm(template))).toBeNull();
  });
});
