import {
  SURVEY_ELEMENTS,
  SURVEY_REQUIRED_ELEMENT,
  SurveyTemplateInput,
  type SurveyElementKey,
  type SurveyTemplatePatch,
  type SurveyTemplateView,
} from '@fangxin/shared';
import type { FormRules } from 'element-plus';
import { i18n } from '@/locales';
import { zodRule } from '@/utils/zodRules';

export interface TemplateForm {
  code: string;
  name: string;
  /** Per element: asked or not, and its wording. The nine S7 elements keep their canonical order. */
  elements: Record<SurveyElementKey, { asked: boolean; label: string; labelEn: string }>;
  askRecommendation: boolean;
  recommendationQuestion: string;
  active: boolean;
}

export function emptyTemplateForm(): TemplateForm {
  return {
    code: '',
    name: '',
    elements: Object.fromEntries(SURVEY_ELEMENTS.map((e) => [e.key, { asked: true, label: e.label, labelEn: e.labelEn }])) as TemplateForm['elements'],
    askRecommendation: true,
    recommendationQuestion: '您有多大可能向亲友推荐我们的服务？',
    active: true,
  };
}

export function templateToForm(template: SurveyTemplateView): TemplateForm {
  const form = emptyTemplateForm();
  for (const e of SURVEY_ELEMENTS) form.elements[e.key].asked = false;
  for (const e of template.elements) form.elements[e.key] = { asked: true, label: e.label, labelEn: e.labelEn };
  return {
    ...form,
    code: template.code,
    name: template.name,
    askRecommendation: template.askRecommendation,
    recommendationQuestion: template.recommendationQuestion,
    active: template.active,
  };
}

export function formElements(form: TemplateForm) {
  return SURVEY_ELEMENTS.filter((e) => form.elements[e.key].asked).map((e) => ({
    key: e.key,
    label: form.elements[e.key].label.trim(),
    ...(form.elements[e.key].labelEn.trim() ? { labelEn: form.elements[e.key].labelEn.trim() } : {}),
  }));
}

export function formToTemplateInput(form: TemplateForm): SurveyTemplateInput {
  return {
    code: form.code.trim(),
    name: form.name.trim(),
    elements: formElements(form),
    askRecommendation: form.askRecommendation,
    recommendationQuestion: form.recommendationQuestion.trim(),
    active: form.active,
  };
}

/** A template already answered keeps its questions: only the name and the active flag can change (server rule). */
export function formToTemplatePatch(template: SurveyTemplateView, form: TemplateForm): SurveyTemplatePatch | null {
  const next = formToTemplateInput(form);
  const patch: Record<string, unknown> = {};
  if (next.name !== template.name) patch.name = next.name;
  if (next.active !== template.active) patch.active = next.active;
  if (!template.inUse) {
    const before = JSON.stringify(template.elements.map((e) => [e.key, e.label, e.labelEn]));
    const after = JSON.stringify(next.elements.map((e) => [e.key, e.label, e.labelEn ?? '']));
    if (before !== after) patch.elements = next.elements;
    if (next.askRecommendation !== template.askRecommendation) patch.askRecommendation = next.askRecommendation;
    if (next.recommendationQuestion !== template.recommendationQuestion) patch.recommendationQuestion = next.recommendationQuestion;
  }
  return Object.keys(patch).length ? (patch as SurveyTemplatePatch) : null;
}

export function templateRules(t: (key: string) => string, form: TemplateForm): FormRules<TemplateForm> {
  return {
    code: [zodRule(SurveyTemplateInput, 'code', t('surveys.templateCode'))],
    name: [zodRule(SurveyTemplateInput, 'name', t('surveys.templateName'))],
    recommendationQuestion: [
      {
        trigger: 'blur',
        validator: (rule, value, cb) =>
          form.askRecommendation ? zodRule(SurveyTemplateInput, 'recommendationQuestion', t('surveys.recommendationQuestion')).validator!(rule, value, cb, {}, {}) : cb(),
      },
    ],
    elements: [
      {
        trigger: 'change',
        validator: (_r, _v, cb) =>
          form.elements[SURVEY_REQUIRED_ELEMENT].asked ? cb() : cb(new Error(i18n.global.t('surveys.overallRequired'))),
      },
    ],
  };
}

export const SCORE_OPTIONS = [1, 2, 3, 4, 5] as const;
