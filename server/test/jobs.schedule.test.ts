import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobLease, scheduleJobs, type Job } from '../src/lib/jobs';
import { systemClock } from '../src/lib/clock';
import { createLogger } from '../src/logger';
import { connectTestDatabase, dropTestDatabase } from './harness';

/**
 * The scheduler of one instance (lib/jobs.ts): a job whose run outlasts its interval is not started again on top of
 * itself, and stopping waits for the run in progress, which releases its lease (a stopping instance must not leave the
 * lease held for its whole term, keeping every other instance from the job). Each run here ends when the test says.
 */

beforeAll(connectTestDatabase);
afterAll(dropTestDatabase);

const waitFor = async (condition: () => boolean | Promise<boolean>) => {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('scheduleJobs', () => {
  it('never overlaps a job with itself in one instance, and stopping waits for the running one, which releases the lease', async () => {
    let running = 0;
    let mostAtOnce = 0;
    let started = 0;
    const finish: Array<() => void> = [];
    const job: Job = {
      name: 'test.slow',
      everyMs: 20,
      run: async () => {
        started++;
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise<void>((resolve) => finish.push(resolve));
        running--;
        return { ok: true };
      },
    };
    const stop = scheduleJobs([job], systemClock, createLogger('silent'));
    await waitFor(() => started === 1);
    // Many ticks pass while the first run is held open: none starts a second run.
    const leaseOwner = (await JobLease.findById('test.slow').lean())!.owner;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(started).toBe(1);

    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    finish.splice(0).forEach((resolve) => resolve());
    await stopping;

    const lease = (await JobLease.findById('test.slow').lean())!;
    expect(mostAtOnce).toBe(1);
    expect(started).toBe(1);
    expect(lease.owner).toBe(leaseOwner);
    expect(lease.until.getTime()).toBeLessThanOrEqual(Date.now());
    expect(lease.lastResult).toEqual({ ok: true });
  });
});
