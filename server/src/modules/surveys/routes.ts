import { z } from 'zod';
import {
  IdParams,
  OrderSurveyView,
  SubmitSurveyBody,
  SubmitSurveyResult,
  SurveyExportQuery,
  SurveyFilterQuery,
  SurveyListQuery,
  SurveySummary,
  SurveyTemplateInput,
  SurveyTemplatePatch,
  SurveyTemplateView,
  SurveyView,
  pageOf,
} from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec, type RouteContext } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { AppDeps } from '../../deps';
import * as surveys from './service';
import * as results from './results';
import * as templates from './templates';
import { exportSurveysCsv } from './export';

const STAFF = ['outlet_manager', 'platform_admin'] as const;
const ADMIN = ['platform_admin'] as const;
const audit = (ctx: RouteContext) => ({ actorId: ctx.state.user!.id, actorRole: ctx.state.user!.role, ip: clientIp(ctx), requestId: ctx.state.requestId });

/** S7 surveys: the customer answers; staff read answers and aggregates (engineers never see single answers). */
export function surveyRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/orders/:id/survey',
      summary: 'The order’s satisfaction survey: the questions, whether it can be answered now and until when, or the answer given',
      description: 'The order’s customer, or its outlet’s staff. Engineers cannot read survey answers.',
      tags: ['surveys'],
      auth: ['customer', 'outlet_manager', 'platform_admin'],
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      response: OrderSurveyView,
      errors: ['not_found'],
      handler: (ctx, { params }) => surveys.getOrderSurvey(deps.clock, ctx.state.user!, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/orders/:id/survey',
      summary: 'Answer the survey of a closed order (S7): once, within the survey window',
      description:
        'Scores 1–5 for each element of the template, yes/no on the problem, optional 0–10 recommendation and comment (≤ 500). A low result (any element ≤ 2, overall ≤ 3, or problem not solved) opens a return-visit task and returns `followUp` inviting a free second visit (POST /api/v1/orders/{id}/rework) or a complaint (POST /api/v1/orders/{id}/complaints).',
      tags: ['surveys'],
      auth: ['customer'],
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      params: IdParams,
      body: SubmitSurveyBody,
      status: 201,
      response: SubmitSurveyResult,
      errors: ['not_found', 'survey_not_available', 'survey_already_submitted', 'survey_window_closed', 'conflict'],
      handler: (ctx, { params, body }) => surveys.submitSurvey(deps.clock, ctx.state.user!, params.id, body),
    }),
    defineRoute({
      method: 'get',
      path: '/surveys',
      summary: 'Survey answers of my outlet (all outlets for platform admins), newest first',
      tags: ['surveys'],
      auth: STAFF,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      query: SurveyListQuery,
      response: pageOf(SurveyView),
      handler: (ctx, { query }) => results.listSurveys(ctx.state.user!, query),
    }),
    // Before `/surveys/:id`, so `summary` is never read as an id.
    defineRoute({
      method: 'get',
      path: '/surveys/summary',
      summary: 'Per-element averages and counts for the same filters as the list',
      tags: ['surveys'],
      auth: STAFF,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      query: SurveyFilterQuery,
      response: SurveySummary,
      handler: (ctx, { query }) => results.surveySummary(ctx.state.user!, query),
    }),
    defineRoute({
      method: 'get',
      path: '/surveys/:id',
      summary: 'One survey answer (another outlet’s is 404)',
      tags: ['surveys'],
      auth: STAFF,
      access: { record: 'survey', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      response: SurveyView,
      errors: ['not_found'],
      handler: (ctx, { params }) => results.getSurvey(ctx.state.user!, params.id),
    }),
    defineRoute({
      method: 'get',
      path: '/admin/exports/surveys.csv',
      summary: 'Export survey answers as CSV (streamed; UTF-8 with BOM for Excel; bilingual header)',
      description: 'One row per survey answered between `from` and `to` (Asia/Shanghai days, inclusive; at most 366 days). Outlet managers export their own outlet; platform admins one outlet (outletId) or all. Audit-logged.',
      tags: ['surveys', 'exports'],
      auth: STAFF,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 'any', admin: 'any' },
      query: SurveyExportQuery,
      produces: 'text/csv',
      errors: ['not_found'],
      handler: async (ctx, { query }) => {
        const { filename, stream } = await exportSurveysCsv(deps.clock, ctx.state.user!, query, { ip: clientIp(ctx), requestId: ctx.state.requestId });
        ctx.type = 'text/csv; charset=utf-8';
        ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
        ctx.set('Cache-Control', 'no-store');
        return stream;
      },
    }),
  ];
}

/** Platform admins: survey templates, one of them the default customers answer. */
export function surveyTemplateRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/admin/survey-templates',
      summary: 'All survey templates, newest first',
      tags: ['surveys'],
      auth: ADMIN,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      response: z.object({ items: z.array(SurveyTemplateView) }),
      handler: () => templates.listTemplates(deps.clock),
    }),
    defineRoute({
      method: 'post',
      path: '/admin/survey-templates',
      summary: 'Create a survey template (elements from the nine S7 elements; `overall` required)',
      tags: ['surveys'],
      auth: ADMIN,
      access: { anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      body: SurveyTemplateInput,
      status: 201,
      response: SurveyTemplateView,
      errors: ['conflict'],
      handler: (ctx, { body }) => templates.createTemplate(deps.clock, body, audit(ctx)),
    }),
    defineRoute({
      method: 'get',
      path: '/admin/survey-templates/:id',
      summary: 'One survey template',
      tags: ['surveys'],
      auth: ADMIN,
      access: { record: 'template', anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      params: IdParams,
      response: SurveyTemplateView,
      errors: ['not_found'],
      handler: (_ctx, { params }) => templates.getTemplate(params.id),
    }),
    defineRoute({
      method: 'patch',
      path: '/admin/survey-templates/:id',
      summary: 'Edit a template: name and active any time; questions only while nobody has answered with it',
      tags: ['surveys'],
      auth: ADMIN,
      access: { record: 'template', anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      params: IdParams,
      body: SurveyTemplatePatch,
      response: SurveyTemplateView,
      errors: ['not_found', 'conflict'],
      handler: (ctx, { params, body }) => templates.updateTemplate(deps.clock, params.id, body, audit(ctx)),
    }),
    defineRoute({
      method: 'delete',
      path: '/admin/survey-templates/:id',
      summary: 'Delete a template that is neither the default nor answered with',
      tags: ['surveys'],
      auth: ADMIN,
      access: { record: 'template', anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      params: IdParams,
      status: 204,
      response: null,
      errors: ['not_found', 'conflict'],
      handler: async (ctx, { params }) => {
        await templates.deleteTemplate(deps.clock, params.id, audit(ctx));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/admin/survey-templates/:id/default',
      summary: 'Make an active template the default customers answer',
      tags: ['surveys'],
      auth: ADMIN,
      access: { record: 'template', anonymous: 401, customer: 403, engineer: 403, manager: 403, admin: 'any' },
      params: IdParams,
      response: SurveyTemplateView,
      errors: ['not_found', 'conflict'],
      handler: (ctx, { params }) => templates.setDefaultTemplate(deps.clock, params.id, audit(ctx)),
    }),
  ];
}
