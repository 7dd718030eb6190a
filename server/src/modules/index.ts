import type { AnyRouteSpec } from '../http/route';
import type { AppDeps, AppRuntime } from '../deps';
import { authRoutes } from './auth/routes';
import { cardPageRoutes, cardRoutes } from './cards/routes';
import { catalogRoutes } from './catalog/routes';
import { customerRoutes } from './customers/routes';
import { healthRoutes } from './health/routes';
import { networkRoutes } from './network/routes';
import { adminUserRoutes } from './users/routes';
import { notificationRoutes } from './notifications/routes';
import { customerOrderRoutes } from './orders/booking/routes';
import { engineerOrderRoutes } from './orders/field/routes';
import { noShowRoutes } from './orders/noShowRoutes';
import { staffOrderRoutes } from './orders/dispatch/routes';
import { orderContactRoutes } from './orders/contacts';
import { uploadRoutes } from './uploads/routes';
import { settingsRoutes } from './settings/routes';
import { complaintRoutes } from './complaints/routes';
import { auditRoutes } from './audit/routes';
import { exportRoutes } from './exports/routes';
import { surveyRoutes, surveyTemplateRoutes } from './surveys/routes';
import { returnVisitRoutes } from './returnVisits/routes';
import { qualityRoutes } from './quality/routes';
import { analyticsRoutes } from './analytics/routes';
import { governanceRoutes } from './governance/routes';
import { appealRoutes } from './appeals/routes';
import { promiseRoutes } from './promises/routes';
import { paymentRoutes } from './payments/routes';
import { applianceRoutes } from './appliances/routes';
import { maintenanceRoutes } from './maintenance/routes';

/**
 * Every route, in mounting order (the router takes the first match: `/orders/mine` is declared before `/orders/:id`).
 * Where each is mounted comes from its shared declaration: below /api/v1, or at the site root (health, card page).
 */
export function apiRoutes(deps: AppDeps, runtime: AppRuntime): AnyRouteSpec[] {
  return [
    ...healthRoutes(runtime),
    ...cardPageRoutes(deps),
    ...authRoutes(deps),
    ...catalogRoutes(),
    ...customerRoutes(),
    ...networkRoutes(deps),
    ...adminUserRoutes(deps),
    ...customerOrderRoutes(deps),
    ...engineerOrderRoutes(deps),
    ...noShowRoutes(deps),
    ...staffOrderRoutes(deps),
    ...orderContactRoutes(deps),
    ...uploadRoutes(deps, deps.storage),
    ...notificationRoutes(deps),
    ...settingsRoutes(deps),
    ...cardRoutes(deps),
    ...complaintRoutes(deps),
    ...auditRoutes(),
    ...exportRoutes(deps),
    ...surveyRoutes(deps),
    ...surveyTemplateRoutes(deps),
    ...returnVisitRoutes(deps),
    ...qualityRoutes(deps),
    ...analyticsRoutes(deps),
    ...governanceRoutes(deps),
    ...appealRoutes(deps),
    ...promiseRoutes(),
    ...paymentRoutes(deps),
    ...applianceRoutes(deps),
    ...maintenanceRoutes(),
  ];
}
