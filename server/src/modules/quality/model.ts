import mongoose, { Schema, type Types } from 'mongoose';
import type { QualityTerm, QualityTermKey } from '@fangxin/shared';

/**
 * The last computed score of each outlet and each engineer (last 90 days), written by the recompute job: the one
 * number every screen shows for the default period — dispatch suggestions, the engineer list, the work card (through
 * `Engineer.qualityScore`, written by the same job), the rankings and the breakdowns. `score` null: 暂无评分.
 */
export interface ScoreRecord {
  _id: Types.ObjectId; // the outlet's or the engineer's id
  outletId: Types.ObjectId;
  score: number | null;
  rank: number | null;
  bottomFive: boolean;
  orders: number;
  closed: number;
  terms: Record<QualityTermKey, { value: number | null; contribution: number }>;
  /** The full explanation the score was computed with (the breakdown of the default period). */
  explained: QualityTerm[];
  period: { from: string; to: string };
  computedAt: Date;
}
/** Outlet scores (the name kept from when only outlets were stored). */
export type OutletScoreRecord = ScoreRecord;

const scoreSchema = (collection: string) =>
  new Schema<ScoreRecord>(
    {
      _id: Schema.Types.ObjectId,
      outletId: { type: Schema.Types.ObjectId, default: null },
      score: { type: Number, default: null },
      rank: { type: Number, default: null },
      bottomFive: { type: Boolean, required: true },
      orders: { type: Number, default: 0 },
      closed: { type: Number, default: 0 },
      terms: { type: Schema.Types.Mixed, required: true },
      explained: { type: Schema.Types.Mixed, default: [] },
      period: { type: Schema.Types.Mixed, required: true },
      computedAt: { type: Date, required: true },
    },
    { versionKey: false, collection, minimize: false },
  );

export const OutletScore = mongoose.model<ScoreRecord>('OutletScore', scoreSchema('outlet_scores'));
const engineerScores = scoreSchema('engineer_scores');
engineerScores.index({ outletId: 1 });
export const EngineerScore = mongoose.model<ScoreRecord>('EngineerScore', engineerScores);
