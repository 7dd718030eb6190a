import { describe, expect, it } from 'vitest';
import {
  appealActions,
  appealItemKey,
  appealItemText,
  appealRefusal,
  appealVisibleTo,
  emptyQualityCounts,
  explainScore,
  explanationForEngineer,
  mayFileAppeal,
  priorFrom,
  surveyCountsAgainst,
} from '../index';

/** Issue 20.2: the appeal rules (shared/src/domain/appeals.ts) and how upheld appeals read in the score. */
describe('appeals', () => {
  it('a survey counts against the engineer at overall 2 of 5 or lower', () => {
    expect([1, 2, 3, 5, null].map(surveyCountsAgainst)).toEqual([true, true, false, false, false]);
  });

  it('engineers file complaints and breaches, never surveys; managers file all; nobody else files', () => {
    expect(mayFileAppeal('engineer', 'complaint')).toBe(true);
    expect(mayFileAppeal('engineer', 'breach')).toBe(true);
    expect(mayFileAppeal('engineer', 'survey')).toBe(false);
    expect(mayFileAppeal('outlet_manager', 'survey')).toBe(true);
    expect(mayFileAppeal('platform_admin', 'complaint')).toBe(false);
    expect(mayFileAppeal('customer', 'complaint')).toBe(false);
    expect(appealVisibleTo('engineer', 'survey')).toBe(false);
    expect(appealVisibleTo('outlet_manager', 'survey')).toBe(true);
  });

  it('one key per item, and the item in words', () => {
    expect(appealItemKey('o1', { kind: 'complaint', complaintId: 'c1' })).toBe('complaint:c1');
    expect(appealItemKey('o1', { kind: 'breach', clock: 'arrive' })).toBe('breach:o1:arrive');
    expect(appealItemKey('o1', { kind: 'survey' })).toBe('survey:o1');
    expect(appealItemText({ kind: 'breach', clock: 'arrive' })).toBe('上门超时');
    expect(appealItemText({ kind: 'complaint', categoryLabel: '维修质量' })).toBe('投诉（维修质量）');
    expect(appealItemText({ kind: 'breach', clock: 'respond' }, 'en')).toBe('Late to respond');
  });

  it('refuses within the window only for a live appeal; after the window always', () => {
    const itemAt = new Date('2026-12-01T00:00:00Z');
    const at = (days: number) => new Date(itemAt.getTime() + days * 86400_000);
    expect(appealRefusal({ itemAt, windowDays: 30, now: at(29), live: null })).toBeNull();
    expect(appealRefusal({ itemAt, windowDays: 30, now: at(31), live: null })).toBe('已超过申诉期限（30 天）');
    expect(appealRefusal({ itemAt, windowDays: 30, now: at(1), live: { state: 'submitted' } })).toBe('此项已有申诉在审核中');
    expect(appealRefusal({ itemAt, windowDays: 30, now: at(1), live: { state: 'rejected' } })).toBe('此项申诉已有结论，不能再次申诉');
    expect(appealActions('submitted', 'platform_admin', false)).toEqual(['decide']);
    expect(appealActions('submitted', 'engineer', true)).toEqual(['withdraw']);
    expect(appealActions('upheld', 'platform_admin', false)).toEqual([]);
  });

  it('the explanation names what upheld appeals removed, and the engineer never reads the survey note', () => {
    const counts = { ...emptyQualityCounts(), surveys: 6, overallSum: 27, slaOrders: 10, slaMet: 10, closed: 10, complaints: 0, appealedComplaints: 1, appealedSurveys: 1, appealedBreaches: 2 };
    const explained = explainScore(counts, priorFrom(emptyQualityCounts()));
    const detail = (e: typeof explained, key: string) => e.terms.find((t) => t.key === key)!.detail;
    expect(detail(explained, 'complaints')).toContain('申诉成立，已不计入：投诉 1 起');
    expect(detail(explained, 'sla')).toContain('申诉成立，已不计入：超时 2 单');
    expect(detail(explained, 'satisfaction')).toContain('申诉成立，已不计入：1 份评价');
    const engineers = explanationForEngineer(explained);
    expect(detail(engineers, 'satisfaction')).not.toContain('申诉');
    expect(detail(engineers, 'complaints')).toContain('申诉成立，已不计入：投诉 1 起');
    // Nothing removed, nothing said.
    expect(explainScore(emptyQualityCounts(), priorFrom(emptyQualityCounts())).terms.some((t) => t.detail.includes('申诉'))).toBe(false);
  });
});
