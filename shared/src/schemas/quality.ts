import { z } from 'zod';
import { QUALITY_TERM_KEYS } from '../domain/quality';
import { ObjectId } from './common';
import { Period, periodShape, withPeriodRules } from './analytics';

export const QualityTermView = z
  .object({
    key: z.enum(QUALITY_TERM_KEYS),
    label: z.string(),
    value: z.number().nullable().meta({ description: 'Own measure, unsmoothed: satisfaction 1–5, the others 0–1; null without a sample' }),
    smoothed: z.number().meta({ description: 'After smoothing toward the platform average (k = 5); satisfaction: the platform average below SURVEY_PRIVACY_MIN surveys' }),
    prior: z.number(),
    sample: z.number().int(),
    goodness: z.number().min(0).max(1),
    weight: z.number(),
    contribution: z.number().meta({ description: 'Points, to 0.1; the contributions add up to the score' }),
    detail: z.string(),
  })
  .meta({ id: 'QualityTerm' });

export const QualityBreakdown = z
  .object({
    subject: z.object({
      type: z.enum(['engineer', 'outlet']),
      id: ObjectId,
      name: z.string(),
      outletId: ObjectId,
    }),
    period: Period,
    score: z.number().min(0).max(100).nullable().meta({ description: 'null (暂无评分) without any order, quote or survey in the period' }),
    /** The score stored for dispatch, lists, cards and rankings (last 90 days, as of the last recompute). */
    storedScore: z.number().nullable(),
    terms: z.array(QualityTermView),
    formula: z.string().meta({ description: 'How the score is made, in plain words (QUALITY_EXPLANATION)' }),
  })
  .meta({ id: 'QualityBreakdown' });
export type QualityBreakdown = z.infer<typeof QualityBreakdown>;

export const RankingsQuery = withPeriodRules(
  z.object({
    ...periodShape,
    scope: z.enum(['outlets', 'engineers']),
    outletId: ObjectId.optional().meta({ description: 'Engineers only: one outlet (managers: their own, which is also the default)' }),
  }),
);
export type RankingsQuery = z.infer<typeof RankingsQuery>;

const TermSummary = z.object({ value: z.number().nullable(), contribution: z.number() });

export const RankingItem = z
  .object({
    rank: z.number().int().nullable().meta({ description: 'Competition ranking (1, 1, 3); null for a subject without a score, listed last' }),
    id: ObjectId,
    name: z.string(),
    code: z.string().meta({ description: 'Outlet code or employee number' }),
    outletId: ObjectId,
    score: z.number().nullable().meta({ description: 'null (暂无评分) without any order, quote or survey in the period' }),
    orders: z.number().int().meta({ description: 'Orders created in the period' }),
    closed: z.number().int(),
    terms: z.record(z.enum(QUALITY_TERM_KEYS), TermSummary),
    bottomFive: z.boolean().meta({ description: 'Outlets: among the five lowest scores (S11)' }),
  })
  .meta({ id: 'RankingItem' });

export const Rankings = z
  .object({
    scope: z.enum(['outlets', 'engineers']),
    period: Period,
    items: z.array(RankingItem),
    asOf: z.string().nullable().meta({ description: 'The default period reads the stored scores: when they were computed (the recompute job); null for another period, computed on read' }),
  })
  .meta({ id: 'Rankings' });
export type Rankings = z.infer<typeof Rankings>;
