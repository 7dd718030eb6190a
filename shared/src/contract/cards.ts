import { IdParams } from '../schemas/common';
import {
  CARD_TOKEN_FORMAT,
  CARD_TOKEN_TTL_SECONDS,
  CardHistory,
  CardPublicKey,
  CardSerialParams,
  CardTokenParams,
  CardVerification,
  MyCardView,
  ReissueCardBody,
  ReissueResult,
  RevokeCardBody,
  VerifyCardBody,
  WorkCardView,
} from '../schemas/card';
import { OfflineCardCheckBody, OfflineCardCheckResult } from '../schemas/cardOffline';
import { endpoint } from './endpoint';

const CARD_MANAGERS = ['outlet_manager', 'platform_admin'] as const;

/** E-work cards (S3): lifecycle for managers, the engineer's live QR, verification for everyone. */
export const cards = {
  issue: endpoint({
    method: 'post',
    path: '/engineers/:id/cards',
    summary: 'Issue a work card to an engineer (409 when one is already active)',
    description: 'Serial `FXC-<outlet code>-<6 base32 chars>`. At most one active card per engineer, even under concurrent requests. Audit-logged.',
    tags: ['cards'],
    auth: CARD_MANAGERS,
    params: IdParams,
    status: 201,
    response: WorkCardView,
    errors: ['not_found', 'conflict'],
  }),
  history: endpoint({
    method: 'get',
    path: '/engineers/:id/cards',
    summary: 'An engineer’s cards, newest first, with who issued and revoked each',
    tags: ['cards'],
    auth: CARD_MANAGERS,
    params: IdParams,
    response: CardHistory,
    errors: ['not_found'],
  }),
  reissue: endpoint({
    method: 'post',
    path: '/engineers/:id/cards/reissue',
    summary: 'Revoke the engineer’s active card and issue a new serial (lost or damaged card)',
    description: 'Both cards are returned; the revoked one stops verifying at once. Audit-logged.',
    tags: ['cards'],
    auth: CARD_MANAGERS,
    params: IdParams,
    body: ReissueCardBody,
    status: 201,
    response: ReissueResult,
    errors: ['not_found', 'conflict'],
  }),
  revoke: endpoint({
    method: 'post',
    path: '/cards/:serial/revoke',
    summary: 'Revoke a work card',
    description: 'The card verifies as `revoked` from now on and its engineer receives no orders (S6). Audit-logged.',
    tags: ['cards'],
    auth: CARD_MANAGERS,
    params: CardSerialParams,
    body: RevokeCardBody,
    response: WorkCardView,
    errors: ['not_found', 'conflict'],
  }),
  mine: endpoint({
    method: 'get',
    path: '/me/card',
    summary: 'The engineer’s own work card with a fresh QR token',
    description: `The token is valid for ${CARD_TOKEN_TTL_SECONDS} s; fetch again after \`refreshAfterSeconds\`. No token while the card is revoked or the engineer suspended. Token format: ${CARD_TOKEN_FORMAT}`,
    tags: ['cards'],
    auth: ['engineer'],
    response: MyCardView,
  }),
  publicKey: endpoint({
    method: 'get',
    path: '/cards/public-key',
    summary: 'The public key that verifies card QR tokens (PEM and JWK), for offline checks',
    description: `Token format: ${CARD_TOKEN_FORMAT}`,
    tags: ['cards'],
    auth: 'public',
    response: CardPublicKey,
  }),
  verify: endpoint({
    method: 'post',
    path: '/cards/verify',
    summary: 'Verify a scanned work card: genuine / expired / revoked / engineer_suspended / tampered',
    description:
      'The engineer’s public profile (never a phone number) comes back whenever the signature is valid and the card exists. ' +
      'A signed-in customer also gets `orders`: for each of their orders in an active status, whether this engineer is assigned to it ' +
      '(read from the order at every check), whether now is in its visit (the booked day, Asia/Shanghai) and how an arrival now stands by the ' +
      'shared arrival rule (`arrival`: early / on time / late, the words the check-in records), whether the engineer is qualified for its ' +
      'category now, and `match` (genuine and all three). The platform hotline comes back for verdicts that say to call customer service. ' +
      `Each such check is appended to the order’s timeline as a \`card_verified\` event. Token format: ${CARD_TOKEN_FORMAT}`,
    tags: ['cards'],
    auth: 'optional',
    body: VerifyCardBody,
    response: CardVerification,
    errors: ['too_many_requests'],
  }),
  recordOffline: endpoint({
    method: 'post',
    path: '/orders/:id/card-checks/offline',
    summary: 'Record on the order a work-card check the customer’s app made offline, once back online',
    description:
      'The server checks the token again itself (signature by the signing key or a key accepted during rotation; expiry against the check time ' +
      'the phone reports, which must not be in the future nor older than the offline limit), looks up the card and engineer now, and appends one ' +
      '`card_verified_offline` event (离线核验（联网后补记）) to the order. Sent again with the same `checkId`, nothing new is written (`recorded: false`). ' +
      'Only the order’s customer; another order answers 404.',
    tags: ['cards'],
    auth: ['customer'],
    params: IdParams,
    body: OfflineCardCheckBody,
    response: OfflineCardCheckResult,
    errors: ['not_found', 'validation_failed', 'too_many_requests'],
  }),
  /** Mounted at the root: what a plain phone camera opens from the QR code. */
  page: endpoint({
    method: 'get',
    path: '/v/:token',
    root: true,
    summary: 'Public work card verification page (HTML, mobile)',
    description:
      'Shows the verdict in large type (green 真实有效, or red with what is wrong), the engineer’s photo or initials, name, employee number, ' +
      'outlet, skills and certificates with their validity, and the hotline. It makes no order check itself: a button opens the app’s verify page ' +
      'with the token (same origin, where the customer is signed in), which checks it against the customer’s active orders and records the check ' +
      'on the order, or asks them to sign in. Any garbage token renders the red page.',
    tags: ['cards'],
    auth: 'public',
    params: CardTokenParams,
    response: null,
    produces: 'text/html',
    errors: ['too_many_requests'],
  }),
};
