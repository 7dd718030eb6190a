import { api } from '@fangxin/shared';
import { route, type AccessMatrix, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import { command } from './command';
import * as noShow from './noShow';

/** The engineer's own assigned order. */
const ENGINEER_STEP: AccessMatrix = { record: 'order', anonymous: 401, customer: 403, engineer: 'own', manager: 403, admin: 403 };
/** The customer's own order. */
const CUSTOMER_STEP: AccessMatrix = { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 };
/** Either party of the order (a proposal and its answer). */
const EITHER_PARTY: AccessMatrix = { record: 'order', anonymous: 401, customer: 'own', engineer: 'own', manager: 403, admin: 403 };

/** Issue 20.1: the customer-not-home protocol and rescheduling by agreement after departure. */
export function noShowRoutes(deps: AppDeps): AnyRouteSpec[] {
  const clock = deps.clock;
  return [
    route(api.noShow.nobodyHome, { access: ENGINEER_STEP, handler: command(deps, ['engineer'], ({ params, body }) => noShow.reportNobodyHome(clock, params.id, body)) }),
    route(api.noShow.answerDoor, { access: CUSTOMER_STEP, handler: command(deps, ['customer'], () => noShow.answerDoor(clock)) }),
    route(api.noShow.endNoShow, { access: ENGINEER_STEP, handler: command(deps, ['engineer'], () => noShow.endNoShow(clock)) }),
    route(api.noShow.rebook, { access: CUSTOMER_STEP, handler: command(deps, ['customer'], ({ body }) => noShow.rebookAfterNoShow(clock, body.slot)) }),
    route(api.noShow.propose, { access: EITHER_PARTY, handler: command(deps, ['customer', 'engineer'], ({ body }, user) => noShow.proposeReschedule(clock, user, body.slot)) }),
    route(api.noShow.acceptProposal, { access: EITHER_PARTY, handler: command(deps, ['customer', 'engineer'], (_input, user) => noShow.acceptReschedule(clock, user)) }),
    route(api.noShow.declineProposal, { access: EITHER_PARTY, handler: command(deps, ['customer', 'engineer'], ({ body }, user) => noShow.declineReschedule(clock, user, body.reason)) }),
  ];
}
