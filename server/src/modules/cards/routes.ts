import { z } from 'zod';
import {
  CARD_TOKEN_TTL_SECONDS,
  CardHistory,
  CardPublicKey,
  CardSerialParams,
  CardVerification,
  IdParams,
  MyCardView,
  ReissueCardBody,
  ReissueResult,
  RevokeCardBody,
  VerifyCardBody,
  WorkCardView,
} from '@fangxin/shared';
import { defineRoute, type AnyRouteSpec, type RouteContext } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { RateRule } from '../../http/rateLimit';
import type { AppDeps } from '../../deps';
import * as cards from './service';
import { verifyCard } from './verify';
import { TOKEN_FORMAT } from './token';
import { renderVerificationPage } from './page';

const CARD_MANAGERS = ['outlet_manager', 'platform_admin'] as const;

/** A scan costs a few reads (and, for customers, an order write): generous for a household, tight for a scraper. */
const verifyRate = (deps: AppDeps) => (ctx: RouteContext): RateRule[] => [
  { key: `card-verify-ip:${clientIp(ctx)}`, limit: deps.config.RATE_CARD_VERIFY_PER_IP_PER_MIN, windowSeconds: 60, message: '核验过于频繁，请稍后再试' },
];

const meta = (ctx: RouteContext) => ({ ip: clientIp(ctx), requestId: ctx.state.requestId });

const cardDeps = (deps: AppDeps): cards.CardDeps => ({ clock: deps.clock, signingKey: deps.config.CARD_SIGNING_KEY, publicBaseUrl: deps.config.PUBLIC_BASE_URL });

/** E-work cards (S3): lifecycle for managers, the engineer's live QR, verification for everyone. */
export function cardRoutes(deps: AppDeps): AnyRouteSpec[] {
  const cd = cardDeps(deps);
  return [
    defineRoute({
      method: 'post',
      path: '/engineers/:id/cards',
      summary: 'Issue a work card to an engineer (409 when one is already active)',
      description: 'Serial `FXC-<outlet code>-<6 base32 chars>`. At most one active card per engineer, even under concurrent requests. Audit-logged.',
      tags: ['cards'],
      auth: CARD_MANAGERS,
      access: { record: 'engineer', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      status: 201,
      response: WorkCardView,
      errors: ['not_found', 'conflict'],
      handler: (ctx, { params }) => cards.issueCard(deps.clock, ctx.state.user!, params.id, meta(ctx)),
    }),
    defineRoute({
      method: 'get',
      path: '/engineers/:id/cards',
      summary: 'An engineer’s cards, newest first, with who issued and revoked each',
      tags: ['cards'],
      auth: CARD_MANAGERS,
      access: { record: 'engineer', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      response: CardHistory,
      errors: ['not_found'],
      handler: (ctx, { params }) => cards.cardHistory(ctx.state.user!, params.id),
    }),
    defineRoute({
      method: 'post',
      path: '/engineers/:id/cards/reissue',
      summary: 'Revoke the engineer’s active card and issue a new serial (lost or damaged card)',
      description: 'Both cards are returned; the revoked one stops verifying at once. Audit-logged.',
      tags: ['cards'],
      auth: CARD_MANAGERS,
      access: { record: 'engineer', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: IdParams,
      body: ReissueCardBody,
      status: 201,
      response: ReissueResult,
      errors: ['not_found', 'conflict'],
      handler: (ctx, { params, body }) => cards.reissueCard(deps.clock, ctx.state.user!, params.id, body.reason, meta(ctx)),
    }),
    defineRoute({
      method: 'post',
      path: '/cards/:serial/revoke',
      summary: 'Revoke a work card',
      description: 'The card verifies as `revoked` from now on and its engineer receives no orders (S6). Audit-logged.',
      tags: ['cards'],
      auth: CARD_MANAGERS,
      access: { record: 'card', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      params: CardSerialParams,
      body: RevokeCardBody,
      response: WorkCardView,
      errors: ['not_found', 'conflict'],
      handler: (ctx, { params, body }) => cards.revokeCard(deps.clock, ctx.state.user!, params.serial, body.reason, meta(ctx)),
    }),
    defineRoute({
      method: 'get',
      path: '/me/card',
      summary: 'The engineer’s own work card with a fresh QR token',
      description: `The token is valid for ${CARD_TOKEN_TTL_SECONDS} s; fetch again after \`refreshAfterSeconds\`. No token while the card is revoked or the engineer suspended. Token format: ${TOKEN_FORMAT}`,
      tags: ['cards'],
      auth: ['engineer'],
      access: { anonymous: 401, customer: 403, engineer: 'any', manager: 403, admin: 403 },
      response: MyCardView,
      handler: (ctx) => cards.myCard(cd, ctx.state.user!),
    }),
    defineRoute({
      method: 'get',
      path: '/cards/public-key',
      summary: 'The public key that verifies card QR tokens (PEM and JWK), for offline checks',
      description: `Token format: ${TOKEN_FORMAT}`,
      tags: ['cards'],
      auth: 'public',
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      response: CardPublicKey,
      handler: () => cards.publicKey(deps.config.CARD_SIGNING_KEY),
    }),
    defineRoute({
      method: 'post',
      path: '/cards/verify',
      summary: 'Verify a scanned work card: genuine / expired / revoked / engineer_suspended / tampered',
      description:
        'The engineer’s public profile (never a phone number) comes back whenever the signature is valid and the card exists. ' +
        'A signed-in customer also gets `orders`: for each of their orders in an active status, whether this engineer is assigned to it ' +
        '(read from the order at every check), whether now is in its time window (2 h before the booked window until the end of that day, ' +
        'Asia/Shanghai), whether the engineer is qualified for its category now, and `match` (genuine and all three). ' +
        `Each such check is appended to the order’s timeline as a \`card_verified\` event. Token format: ${TOKEN_FORMAT}`,
      tags: ['cards'],
      auth: 'optional',
      access: { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      body: VerifyCardBody,
      response: CardVerification,
      errors: ['too_many_requests'],
      rateLimit: verifyRate(deps),
      handler: (ctx, { body }) => verifyCard(cd, body.token, ctx.state.user),
    }),
  ];
}

/** Mounted at the root: what a plain phone camera opens from the QR code. */
export function cardPageRoutes(deps: AppDeps): AnyRouteSpec[] {
  const cd = cardDeps(deps);
  return [
    defineRoute({
      method: 'get',
      path: '/v/:token',
      summary: 'Public work card verification page (HTML, mobile)',
      description:
        'Shows the verdict in large type (green 真实有效, or red with what is wrong), the engineer’s photo or initials, name, employee number, ' +
        'outlet, skills and certificates with their validity. Anonymous: the order match is done in the app. Any garbage token renders the red page.',
      tags: ['cards'],
      auth: 'public',
      access: { record: 'cardToken', anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' },
      params: z.object({ token: z.string() }),
      produces: 'text/html',
      errors: ['too_many_requests'],
      rateLimit: verifyRate(deps),
      handler: async (ctx, { params }) => {
        const result = await verifyCard(cd, params.token, undefined);
        ctx.type = 'html';
        ctx.set('Cache-Control', 'no-store');
        return renderVerificationPage(result);
      },
    }),
  ];
}
