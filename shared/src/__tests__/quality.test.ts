import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUALITY_PRIOR,
  emptyQualityCounts,
  explainScore,
  priorFrom,
  rankByScore,
  explanationForEngineer,
  hasQualitySample,
  qualityScore,
  qualityScoreText,
  QUALITY_EXPLANATION,
  QUALITY_PRIOR_K,
  SURVEY_PRIVACY_MIN,
  SURVEY_PRIVACY_NOTE,
  QUALITY_TERM_KEYS,
  QUALITY_WEIGHTS,
  type QualityCounts,
} from '../domain/quality';

const counts = (c: Partial<QualityCounts>): QualityCounts => ({ ...emptyQualityCounts(), ...c });
const sumOfContributions = (terms: Array<{ contribution: number }>) => Math.round(terms.reduce((s, t) => s + t.contribution * 10, 0)) / 10;

/** A platform with a typical record: 4.4 average, 92% on time, 95% fixed first time, 2% complaints, 4% off-catalogue. */
const platform = counts({ surveys: 500, overallSum: 2200, slaOrders: 1000, slaMet: 920, closed: 800, reworked: 40, complaints: 16, quoted: 600, offCatalogue: 24 });
const prior = priorFrom(platform);

describe('the weights', () => {
  it('sum to 100 and cover every term', () => {
    expect(Object.values(QUALITY_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
    expect(Object.keys(QUALITY_WEIGHTS).sort()).toEqual([...QUALITY_TERM_KEYS].sort());
  });
});

describe('explainScore', () => {
  it('gives every term with a Chinese label, its weight and a detail line, and the contributions add up to the score exactly', () => {
    const records = [
      counts({}),
      counts({ surveys: 1, overallSum: 1, slaOrders: 1, slaMet: 0, closed: 1, reworked: 1, complaints: 1, quoted: 1, offCatalogue: 1 }),
      counts({ surveys: 37, overallSum: 171, slaOrders: 53, slaMet: 49, closed: 41, reworked: 3, complaints: 2, quoted: 30, offCatalogue: 1 }),
      counts({ surveys: 3, overallSum: 13, slaOrders: 7, slaMet: 7, closed: 6, reworked: 0, complaints: 0, quoted: 5, offCatalogue: 0 }),
    ];
    for (const record of records) {
      const e = explainScore(record, prior);
      expect(e.terms.map((t) => t.key)).toEqual([...QUALITY_TERM_KEYS]);
      expect(sumOfContributions(e.terms)).toBe(e.score);
      for (const t of e.terms) {
        expect(t.label).toMatch(/[\u4e00-\u9fa5]/);
        expect(t.weight).toBe(QUALITY_WEIGHTS[t.key]);
        expect(t.contribution).toBeGreaterThanOrEqual(0);
        expect(t.contribution).toBeLessThanOrEqual(t.weight);
        expect(Math.round(t.contribution * 10)).toBe(t.contribution * 10); // to 0.1
        expect(t.detail.length).toBeGreaterThan(5);
      }
      expect(e.score).toBeGreaterThanOrEqual(0);
      expect(e.score).toBeLessThanOrEqual(100);
    }
  });

  it('scores a perfect long record near 100 and a failing one near 0', () => {
    const perfect = explainScore(counts({ surveys: 1000, overallSum: 5000, slaOrders: 1000, slaMet: 1000, closed: 1000, quoted: 1000 }), prior);
    expect(perfect.score).toBeGreaterThan(99);
    const failing = explainScore(counts({ surveys: 1000, overallSum: 1000, slaOrders: 1000, closed: 1000, reworked: 1000, complaints: 1000, quoted: 1000, offCatalogue: 1000 }), prior);
    expect(failing.score).toBeLessThan(1);
  });

  it('scores a subject without any data at the platform average', () => {
    const nobody = explainScore(emptyQualityCounts(), prior);
    const platformItself = explainScore(platform, prior);
    expect(Math.abs(nobody.score - platformItself.score)).toBeLessThanOrEqual(0.3); // rounding of five terms
    expect(nobody.terms.every((t) => t.value === null && t.sample === 0)).toBe(true);
  });

  it('pulls a one-order engineer toward the platform average instead of to the extremes', () => {
    const oneBad = explainScore(counts({ surveys: 1, overallSum: 1, slaOrders: 1, slaMet: 0, closed: 1, reworked: 1, complaints: 1, quoted: 1, offCatalogue: 1 }), prior);
    const oneGood = explainScore(counts({ surveys: 1, overallSum: 5, slaOrders: 1, slaMet: 1, closed: 1, quoted: 1 }), prior);
    const average = explainScore(emptyQualityCounts(), prior).score;
    // Raw, that bad order would score 0 and the good one 100; smoothed, both stay within reach of the average.
    expect(oneBad.score).toBeGreaterThan(40);
    expect(oneGood.score).toBeLessThan(100);
    expect(average - oneBad.score).toBeLessThan(45);
    expect(oneGood.score - average).toBeLessThan(8);

    // One survey does not count yet (survey privacy): satisfaction stays at the platform average.
    const sat = oneBad.terms.find((t) => t.key === 'satisfaction')!;
    expect(sat.value).toBe(1);
    expect(sat.smoothed).toBeCloseTo(prior.satisfaction, 4);
    const five = explainScore(counts({ surveys: SURVEY_PRIVACY_MIN, overallSum: SURVEY_PRIVACY_MIN }), prior).terms.find((t) => t.key === 'satisfaction')!;
    expect(five.smoothed).toBeCloseTo((SURVEY_PRIVACY_MIN + QUALITY_PRIOR_K * prior.satisfaction) / (SURVEY_PRIVACY_MIN + QUALITY_PRIOR_K), 4);

    // Fifty equally bad orders are a real record: the score follows it.
    const fiftyBad = explainScore(counts({ surveys: 50, overallSum: 50, slaOrders: 50, closed: 50, reworked: 50, complaints: 50, quoted: 50, offCatalogue: 50 }), prior);
    expect(fiftyBad.score).toBeLessThan(oneBad.score - 30);
  });

  it('reads the terms as documented: satisfaction 1–5 to 0–1, complaints reach zero at 20%', () => {
    const e = explainScore(counts({ surveys: 1_000_000, overallSum: 3_000_000, closed: 1_000_000, complaints: 100_000 }), prior);
    const sat = e.terms.find((t) => t.key === 'satisfaction')!;
    expect(sat.goodness).toBeCloseTo(0.5, 3); // an average of 3 is half way from 1 to 5
    const complaints = e.terms.find((t) => t.key === 'complaints')!;
    expect(complaints.value).toBe(0.1);
    expect(complaints.goodness).toBeCloseTo(0.5, 3); // 10% is half way to the 20% zero point
    expect(complaints.contribution).toBe(7.5);
  });
});

describe('priorFrom', () => {
  it('takes the platform averages, and the published defaults where the platform has no data', () => {
    expect(prior.satisfaction).toBeCloseTo(4.4, 2);
    expect(prior.sla).toBeCloseTo(0.92, 2);
    expect(prior.firstTimeFix).toBeCloseTo(0.95, 2);
    expect(prior.complaintRate).toBeCloseTo(0.02, 2);
    expect(prior.offCatalogueRate).toBeCloseTo(0.04, 2);
    expect(priorFrom(emptyQualityCounts())).toEqual(DEFAULT_QUALITY_PRIOR);
  });

  it('leans on the published defaults while the platform has little data: one complaint does not set everybody\'s average', () => {
    const young = priorFrom(counts({ slaOrders: 1, slaMet: 1, closed: 1, complaints: 1, quoted: 1 }));
    expect(young.complaintRate).toBeLessThan(0.1);
    expect(young.complaintRate).toBeGreaterThan(DEFAULT_QUALITY_PRIOR.complaintRate);
  });
});

describe('one score, ranked fairly', () => {
  it('has no score without any order, quote or survey', () => {
    expect(hasQualitySample(emptyQualityCounts())).toBe(false);
    expect(qualityScore(emptyQualityCounts(), prior)).toBeNull();
    expect(qualityScore(counts({ slaOrders: 1, slaMet: 1 }), prior)).toEqual(expect.any(Number));
    expect(qualityScoreText(null)).toBe('暂无评分');
    expect(qualityScoreText(91.6)).toBe('91.6');
    expect(qualityScoreText(80)).toBe('80.0');
  });

  it('ranks ties together (1, 1, 3), in a stable order, and unscored subjects last without a rank', () => {
    const items = [
      { code: 'E-4', score: null },
      { code: 'E-3', score: 80 },
      { code: 'E-2', score: 91.6 },
      { code: 'E-1', score: 91.6 },
      { code: 'E-0', score: null },
    ];
    const ranked = rankByScore(items, (i) => i.code);
    expect(ranked.map((i) => [i.code, i.rank])).toEqual([['E-1', 1], ['E-2', 1], ['E-3', 3], ['E-0', null], ['E-4', null]]);
    expect(rankByScore([...items].reverse(), (i) => i.code)).toEqual(ranked);
  });

  it('explains itself in plain words, not as a formula', () => {
    expect(QUALITY_EXPLANATION).not.toMatch(/贝叶斯|k\s*=|平滑/);
    expect(QUALITY_EXPLANATION).toContain('单数少时向全平台平均分靠拢');
  });
});

describe('survey privacy', () => {
  it('shows an engineer no average below the threshold, and the score does not depend on those surveys', () => {
    const base = { slaOrders: 3, slaMet: 3, closed: 3, quoted: 3 };
    for (let n = 1; n < SURVEY_PRIVACY_MIN; n++) {
      const low = explainScore(counts({ ...base, surveys: n, overallSum: n }), prior);
      const high = explainScore(counts({ ...base, surveys: n, overallSum: 5 * n }), prior);
      expect(explanationForEngineer(low)).toEqual({ ...explanationForEngineer(high), terms: explanationForEngineer(high).terms });
      const sat = explanationForEngineer(low).terms.find((t) => t.key === 'satisfaction')!;
      expect(sat.value).toBeNull();
      expect(sat.detail).toContain(SURVEY_PRIVACY_NOTE);
    }
    const enough = explanationForEngineer(explainScore(counts({ ...base, surveys: SURVEY_PRIVACY_MIN, overallSum: 4 * SURVEY_PRIVACY_MIN }), prior));
    expect(enough.terms.find((t) => t.key === 'satisfaction')!.value).toBe(4);
  });
});
