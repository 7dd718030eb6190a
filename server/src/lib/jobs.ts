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

/**
 * Runs a job once under its lease; `ran: false` when another instance holds it. `startedAt`/`endedAt` (epoch ms):
 * when the work ran, inside the lease (taken before, released after).
 */
export async function runJobOnce(job: Job, clock: Clock, owner = INSTANCE_ID): Promise<{ ran: boolean; result?: unknown; startedAt?: number; endedAt?: number }> {
  if (!(await acquireLease(job.name, owner, clock.now(), Math.max(job.everyMs, 60_000)))) return { ran: false };
  const startedAt = Date.now();
  const result = await job.run();
  const endedAt = Date.now();
  await releaseLease(job.name, owner, result, clock.now());
  return { ran: true, result, startedAt, endedAt };
}

/**
 * Schedules jobs on timers. A tick is skipped while this instance's previous run of the same job is still going (the
 * lease is per instance, so it would not stop the instance from overlapping itself). Each run is logged at debug
 * level with its instance and times (the cluster suite counts runs per instance from these lines). Returns a stop
 * function for graceful shutdown: no new runs, and it resolves once the running ones have ended (or after `graceMs`),
 * so a stopping instance does not close the database under a run and leave its lease held.
 */
export function scheduleJobs(jobs: Job[], clock: Clock, log: Logger): (graceMs?: number) => Promise<void> {
  const running = new Map<string, Promise<void>>();
  const tick = (job: Job) => {
    if (running.has(job.name)) return;
    const run = runJobOnce(job, clock)
      .then(({ ran, result, startedAt, endedAt }) => {
        if (ran) log.debug({ job: job.name, instance: INSTANCE_ID, startedAt, endedAt, result }, 'job ran');
      })
      .catch((err) => log.error({ err, job: job.name }, 'job failed'))
      .finally(() => running.delete(job.name));
    running.set(job.name, run);
  };
  const timers = jobs.map((job) => setInterval(() => tick(job), job.everyMs));
  return async (graceMs = 10_000) => {
    timers.forEach(clearInterval);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(running.values()), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
  };
}
