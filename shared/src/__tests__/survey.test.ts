import { describe, expect, it } from 'vitest';
import { SURVEY_ELEMENTS, SURVEY_ELEMENT_KEYS, describeLowReason, surveyAvailability, surveyLowResult } from '../domain/survey';
import { SubmitSurveyBody, SurveyTemplateInput } from '../schemas/survey';
import { ReturnVisitOutcomeBody } from '../schemas/returnVisit';

const all = (score: number) => Object.fromEntries(SURVEY_ELEMENT_KEYS.map((k) => [k, score]));

describe('the nine S7 elements', () => {
  it('have stable keys and Chinese labels, overall last', () => {
    expect(SURVEY_ELEMENTS.map((e) => `${e.key}:${e.label}`)).toEqual([
      'punctuality:准时上门',
      'appearance:仪容仪表与工作证',
      'explanation:服务前介绍说明',
      'transparent_charges:收费透明无额外索要',
      'diagnosis:专业诊断',
      'problem_solved:问题解决',
      'clean_site:现场清洁',
      'courtesy:礼貌礼仪',
      'overall:总体满意度',
    ]);
  });
});

describe('surveyLowResult', () => {
  it('is not low when every element is above 2, overall above 3 and the problem solved', () => {
    expect(surveyLowResult({ scores: { ...all(3), overall: 4 }, problemSolved: true })).toEqual({ low: false, reasons: [] });
  });

  it('is low for any element at 2 or below, naming each element', () => {
    const result = surveyLowResult({ scores: { ...all(5), punctuality: 2, courtesy: 1 }, problemSolved: true });
    expect(result).toEqual({
      low: true,
      reasons: [
        { code: 'element_low', element: 'punctuality', score: 2 },
        { code: 'element_low', element: 'courtesy', score: 1 },
      ],
    });
    expect(result.reasons.map(describeLowReason)).toEqual(['准时上门 2 分', '礼貌礼仪 1 分']);
  });

  it('is low for overall at 3 or below, as one reason even when overall is also at most 2', () => {
    expect(surveyLowResult({ scores: { ...all(5), overall: 3 }, problemSolved: true }).reasons).toEqual([{ code: 'overall_low', score: 3 }]);
    expect(surveyLowResult({ scores: { ...all(5), overall: 1 }, problemSolved: true }).reasons).toEqual([{ code: 'overall_low', score: 1 }]);
  });

  it('is low when the problem was not solved, even with top scores', () => {
    const result = surveyLowResult({ scores: all(5), problemSolved: false });
    expect(result).toEqual({ low: true, reasons: [{ code: 'problem_not_solved' }] });
    expect(describeLowReason(result.reasons[0]!)).toBe('客户反馈问题未解决');
  });

  it('judges only the elements a template asked', () => {
    expect(surveyLowResult({ scores: { overall: 5 }, problemSolved: true }).low).toBe(false);
  });
});

describe('surveyAvailability', () => {
  const closedAt = new Date('2026-03-01T02:00:00Z');
  const day = 24 * 3600_000;

  it('opens when the order is closed and stays open for the window, to the instant', () => {
    const until = new Date(closedAt.getTime() + 30 * day);
    expect(surveyAvailability({ status: 'closed', closedAt }, false, 30, closedAt)).toEqual({ canAnswer: true, reason: null, until });
    expect(surveyAvailability({ status: 'closed', closedAt }, false, 30, until).canAnswer).toBe(true);
    expect(surveyAvailability({ status: 'closed', closedAt }, false, 30, new Date(until.getTime() + 1))).toEqual({ canAnswer: false, reason: 'window_closed', until });
  });

  it('is not offered before closing, nor once answered', () => {
    expect(surveyAvailability({ status: 'completed', closedAt: null }, false, 30, closedAt)).toMatchObject({ canAnswer: false, reason: 'not_closed', until: null });
    expect(surveyAvailability({ status: 'closed', closedAt }, true, 30, closedAt)).toMatchObject({ canAnswer: false, reason: 'submitted' });
  });
});

describe('SubmitSurveyBody', () => {
  const body = { scores: all(5), problemSolved: true, recommendation: 10, comment: '  很好  ' };

  it('accepts scores 1–5, a 0–10 recommendation and trims the comment', () => {
    expect(SubmitSurveyBody.parse(body).comment).toBe('很好');
    expect(SubmitSurveyBody.safeParse({ ...body, recommendation: 0 }).success).toBe(true);
  });

  it('names the element of a score outside 1–5 or not whole', () => {
    for (const bad of [0, 6, 4.5]) {
      const result = SubmitSurveyBody.safeParse({ ...body, scores: { ...all(5), diagnosis: bad } });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0]!.path).toEqual(['scores', 'diagnosis']);
    }
  });

  it('refuses unknown elements, a comment over 500 characters and a missing yes/no on the problem', () => {
    expect(SubmitSurveyBody.safeParse({ ...body, scores: { ...all(5), speed: 5 } }).success).toBe(false);
    expect(SubmitSurveyBody.safeParse({ ...body, comment: 'x'.repeat(501) }).success).toBe(false);
    expect(SubmitSurveyBody.safeParse({ ...body, problemSolved: undefined }).success).toBe(false);
  });
});

describe('SurveyTemplateInput', () => {
  it('requires overall and refuses a repeated element', () => {
    const base = { code: 'short', name: '简版问卷' };
    expect(SurveyTemplateInput.safeParse({ ...base, elements: [{ key: 'overall', label: '总体满意度' }] }).success).toBe(true);
    expect(SurveyTemplateInput.safeParse({ ...base, elements: [{ key: 'courtesy', label: '礼貌礼仪' }] }).success).toBe(false);
    expect(SurveyTemplateInput.safeParse({ ...base, elements: [{ key: 'overall', label: '总体' }, { key: 'overall', label: '总体' }] }).success).toBe(false);
  });
});

describe('ReturnVisitOutcomeBody', () => {
  it('asks whether the customer was satisfied exactly when they were reached', () => {
    expect(ReturnVisitOutcomeBody.safeParse({ reached: true, satisfied: true, notes: '客户表示满意' }).success).toBe(true);
    expect(ReturnVisitOutcomeBody.safeParse({ reached: false, notes: '电话无人接听' }).success).toBe(true);
    expect(ReturnVisitOutcomeBody.safeParse({ reached: true, notes: '客户表示满意' }).error!.issues[0]!.path).toEqual(['satisfied']);
    expect(ReturnVisitOutcomeBody.safeParse({ reached: false, satisfied: false, notes: '电话无人接听' }).error!.issues[0]!.path).toEqual(['satisfied']);
  });
});
