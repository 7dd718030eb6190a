import type { Clock } from '../../lib/clock';
import { AuditEntry } from './model';

export interface AuditInput {
  action: string;
  actorId?: string | null;
  actorRole?: string | null;
  outletId?: string | null;
  target?: string | null;
  ip?: string | null;
  requestId?: string | null;
  data?: Record<string, unknown>;
}

/** Appends one audit entry. */
export async function recordAudit(clock: Clock, entry: AuditInput): Promise<void> {
  await AuditEntry.create({ at: clock.now(), ...entry });
}
