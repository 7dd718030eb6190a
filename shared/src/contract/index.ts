import type { AnyEndpoint } from './endpoint';
import { auth } from './auth';
import { catalog } from './catalog';
import { customers } from './customers';
import { network } from './network';
import { users } from './users';
import { orders } from './orders';
import { noShow } from './noShow';
import { uploads } from './uploads';
import { notifications } from './notifications';
import { settings } from './settings';
import { cards } from './cards';
import { complaints } from './complaints';
import { audit } from './audit';
import { exports } from './exports';
import { surveys } from './surveys';
import { returnVisits } from './returnVisits';
import { quality } from './quality';
import { analytics } from './analytics';
import { health } from './health';
import { governance } from './governance';
import { promises } from './promises';
import { dispatch } from './dispatch';
import { payments } from './payments';
import { appeals } from './appeals';
import { maintenance } from './maintenance';
import { appliances } from './appliances';

export * from './endpoint';

/**
 * Every endpoint of the API, by area. The server mounts exactly these (a test fails on one declared but not served,
 * or served but not declared); the apps call them with `call(api.<area>.<name>, input)`.
 */
export const api = {
  auth,
  catalog,
  customers,
  network,
  users,
  orders,
  noShow,
  uploads,
  notifications,
  settings,
  cards,
  complaints,
  audit,
  exports,
  surveys,
  returnVisits,
  quality,
  analytics,
  health,
  governance,
  promises,
  dispatch,
  payments,
  appeals,
  appliances,
  maintenance,
} as const;

/** Every declaration with its name (`settings.get`), for the server's completeness check and the docs. */
export function allEndpoints(): Array<{ name: string; endpoint: AnyEndpoint }> {
  return Object.entries(api).flatMap(([area, group]) =>
    Object.entries(group as Record<string, AnyEndpoint>).map(([name, e]) => ({ name: `${area}.${name}`, endpoint: e })),
  );
}
