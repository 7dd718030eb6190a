/**
 * The two load generators of `pnpm bench` and the one way both are summed up: autocannon against an HTTP endpoint,
 * and N concurrent loops calling a function (the same data access, straight through the driver). Both record every
 * successful operation's latency in milliseconds and count everything else as an error; requests/s, p50 and p99 are
 * then computed from those samples by the same code, so the two sides compare like for like.
 */
import fs from 'node:fs';
import autocannon from 'autocannon';

export interface Measured {
  /** Successful operations per second over the whole run. */
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  /** Non-2xx answers, socket errors and timeouts (HTTP), or thrown errors (direct). */
  errors: number;
  /** Status codes other than 2xx and how often each came back, for the report. */
  statuses: Record<string, number>;
  seconds: number;
}

/** Nearest-rank percentile of sorted samples. */
export function percentile(sorted: Float64Array | number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function summarise(latencies: number[], errors: number, statuses: Record<string, number>, seconds: number): Measured {
  const sorted = Float64Array.from(latencies).sort();
  return { rps: latencies.length / seconds, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), ok: latencies.length, errors, statuses, seconds };
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * Runs autocannon for `seconds` with `connections` keep-alive connections; `next()` gives each request as it is sent
 * (a different order, customer or Idempotency-Key each time).
 */
export async function httpLoad(baseUrl: string, next: () => HttpRequest, connections: number, seconds: number): Promise<Measured> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const first = next();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections,
        duration: seconds,
        timeout: 60, // scan-bound endpoints queue for seconds at 50 connections; a slow answer is measured, not dropped
        requests: [
          {
            method: first.method,
            path: first.path,
            setupRequest: (req: autocannon.Request) => {
              const r = next();
              return { ...req, method: r.method, path: r.path, headers: { ...r.headers }, body: r.body };
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
      else statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
  const failed = Object.values(statuses).reduce((a, b) => a + b, 0) + result.errors + result.timeouts;
  if (result.errors) statuses.socket_errors = result.errors;
  if (result.timeouts) statuses.timeouts = result.timeouts;
  // autocannon counts what was answered within the duration and drops what is still in flight: so does directLoad.
  return summarise(latencies, failed, statuses, seconds);
}

/** `connections` loops, each calling `op` back to back until `seconds` have passed. */
export async function directLoad(op: () => Promise<unknown>, connections: number, seconds: number): Promise<Measured & { firstError?: string }> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await op();
          const done = performance.now();
          if (done <= deadline) latencies.push(done - t0); // as autocannon: answers after the duration are not counted
        } catch (err) {
          errors++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  return { ...summarise(latencies, errors, errors ? { thrown: errors } : {}, seconds), ...(firstError ? { firstError } : {}) };
}

/**
 * Waits until the given processes are idle (under 20% of a core for half a second), at most `maxMs`: requests that
 * autocannon abandoned at the end of a run are still being answered, and must not run into the next measurement.
 */
export async function settle(pids: number[], maxMs = 60_000): Promise<void> {
  const started = Date.now();
  let last = pids.map(cpuSeconds);
  let quiet = 0;
  while (quiet < 2 && Date.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = pids.map(cpuSeconds);
    quiet = now.some((v, i) => v - last[i]! > 0.05) ? 0 : quiet + 1;
    last = now;
  }
}

/** CPU time (user + system) a process has used so far, in seconds; 0 when it cannot be read. */
export function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15 (clock ticks).
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Samples a process's resident set size (VmRSS) every `everyMs` until stopped; returns the peak in MB. */
export function sampleRss(pid: number, everyMs = 100): { stop(): number } {
  let peakKb = 0;
  const read = () => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      if (kb > peakKb) peakKb = kb;
    } catch {
      // the process is gone; the peak so far stands
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  return {
    stop() {
      clearInterval(timer);
      read();
      return peakKb / 1024;
    },
  };
}
