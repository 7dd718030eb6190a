import { api } from '@fangxin/shared';
import { route, type AnyRouteSpec, type RouteContext } from '../../http/route';
import { clientIp } from '../../http/auth';
import type { RateRule } from '../../http/rateLimit';
import type { AppDeps } from '../../deps';
import * as cards from './service';
import { verifyCard } from './verify';
import { recordOfflineCheck } from './offline';
import { renderVerificationPage } from './page';

/** A scan costs a few reads (and, for customers, an order write): generous for a household, tight for a scraper. */
const verifyRate = (deps: AppDeps) => (ctx: RouteContext): RateRule[] => [
  { key: `card-verify-ip:${clientIp(ctx)}`, limit: deps.config.RATE_CARD_VERIFY_PER_IP_PER_MIN, windowSeconds: 60, message: '核验过于频繁，请稍后再试' },
];

const meta = (ctx: RouteContext) => ({ ip: clientIp(ctx), requestId: ctx.state.requestId });

const cardDeps = (deps: AppDeps): cards.CardDeps => ({
  clock: deps.clock,
  signingKey: deps.config.CARD_SIGNING_KEY,
  verifyKeys: deps.config.CARD_VERIFY_KEYS,
  publicBaseUrl: deps.config.PUBLIC_BASE_URL,
});

const MANAGERS_ON_ENGINEER = { record: 'engineer', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' } as const;
const EVERYONE = { anonymous: 'any', customer: 'any', engineer: 'any', manager: 'any', admin: 'any' } as const;

/** E-work cards (S3): lifecycle for managers, the engineer's live QR, verification for everyone. */
export function cardRoutes(deps: AppDeps): AnyRouteSpec[] {
  const cd = cardDeps(deps);
  return [
    route(api.cards.issue, {
      access: MANAGERS_ON_ENGINEER,
      handler: (ctx, { params }) => cards.issueCard(deps.clock, ctx.state.user!, params.id, meta(ctx)),
    }),
    route(api.cards.history, {
      access: MANAGERS_ON_ENGINEER,
      handler: (ctx, { params }) => cards.cardHistory(ctx.state.user!, params.id),
    }),
    route(api.cards.reissue, {
      access: MANAGERS_ON_ENGINEER,
      handler: (ctx, { params, body }) => cards.reissueCard(deps.clock, ctx.state.user!, params.id, body.reason, meta(ctx)),
    }),
    route(api.cards.revoke, {
      access: { record: 'card', anonymous: 401, customer: 403, engineer: 403, manager: 'outlet', admin: 'any' },
      handler: (ctx, { params, body }) => cards.revokeCard(deps.clock, ctx.state.user!, params.serial, body.reason, meta(ctx)),
    }),
    route(api.cards.mine, {
      access: { anonymous: 401, customer: 403, engineer: 'any', manager: 403, admin: 403 },
      handler: (ctx) => cards.myCard(cd, ctx.state.user!),
    }),
    route(api.cards.publicKey, {
      access: EVERYONE,
      handler: () => cards.publicKey(deps.config.CARD_SIGNING_KEY, deps.config.CARD_VERIFY_KEYS),
    }),
    route(api.cards.verify, {
      access: EVERYONE,
      rateLimit: verifyRate(deps),
      handler: (ctx, { body }) => verifyCard(cd, body.token, ctx.state.user),
    }),
    route(api.cards.recordOffline, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 403, manager: 403, admin: 403 },
      rateLimit: verifyRate(deps),
      handler: (ctx, { params, body }) => recordOfflineCheck(cd, ctx.state.user!, params.id, body),
    }),
  ];
}

/** Mounted at the root: what a plain phone camera opens from the QR code. */
export function cardPageRoutes(deps: AppDeps): AnyRouteSpec[] {
  const cd = cardDeps(deps);
  return [
    route(api.cards.page, {
      access: { record: 'cardToken', ...EVERYONE },
      rateLimit: verifyRate(deps),
      handler: async (ctx, { params }) => {
        const result = await verifyCard(cd, params.token, undefined);
        ctx.type = 'html';
        ctx.set('Cache-Control', 'no-store');
        ctx.body = renderVerificationPage(result, params.token);
      },
    }),
  ];
}
