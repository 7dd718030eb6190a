import { COMPLAINT_DEADLINE_KINDS, COMPLAINT_OPEN_STATUSES } from '@fangxin/shared';
import type { Clock } from '../../lib/clock';
import { Complaint, type ComplaintRecord } from './model';
import { notifyAtRisk, notifyBreach } from './notify';
import { openReturnVisit } from './returnVisit';
import { historyEntry, recordBreach } from './service';

type Swept = Pick<ComplaintRecord, '_id' | 'outletId' | 'orderId' | 'orderNo' | 'deadlines' | 'atRisk' | 'breaches'>;

/**
 * Watches complaint deadlines (S9). For each open deadline: at `atRiskRatio` of its time the outlet's managers are
 * warned; past due, the breach is recorded and escalated to the managers and every platform admin. Each mark is a
 * conditional update on its field being unset, so two runs, or two instances at once, mark and notify exactly once.
 * Also opens return-visit tasks that a resolution could not open (the other module was down, say).
 */
export async function sweepComplaintDeadlines(clock: Clock): Promise<{ atRisk: number; breached: number; returnVisits: number }> {
  const now = clock.now();
  let atRisk = 0;
  let breached = 0;
  // Open complaints are few (they are resolved within days), so reading them all is cheap; the cursor keeps memory flat.
  const cursor = Complaint.find({ status: { $in: COMPLAINT_OPEN_STATUSES } }, { outletId: 1, orderId: 1, orderNo: 1, deadlines: 1, atRisk: 1, breaches: 1 })
    .lean<Swept[]>()
    .cursor();
  for await (const c of cursor as AsyncIterable<Swept>) {
    for (const kind of COMPLAINT_DEADLINE_KINDS) {
      const d = c.deadlines[kind];
      if (!d || d.metAt) continue;
      const dueAt = new Date(d.dueAt);
      if (now >= dueAt) {
        if (c.breaches?.[kind]) continue;
        if (await recordBreach(clock, c._id, kind, dueAt, 'sweeper')) {
          breached++;
          await notifyBreach(clock, c, kind);
        }
      } else if (now >= new Date(d.riskAt) && !c.atRisk?.[kind]) {
        const res = await Complaint.updateOne(
          { _id: c._id, [`atRisk.${kind}`]: { $exists: false }, [`deadlines.${kind}.metAt`]: null },
          {
            $set: { [`atRisk.${kind}`]: now },
            $push: { history: historyEntry(now, null, { type: 'at_risk', internal: true, data: { kind, dueAt } }) },
          },
        );
        if (res.modifiedCount === 1) {
          atRisk++;
          await notifyAtRisk(clock, c, kind, dueAt);
        }
      }
    }
  }

  let returnVisits = 0;
  const unvisited = await Complaint.find({ status: { $in: ['resolved', 'closed'] }, returnVisitTaskId: null }, { _id: 1, orderId: 1 }).limit(200).lean();
  for (const c of unvisited) {
    if ((await openReturnVisit(clock, c)).created) returnVisits++;
  }
  return { atRisk, breached, returnVisits };
}
