import type { Types } from 'mongoose';
import { Appeal } from './model';

/**
 * Issue 20.2: what the daily statistics need to know of appeals — the complaints and surveys an upheld appeal removed
 * from the quality record, on the (outlet, day) pairs being recomputed. (Breaches are excused on the order itself.)
 */
export async function upheldAppealItems(outletIds: Types.ObjectId[], days: string[]): Promise<{ complaints: Set<string>; surveys: Set<string> }> {
  const docs = await Appeal.find(
    { 'countsOn.outletId': { $in: outletIds }, 'countsOn.day': { $in: days }, state: 'upheld', kind: { $in: ['complaint', 'survey'] } },
    { kind: 1, complaintId: 1, surveyId: 1 },
  ).lean<Array<{ kind: string; complaintId: Types.ObjectId | null; surveyId: Types.ObjectId | null }>>();
  const complaints = new Set<string>();
  const surveys = new Set<string>();
  for (const d of docs) {
    if (d.kind === 'complaint' && d.complaintId) complaints.add(String(d.complaintId));
    if (d.kind === 'survey' && d.surveyId) surveys.add(String(d.surveyId));
  }
  return { complaints, surveys };
}
