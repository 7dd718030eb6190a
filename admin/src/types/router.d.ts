import type { Component } from 'vue';
import type { AdminRole } from '@/constants/roles';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title, used by the menu and the document title. */
    title?: string;
    /** Menu icon (an @element-plus/icons-vue component). */
    icon?: Component;
    /** Roles that may open the page; absent means every admin role. Hides the menu entry for the others too. */
    roles?: AdminRole[];
    /** Reachable without signing in. */
    public?: boolean;
    hideInMenu?: boolean;
    /** Menu position, ascending. */
    order?: number;
  }
}

export {};
