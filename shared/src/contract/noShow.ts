import { IdParams } from '../schemas/common';
import { OrderView } from '../schemas/order';
import { RescheduleProposalBody } from '../schemas/noShow';
import { DeclineProposalBody, NobodyHomeBody } from '../domain/noShow';
import { endpoint } from './endpoint';

/**
 * Issue 20.1: the customer-not-home protocol and rescheduling by agreement after departure (rules in
 * shared/src/domain/noShow.ts). Each answers the order as the caller sees it.
 */
export const noShow = {
  nobodyHome: endpoint({
    method: 'post',
    path: '/orders/:id/nobody-home',
    summary: 'The engineer on the way reports “arrived, nobody answers” with the location and a site photo; the wait starts',
    description:
      'The photo is a `report_photo` upload of this order. The customer is notified; the wait lasts the `noShowWaitMinutes` setting. ' +
      'Reported before the arrival deadline, the arrival counts as on time whenever the customer opens. 409 when a wait is already running.',
    tags: ['orders'],
    auth: ['engineer'],
    params: IdParams,
    body: NobodyHomeBody,
    response: OrderView,
    errors: ['not_found', 'illegal_transition', 'conflict', 'validation_failed'],
  }),
  answerDoor: endpoint({
    method: 'post',
    path: '/orders/:id/answer-door',
    summary: 'The customer answers while the engineer waits (“我在家，马上开门”): the visit goes on',
    tags: ['orders'],
    auth: ['customer'],
    params: IdParams,
    response: OrderView,
    errors: ['not_found', 'illegal_transition', 'conflict'],
  }),
  endNoShow: endpoint({
    method: 'post',
    path: '/orders/:id/no-show',
    summary: 'The engineer ends the visit as a customer no-show, once the wait ran out unanswered',
    description:
      'The order goes back to 已接单 with the same engineer and waits for the customer’s new window. The arrival deadline is excused (it counts ' +
      'neither as met nor as missed in the quality score). The wasted-trip fee is due only when the catalogue published one and the booking screen showed it. ' +
      '409 while the wait still runs or after the customer answered.',
    tags: ['orders'],
    auth: ['engineer'],
    params: IdParams,
    response: OrderView,
    errors: ['not_found', 'illegal_transition', 'conflict'],
  }),
  rebook: endpoint({
    method: 'post',
    path: '/orders/:id/no-show/rebook',
    summary: 'After a no-show, the customer picks a new window for the same order',
    description: 'Capacity and the engineer’s window are reserved for the new window and released for the old one, as in a reschedule; no change cutoff (the missed window is past).',
    tags: ['orders'],
    auth: ['customer'],
    params: IdParams,
    body: RescheduleProposalBody,
    response: OrderView,
    errors: ['not_found', 'illegal_transition', 'conflict', 'slot_full', 'slot_unavailable', 'validation_failed'],
  }),
  propose: endpoint({
    method: 'post',
    path: '/orders/:id/reschedule-proposals',
    summary: 'After the engineer set off, propose a new window (the engineer or the customer); the other side is asked',
    tags: ['orders'],
    auth: ['engineer', 'customer'],
    params: IdParams,
    body: RescheduleProposalBody,
    response: OrderView,
    errors: ['not_found', 'illegal_transition', 'conflict', 'slot_unavailable', 'validation_failed'],
  }),
  acceptProposal: endpoint({
    method: 'post',
    path: '/orders/:id/reschedule-proposals/accept',
    summary: 'The other side accepts the proposed window: the order moves there (back to 已接单; the engineer sets off again on the day)',
    tags: ['orders'],
    auth: ['engineer', 'customer'],
    params: IdParams,
    response: OrderView,
    errors: ['not_found', 'illegal_transition', 'conflict', 'slot_full', 'slot_unavailable'],
  }),
  declineProposal: endpoint({
    method: 'post',
    path: '/orders/:id/reschedule-proposals/decline',
    summary: 'The other side declines the proposed window: nothing moves',
    tags: ['orders'],
    auth: ['engineer', 'customer'],
    params: IdParams,
    body: DeclineProposalBody,
    response: OrderView,
    errors: ['not_found', 'illegal_transition', 'conflict'],
  }),
};
