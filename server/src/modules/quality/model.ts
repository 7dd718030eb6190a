import mongoose, { Schema, type Types } from 'mongoose';
import type { QualityTermKey } from '@fangxin/shared';

/**
 * The last computed score of each outlet (last 90 days), written by the recompute job next to
 * `Engineer.qualityScore`: the outlet list and reports read a keyed document instead of recomputing.
 */
export interface OutletScoreRecord {
  _id: Types.ObjectId; // the outlet's id
  score: number;
  rank: number;
  bottomFive: boolean;
  terms: Record<QualityTermKey, { value: number | null; contribution: number }>;
  period: { from: string; to: string };
  computedAt: Date;
}

const OutletScoreSchema = new Schema<OutletScoreRecord>(
  {
    _id: Schema.Types.ObjectId,
    score: { type: Number, required: true },
    rank: { type: Number, required: true },
    bottomFive: { type: Boolean, required: true },
    terms: { type: Schema.Types.Mixed, required: true },
    period: { type: Schema.Types.Mixed, required: true },
    computedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'outlet_scores', minimize: false },
);
export const OutletScore = mongoose.model<OutletScoreRecord>('OutletScore', OutletScoreSchema);
