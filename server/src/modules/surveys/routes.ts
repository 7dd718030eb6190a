import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec, type RouteContext } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { AppDeps } from '../../deps';
import * as surveys from './service';
import * as results from './results';
import * as templates from './templates';
import { exportSurveysCsv } from './export';

const audit = (ctx: RouteContext) => ({ actorId: ctx.state.user!.id, actorRole: ctx.state.user!.role, ip: clientIp(ctx), requestId: ctx.state.requestId });
const STAFF_ONLY = { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' } as const;
const ADMIN_ONLY = { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' } as const;
const TEMPLATE = { record: 'template', ...ADMIN_ONLY } as const;

/** S7 surveys: the customer answers; staff read answers and aggregates (engineers never see single answers). */
export function surveyRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    route(api.surveys.ofOrder, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 'outlet', admin: 'any' },
      handler: (ctx, { params }) => surveys.getOrderSurvey(deps.clock, ctx.state.user!, params.id),
    }),
    route(api.surveys.submit, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      handler: (ctx, { params, body }) => surveys.submitSurvey(deps.clock, ctx.state.user!, params.id, body),
    }),
    route(api.surveys.list, {
      access: STAFF_ONLY,
      handler: (ctx, { query }) => results.listSurveys(ctx.state.user!, query),
    }),
    // Before `/surveys/:id`, so `summary` is never read as an id.
    route(api.surveys.summary, {
      access: STAFF_ONLY,
      handler: (ctx, { query }) => results.surveySummary(ctx.state.user!, query),
    }),
    route(api.surveys.get, {
      access: { record: 'survey', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: (ctx, { params }) => results.getSurvey(ctx.state.user!, params.id),
    }),
    route(api.surveys.exportCsv, {
      access: STAFF_ONLY,
      handler: async (ctx, { query }) => {
        const { filename, stream } = await exportSurveysCsv(deps.clock, ctx.state.user!, query, { ip: clientIp(ctx), requestId: ctx.state.requestId });
        ctx.type = 'text/csv; charset=utf-8';
        ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
        ctx.set('Cache-Control', 'no-store');
        ctx.body = stream;
      },
    }),
  ];
}

/** Platform admins: survey templates, one of them the default customers answer. */
export function surveyTemplateRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    route(api.surveys.listTemplates, {
      access: ADMIN_ONLY,
      handler: () => templates.listTemplates(deps.clock),
    }),
    route(api.surveys.createTemplate, {
      access: ADMIN_ONLY,
      handler: (ctx, { body }) => templates.createTemplate(deps.clock, body, audit(ctx)),
    }),
    route(api.surveys.getTemplate, {
      access: TEMPLATE,
      handler: (_ctx, { params }) => templates.getTemplate(params.id),
    }),
    route(api.surveys.updateTemplate, {
      access: TEMPLATE,
      handler: (ctx, { params, body }) => templates.updateTemplate(deps.clock, params.id, body, audit(ctx)),
    }),
    route(api.surveys.deleteTemplate, {
      access: TEMPLATE,
      handler: async (ctx, { params }) => {
        await templates.deleteTemplate(deps.clock, params.id, audit(ctx));
      },
    }),
    route(api.surveys.setDefaultTemplate, {
      access: TEMPLATE,
      handler: (ctx, { params }) => templates.setDefaultTemplate(deps.clock, params.id, audit(ctx)),
    }),
  ];
}
