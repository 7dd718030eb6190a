import type { AnyRouteSpec } from '../http/route';
import type { AppDeps, AppRuntime } from '../app';
import { authRoutes } from './auth/routes';
import { catalogRoutes } from './catalog/routes';
import { healthRoutes } from './health/routes';
import { networkRoutes } from './network/routes';

/** Every endpoint, by mount point, in one readable list. */
export function apiModules(deps: AppDeps, runtime: AppRuntime): Array<{ prefix: string; routes: AnyRouteSpec[] }> {
  return [
    { prefix: '', routes: healthRoutes(runtime) },
    { prefix: '/api/v1', routes: [...authRoutes(deps), ...catalogRoutes(), ...networkRoutes()] },
  ];
}
