import { Liveness, Readiness } from '../schemas/health';
import { endpoint } from './endpoint';

/** Operations probes, mounted at the site root. */
export const health = {
  live: endpoint({
    method: 'get',
    path: '/healthz',
    root: true,
    summary: 'Liveness: the process is up',
    tags: ['ops'],
    auth: 'public',
    response: Liveness,
  }),
  ready: endpoint({
    method: 'get',
    path: '/readyz',
    root: true,
    summary: 'Readiness: the database answers and the server is not draining',
    tags: ['ops'],
    auth: 'public',
    response: Readiness,
    errors: ['service_unavailable'],
    responseAlsoOn: [503],
  }),
  metrics: endpoint({
    method: 'get',
    path: '/metrics',
    root: true,
    summary: 'Prometheus metrics: request counts and latency histograms per route',
    tags: ['ops'],
    auth: 'public',
    response: null,
    produces: 'text/plain',
  }),
};
