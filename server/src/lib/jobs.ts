import crypto from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import type { Clock } from './clock';
import type { Logger } from '../logger';

/**
 * Background jobs that are safe with several server instances: before a run, an instance takes the job's lease
 * (one document per job) with a conditional upsert; while the lease is held by another live instance, the run is
 * skipped. Jobs themselves are idempotent, so a run repeated after a crash changes nothing twice.
 */
interface LeaseRecord {
  _id: string;
  owner: string;
  until: Date;
  lastRunAt: Date | null;
  lastResult: unknown;
}
const LeaseSchema = new Schema<LeaseRecord>(
  { _id: String, owner: String, until: Date, lastRunAt: { type: Date, default: null }, lastResult: { type: Schema.Types.Mixed, default: null } },
  { versionKey: false, collection: 'job_leases' },
);
export const JobLease = mongoose.model<LeaseRecord>('JobLease', LeaseSchema);

export const INSTANCE_ID = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;

export async function acquireLease(name: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
  try {
    const res = await JobLease.updateOne(
      { _id: name, $or: [{ until: { $lte: now } }, { owner }] },
      { $set: { owner, until: new Date(now.getTime() + leaseMs) } },
      { upsert: true },
    );
    return res.modifiedCount + res.upsertedCount === 1;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return false; // held by another instance
    throw err;
  }
}

export async function releaseLease(name: string, owner: string, result: unknown, now: Date): Promise<void> {
  await JobLease.updateOne({ _id: name, owner }, { $set: { until: now, lastRunAt: now, lastResult: result } });
}

export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/** Runs a job once under its lease; returns null when another instance holds it. */
export async function runJobOnce(job: Job, clock: Clock, owner = INSTANCE_ID): Promise<{ ran: boolean; result?: unknown }> {
  if (!(await acquireLease(job.name, owner, clock.now(), Math.max(job.everyMs, 60_000)))) return { ran: false };
  const result = await job.run();
  await releaseLease(job.name, owner, result, clock.now());
  return { ran: true, result };
}

/** Schedules jobs on timers; returns a stop function for graceful shutdown. */
export function scheduleJobs(jobs: Job[], clock: Clock, log: Logger): () => void {
  const timers = jobs.map((job) =>
    setInterval(() => {
      runJobOnce(job, clock).catch((err) => log.error({ err, job: job.name }, 'job failed'));
    }, job.everyMs),
  );
  return () => timers.forEach(clearInterval);
}
