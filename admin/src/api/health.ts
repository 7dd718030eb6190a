export interface Readiness {
  status: 'ok' | 'unavailable';
  db: 'up' | 'down';
}

/**
 * `/readyz` is the load balancer's probe, outside `/api/v1` and without auth, so it bypasses the API client.
 * A 503 still carries the body saying what is down, so the body is read whatever the status.
 */
export async function getReadiness(): Promise<Readiness> {
  const response = await fetch('/readyz', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  const body = (await response.json().catch(() => null)) as Partial<Readiness> | null;
  if (body?.db === 'up' || body?.db === 'down') return { status: body.status ?? 'unavailable', db: body.db };
  throw new Error(`GET /readyz answered ${response.status} without a readiness body`);
}
