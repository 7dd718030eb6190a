// The caller as the services see it: a plain value the HTTP layer builds from the access token (http/auth.ts) and
// hands down. Part of the core, so a service that takes the caller does not depend on the HTTP layer.
import type { Role } from '@fangxin/shared';

/** The caller as every service sees it. Outlet-scoped roles carry their outlet. */
export interface AuthUser {
  id: string;
  role: Role;
  name: string;
  outletId: string | null;
}
