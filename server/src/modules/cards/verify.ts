import { Types } from 'mongoose';
import { arrivalVerdict, cardVerdictText, visitEnds, visitStarts, type CardOrderMatch, type CardVerdict, type CardVerification, type CertificateType, hasPassedSkill } from '@fangxin/shared';
import type { AuthUser } from '../../core/authUser';
import type { EngineerRecord } from '../network/model';
import { engineerForScan, outletNameForScan } from '../network/reads';
import type { OrderRecord } from '../orders/model';
import { customerOrdersIn } from '../orders/reads';
import { changeOrder } from '../orders/mutate';
import { actorOf } from '../orders/actor';
import { ACTIVE_STATUSES } from '@fangxin/shared';
import { getPublishedCatalog, requiredCertificates } from '../catalog/service';
import { getSettings } from '../settings/service';
import { WorkCard, type WorkCardRecord } from './model';
import { presentPublicProfile } from './presenter';
import { cardKeys, readCardToken, tokenFromScan, verificationKeys, type CardTokenPayload } from './token';
import type { CardDeps } from './service';

/**
 * When a scan belongs to the booked visit, by the shared arrival rule (the one the check-in uses): the booked day,
 * Asia/Shanghai (a job that runs past its window is still the same visit). Within it the rule says early, on time or
 * late, in the words the check-in records; another day does not match.
 */
export function expectedWindow(slot: OrderRecord['slot']): { from: Date; to: Date } {
  return { from: visitStarts(slot), to: visitEnds(slot) };
}

type Catalog = Awaited<ReturnType<typeof getPublishedCatalog>>;

/** S6 at the door: the category's skill assessment passed and every certificate the work needs valid right now. */
function qualifiedFor(engineer: EngineerRecord, order: OrderRecord, catalog: Catalog, now: Date): boolean {
  if (!hasPassedSkill(engineer.skills, order.category)) return false;
  return requiredCertificates(catalog, order.category, order.serviceType).every((type: CertificateType) =>
    engineer.certificates.some((c) => c.type === type && new Date(c.expiresAt) > now),
  );
}

interface Checked {
  verdict: CardVerdict;
  payload: CardTokenPayload | null;
  card: WorkCardRecord | null;
  engineer: EngineerRecord | null;
}

/** Signature first; then the card and engineer the token names, which must exist and belong together. */
async function checkToken(deps: CardDeps, scanned: string, now: Date): Promise<Checked> {
  const reading = readCardToken(cardKeys(deps.signingKey), tokenFromScan(scanned), verificationKeys(deps.verifyKeys ?? []));
  if (!reading.ok) return { verdict: 'tampered', payload: null, card: null, engineer: null };
  const { payload } = reading;
  // The driver's collections directly: a scan is anonymous and frequent, and these are plain keyed reads.
  const [card, engineer] = await Promise.all([
    WorkCard.collection.findOne<WorkCardRecord>({ serial: payload.s }),
    engineerForScan(payload.e),
  ]);
  if (!card || !engineer || String(card.engineerId) !== String(engineer._id)) return { verdict: 'tampered', payload, card: null, engineer: null };
  // The most serious problem wins: a revoked card stays revoked however fresh its token.
  let verdict: CardVerdict = 'genuine';
  if (card.status !== 'active') verdict = 'revoked';
  else if (engineer.status !== 'active') verdict = 'engineer_suspended';
  else if (Math.floor(now.getTime() / 1000) > payload.exp) verdict = 'expired';
  return { verdict, payload, card, engineer };
}

/**
 * Matches the card against each of the customer's active orders and logs every check on that order's hash-chained
 * timeline (S3, S12). The flags are computed from the order as `changeOrder` reads it, so a reassignment takes
 * effect at the very next scan.
 */
async function matchCustomerOrders(deps: CardDeps, customer: AuthUser, checked: Checked, now: Date): Promise<CardOrderMatch[]> {
  const orders = await customerOrdersIn(new Types.ObjectId(customer.id), ACTIVE_STATUSES);
  const catalogs = new Map<number, Promise<Catalog>>();
  const catalogFor = (version: number) => {
    if (!catalogs.has(version)) catalogs.set(version, getPublishedCatalog(version));
    return catalogs.get(version)!;
  };
  const { verdict, engineer, payload } = checked;
  const matches: CardOrderMatch[] = [];
  for (const { _id, catalogVersion } of orders) {
    const catalog = engineer ? await catalogFor(catalogVersion) : null;
    let result: CardOrderMatch | null = null;
    await changeOrder(deps.clock, _id, actorOf(customer), (order) => {
      const window = expectedWindow(order.slot);
      const arrival = arrivalVerdict(order.slot, now);
      const assignedToThisOrder = !!engineer && !!order.engineerId && String(order.engineerId) === String(engineer._id);
      const inTimeWindow = arrival.withinVisit;
      const qualifiedForCategory = !!engineer && qualifiedFor(engineer, order, catalog as Catalog, now);
      const match = verdict === 'genuine' && assignedToThisOrder && inTimeWindow && qualifiedForCategory;
      result = {
        orderId: String(order._id),
        orderNo: order.orderNo,
        assignedToThisOrder,
        inTimeWindow,
        window: { from: window.from.toISOString(), to: window.to.toISOString() },
        arrival: { timing: arrival.timing, label: arrival.label, advice: arrival.advice },
        qualifiedForCategory,
        match,
      };
      return {
        type: 'card_verified',
        data: {
          verdict,
          serial: payload?.s ?? null,
          engineerId: engineer ? String(engineer._id) : null,
          engineerName: engineer?.name ?? null,
          tokenNonce: payload?.n ?? null,
          assignedToThisOrder,
          inTimeWindow,
          arrival: arrival.timing,
          arrivalLabel: arrival.label,
          qualifiedForCategory,
          match,
        },
      };
    });
    matches.push(result!);
  }
  return matches;
}

/**
 * Verifies a scanned card token for anyone (the public page, the apps). A signed-in customer also learns whether
 * this is the engineer for each of their active orders, and each check is logged on the order.
 */
export async function verifyCard(deps: CardDeps, scanned: string, viewer: AuthUser | undefined): Promise<CardVerification> {
  const now = deps.clock.now();
  const checked = await checkToken(deps, scanned, now);
  const { verdict, engineer, card, payload } = checked;
  const [outlet, { hotline }] = await Promise.all([engineer ? outletNameForScan(engineer.outletId) : null, getSettings()]);
  return {
    verdict,
    ...cardVerdictText(verdict, hotline),
    hotline,
    checkedAt: now.toISOString(),
    serial: card?.serial ?? null,
    tokenExpiresAt: card && payload ? new Date(payload.exp * 1000).toISOString() : null,
    engineer: engineer ? presentPublicProfile(engineer, outlet, now) : null,
    orders: viewer?.role === 'customer' ? await matchCustomerOrders(deps, viewer, checked, now) : [],
  };
}
