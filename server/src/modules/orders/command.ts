import type { Types } from 'mongoose';
import type { OrderAction, OrderView } from '@fangxin/shared';
import { AppError } from '../../core/errors';
import type { AuthUser } from '../../core/authUser';
import type { Clock } from '../../lib/clock';
import type { RouteContext } from '../../http/route';
import { relationTo, type Relation } from './access';
import { actorOf, SYSTEM_ACTOR } from './actor';
import type { OrderRecord } from './model';
import { changeOrder, type OrderChange } from './mutate';
import { presentOrder } from './presenter';

/**
 * One change of an order as a use case describes it: the state-machine action, how to build the change from the
 * current version, and what to do once it is written. Who may run it is the caller's part (see runCommand).
 */
export interface OrderCommand<T = void> {
  /** The action of the state machine; changeOrder refuses it (409 illegal_transition) unless legal on the version read. */
  action?: OrderAction;
  /**
   * The change, decided on the version it is given (reads such as the catalogue or settings are fine). It runs again
   * on the newer version when another change wins the compare-and-set, so it decides, it does not act.
   */
  build(order: OrderRecord): Omit<OrderChange, 'action'> | Promise<Omit<OrderChange, 'action'>>;
  /** After the write (notifications): gets the written order and the version it was built on; returns the command's result. */
  after?(updated: OrderRecord, before: OrderRecord): T | Promise<T>;
  /**
   * What a caller who related to the order when first read, but no longer does on the newer version a retry reads,
   * is told: an offered engineer who lost the race is told the order was taken. Anyone else gets 404.
   */
  lost?: () => AppError;
  /**
   * Whether a caller with no relation to the version read did relate to the order before (an engineer it was offered
   * to, now that another took it): told `lost()` rather than 404, also when the first read already finds it taken.
   */
  wasRelated?: (order: OrderRecord, user: AuthUser) => boolean;
  /** Puts an error of the change (its build or its write) in the use case's terms. */
  rephrase?: (err: unknown) => unknown;
}

/** Who runs a command: a user in one of the allowed relations to the order, or the platform itself (sweepers, jobs). */
export type Caller = { user: AuthUser; allowed: readonly Relation[] } | 'system';

export interface CommandOutcome<T> {
  /** The order as written. */
  order: OrderRecord;
  /** The caller's relation to the version the change was built on (null for the system). */
  relation: Relation | null;
  result: T;
}

/**
 * Runs a command: one read per attempt (changeOrder's), on which the caller's relation is checked (anyone not in an
 * allowed relation gets 404 `not_found` '订单不存在', exactly as loadOrderFor answers), then `build` and the state
 * machine, one compare-and-set; then `after`. Routes get the order and the relation to present it.
 */
export async function runCommand<T = void>(clock: Clock, caller: Caller, orderId: Types.ObjectId | string, command: OrderCommand<T>): Promise<CommandOutcome<T>> {
  // Set by `build` on each attempt (typed wide: they are assigned inside the callback).
  let relation = null as Relation | null;
  let before = null as OrderRecord | null;
  const actor = caller === 'system' ? SYSTEM_ACTOR : actorOf(caller.user);
  const order = await changeOrder(clock, orderId, actor, async (current) => {
    if (caller !== 'system') {
      const now = relationTo(current, caller.user, clock.now());
      if (!now || !caller.allowed.includes(now)) {
        throw command.lost && (before || command.wasRelated?.(current, caller.user)) ? command.lost() : new AppError('not_found', '订单不存在');
      }
      relation = now;
    }
    before = current;
    const change = await command.build(current);
    return command.action ? { ...change, action: command.action } : change;
  }).catch((err: unknown) => {
    throw command.rephrase ? command.rephrase(err) : err;
  });
  const result = command.after ? await command.after(order, before!) : (undefined as T);
  return { order, relation, result };
}

type OrderPresenter = (order: OrderRecord, relation?: Relation) => OrderView;

/**
 * A route handler that runs a command on the order its path names (`:id`) for the signed-in caller and presents the
 * written order for the caller's relation, or answers what `reply` makes of the outcome.
 */
export function command<I extends { params: { id: string } }, T = void, R = OrderView>(
  deps: { clock: Clock },
  allowed: readonly Relation[],
  make: (input: I, user: AuthUser) => OrderCommand<T>,
  reply?: (outcome: CommandOutcome<T>, present: OrderPresenter) => R,
): (ctx: RouteContext, input: I) => Promise<R> {
  return async (ctx, input) => {
    const user = ctx.state.user!;
    const outcome = await runCommand(deps.clock, { user, allowed }, input.params.id, make(input, user));
    const present: OrderPresenter = (order, relation = outcome.relation!) => presentOrder(order, relation, user.role, deps.clock.now());
    return reply ? reply(outcome, present) : (present(outcome.order) as R);
  };
}
