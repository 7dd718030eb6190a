import type { Clock } from '../lib/clock';
import { Engineer, type EngineerRecord } from '../modules/network/model';
import { WorkCard } from '../modules/cards/model';
import { insertActiveCard } from '../modules/cards/service';
import { AppError } from '../core/errors';
import { DEMO_ENGINEERS } from './data';

/**
 * Every demo engineer carries an active work card (issued by the system, so `issuedBy` is null). Idempotent: an
 * engineer who already holds one keeps it, and a concurrent seed losing the race on the unique key is fine.
 */
export async function seedWorkCards(clock: Clock): Promise<{ issued: number }> {
  const engineers = await Engineer.find({ employeeNo: { $in: DEMO_ENGINEERS.map((e) => e.employeeNo) } }, { _id: 1, outletId: 1 }).lean<Array<Pick<EngineerRecord, '_id' | 'outletId'>>>();
  let issued = 0;
  for (const engineer of engineers) {
    if (await WorkCard.exists({ engineerId: engineer._id, status: 'active' })) continue;
    try {
      await insertActiveCard(clock, engineer, null);
      issued++;
    } catch (err) {
      if (!(err instanceof AppError && err.id === 'conflict')) throw err;
    }
  }
  return { issued };
}
