import { api, Readiness } from '@fangxin/shared';
import { requestClient } from './request';

/**
 * `/readyz` is the load balancer's probe, beside `/api/v1` and without auth. A 503 still carries the readiness
 * report saying what is down (the declaration's `responseAlsoOn`), so both statuses resolve with the body, which is
 * checked (a proxy's own 503 page is no report); anything else rejects, quietly: the status card shows it.
 */
export async function getReadiness(): Promise<Pick<Readiness, 'status' | 'db'>> {
  const body: unknown = await requestClient.call(api.health.ready, {}, { silent: true, validateStatus: (s) => s === 200 || s === 503 });
  const report = Readiness.safeParse(body);
  if (!report.success) throw new Error('GET /readyz answered without a readiness report');
  return { status: report.data.status, db: report.data.db };
}
