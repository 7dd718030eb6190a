import { IdParams } from '../schemas/common';
import { AssignReturnVisitBody, ReturnVisitListQuery, ReturnVisitOutcomeBody, ReturnVisitPage, ReturnVisitView } from '../schemas/returnVisit';
import { endpoint } from './endpoint';

const tags = ['return-visits'] as const;
const STAFF = ['outlet_manager', 'platform_admin'] as const;

/** Return visits: outlet staff call customers back after low surveys, resolved complaints, and a sample of orders. */
export const returnVisits = {
  list: endpoint({
    method: 'get',
    path: '/return-visits',
    summary: 'Return-visit tasks of my outlet (all outlets for platform admins), open first, soonest due first',
    description: '`overdue` on each task: open and past its due time.',
    tags,
    auth: STAFF,
    query: ReturnVisitListQuery,
    response: ReturnVisitPage,
  }),
  get: endpoint({
    method: 'get',
    path: '/return-visits/:id',
    summary: 'One return-visit task (another outlet’s is 404)',
    tags,
    auth: STAFF,
    params: IdParams,
    response: ReturnVisitView,
    errors: ['not_found'],
  }),
  recordOutcome: endpoint({
    method: 'post',
    path: '/return-visits/:id/outcome',
    summary: 'Record the call’s outcome; the task is done (audited, on the order’s timeline)',
    tags,
    auth: STAFF,
    params: IdParams,
    body: ReturnVisitOutcomeBody,
    response: ReturnVisitView,
    errors: ['not_found', 'illegal_transition'],
  }),
  assign: endpoint({
    method: 'post',
    path: '/return-visits/:id/assign',
    summary: 'Assign an open task to a manager of its outlet (audited)',
    tags,
    auth: STAFF,
    params: IdParams,
    body: AssignReturnVisitBody,
    response: ReturnVisitView,
    errors: ['not_found', 'illegal_transition'],
  }),
};
