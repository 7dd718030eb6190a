import type { Role } from '@fangxin/shared';
import type { Component } from 'vue';
import type { RouteRecordRaw } from 'vue-router';

export interface MenuItem {
  path: string;
  /** i18n key */
  title: string;
  icon?: Component;
  children: MenuItem[];
}

function joinPath(parent: string, path: string): string {
  if (path.startsWith('/')) return path;
  return `${parent.replace(/\/$/, '')}/${path}`;
}

/** The sidebar for one role: routes it may open, minus hidden ones; a parent with children becomes a group. */
export function buildMenu(routes: readonly RouteRecordRaw[], role: Role | null, parentPath = '/'): MenuItem[] {
  return routes
    .filter((route) => route.meta?.title && !route.meta.hideInMenu)
    .filter((route) => !route.meta?.roles || (role !== null && (route.meta.roles as Role[]).includes(role)))
    .map((route) => {
      const path = joinPath(parentPath, route.path);
      return {
        path,
        title: route.meta!.title!,
        icon: route.meta?.icon,
        children: buildMenu(route.children ?? [], role, path),
      };
    });
}
