import type { Types } from 'mongoose';
import { WorkCard } from './model';

/**
 * The work-card reads other modules need: they call these functions instead of querying the WorkCard model. This
 * file imports only the model, so any module may use it without an import cycle.
 */

/** Engineers (of the given ids) that hold an active card: only they receive orders (S6). */
export async function engineersWithActiveCard(engineerIds: Types.ObjectId[]): Promise<Set<string>> {
  const cards = await WorkCard.find({ engineerId: { $in: engineerIds }, status: 'active' }, { engineerId: 1 }).lean();
  return new Set(cards.map((c) => String(c.engineerId)));
}
