import { describe, expect, it } from 'vitest';
import { buildMenu } from '@/router/menu';
import { appRoutes } from '@/router/routes';

describe('menu by role (from the real route modules)', () => {
  it('gives an outlet manager the outlet work and nothing platform-wide', () => {
    const paths = buildMenu(appRoutes, 'outlet_manager').map((m) => m.path);
    expect(paths).toEqual(['/dashboard', '/orders', '/engineers', '/outlets', '/complaints', '/reconciliation', '/return-visits', '/surveys', '/quality', '/governance', '/appeals', '/audit']);
  });

  it('gives a platform admin the catalogue, users and service standards as well', () => {
    const paths = buildMenu(appRoutes, 'platform_admin').map((m) => m.path);
    expect(paths).toEqual([
      '/dashboard',
      '/orders',
      '/engineers',
      '/outlets',
      '/catalog',
      '/complaints',
      '/reconciliation',
      '/return-visits',
      '/surveys',
      '/quality',
      '/governance',
      '/appeals',
      '/users',
      '/audit',
      '/settings',
    ]);
  });

  it('keeps detail pages out of the menu', () => {
    expect(buildMenu(appRoutes, 'platform_admin').some((m) => m.path.includes(':'))).toBe(false);
  });
});
