import { IdParams } from '../schemas/common';
import { AppealDetail, AppealListQuery, AppealPage, DecideAppealBody, FileAppealBody, OrderAppealItems } from '../schemas/appeal';
import { endpoint } from './endpoint';

const tags = ['appeals'] as const;

/**
 * Issue 20.2: engineers (or their outlet manager) contest a complaint, a low survey or a deadline breach that counts
 * against them; a platform admin decides. Rules in shared/src/domain/appeals.ts. S7: survey items and survey appeals
 * never reach an engineer.
 */
export const appeals = {
  items: endpoint({
    method: 'get',
    path: '/orders/:id/appeal-items',
    summary: 'What of this order counts against its engineer, and whether the caller may appeal each item now',
    description:
      'Complaints of the order and each missed deadline; for outlet managers and platform admins also the order’s survey when its overall score is at most 2 of 5 (never for an engineer, S7). ' +
      'Each item says by when it can be appealed and why not, when it cannot.',
    tags,
    auth: ['engineer', 'outlet_manager', 'platform_admin'],
    params: IdParams,
    response: OrderAppealItems,
    errors: ['not_found'],
  }),
  file: endpoint({
    method: 'post',
    path: '/orders/:id/appeals',
    summary: 'File an appeal of one item of the order, with a reason and evidence (timeline entries, photos of the order)',
    description:
      'The engineer of the order or a manager of its outlet (surveys: the manager only). Within `appealWindowDays` of the item; one live appeal per item ' +
      '(409 while one is under review or once decided). Evidence that is not this order’s answers 400 naming the field.',
    tags,
    auth: ['engineer', 'outlet_manager'],
    params: IdParams,
    body: FileAppealBody,
    status: 201,
    response: AppealDetail,
    errors: ['not_found', 'conflict', 'validation_failed'],
  }),
  list: endpoint({
    method: 'get',
    path: '/appeals',
    summary: 'Appeals: an engineer his own orders’ (never a survey appeal), a manager the outlet’s, a platform admin all; newest first',
    tags,
    auth: ['engineer', 'outlet_manager', 'platform_admin'],
    query: AppealListQuery,
    response: AppealPage,
  }),
  get: endpoint({
    method: 'get',
    path: '/appeals/:id',
    summary: 'One appeal with its evidence in words and photo links',
    tags,
    auth: ['engineer', 'outlet_manager', 'platform_admin'],
    params: IdParams,
    response: AppealDetail,
    errors: ['not_found'],
  }),
  decide: endpoint({
    method: 'post',
    path: '/appeals/:id/decide',
    summary: 'Uphold or reject an appeal, with a reason (platform admin; audited)',
    description:
      'Upheld removes the item from the quality score and recomputes the stored scores; rejected tells the engineer and the manager why. ' +
      'A compare-and-set on the state: of two decisions at once one is taken, the other answers 409.',
    tags,
    auth: ['platform_admin'],
    params: IdParams,
    body: DecideAppealBody,
    response: AppealDetail,
    errors: ['not_found', 'conflict'],
  }),
  withdraw: endpoint({
    method: 'post',
    path: '/appeals/:id/withdraw',
    summary: 'Withdraw an appeal under review (the filer, or a manager of the outlet)',
    tags,
    auth: ['engineer', 'outlet_manager'],
    params: IdParams,
    response: AppealDetail,
    errors: ['not_found', 'conflict'],
  }),
};
