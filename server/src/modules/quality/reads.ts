import type { Types } from 'mongoose';
import { OutletScore, type ScoreRecord } from './model';

/**
 * The score reads other modules need: booking routes by the stored outlet scores (issue 19). This file imports only
 * the model, so any module may use it without an import cycle.
 */

/** The stored quality score (S11, last 90 days) of these outlets, by id; an outlet without one is left out (暂无评分). */
export async function storedOutletScores(ids: Types.ObjectId[]): Promise<Map<string, number | null>> {
  const scores = await OutletScore.find({ _id: { $in: ids } }, { score: 1 }).lean<Array<Pick<ScoreRecord, '_id' | 'score'>>>();
  return new Map(scores.map((s) => [String(s._id), s.score ?? null]));
}
