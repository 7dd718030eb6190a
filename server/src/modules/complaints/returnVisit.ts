import type { Clock } from '../../lib/clock';
import { createReturnVisitTask } from '../returnVisits/service';
import { Complaint, type ComplaintRecord } from './model';

/**
 * A resolution opens a return-visit task, so someone hears the customer's side. The task module keys tasks by
 * complaint, so calling again (a retry by the sweeper, a second resolution after a reopen) does not duplicate it.
 */
export async function openReturnVisit(clock: Clock, complaint: Pick<ComplaintRecord, '_id' | 'orderId'>): Promise<{ id: string; created: boolean }> {
  const task = await createReturnVisitTask(clock, { orderId: complaint.orderId, reason: 'complaint_resolved', complaintId: String(complaint._id) });
  await Complaint.updateOne({ _id: complaint._id }, { $set: { returnVisitTaskId: task.id } });
  return task;
}
