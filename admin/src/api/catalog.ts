import {
  api,
  type CatalogItemInput,
  type CatalogItemListQuery,
  type CatalogItemPatch,
  type CategoryCode,
  type CategoryPolicyInput,
} from '@fangxin/shared';
import { requestClient } from './request';

export type CatalogItemQuery = Omit<CatalogItemListQuery, 'active'> & { active?: 'true' | 'false' };

export const listDraftItems = (query: Partial<CatalogItemQuery>) => requestClient.call(api.catalog.listDraftItems, { query });

export const createDraftItem = (body: CatalogItemInput) => requestClient.call(api.catalog.createDraftItem, { body });

export const updateDraftItem = (code: string, patch: CatalogItemPatch) =>
  requestClient.call(api.catalog.updateDraftItem, { params: { code }, body: patch });

/** Deactivates the draft item: left out of the next version, kept in published ones. */
export const deactivateDraftItem = (code: string) => requestClient.call(api.catalog.deactivateDraftItem, { params: { code } });

export const listDraftPolicies = () => requestClient.call(api.catalog.listDraftPolicies).then((r) => r.items);

export const putDraftPolicy = (category: CategoryCode, body: CategoryPolicyInput) =>
  requestClient.call(api.catalog.putDraftPolicy, { params: { category }, body });

export const getCatalogDiff = () => requestClient.call(api.catalog.diff);

/** Publishes the draft; 409 catalog_version_conflict when someone published since `expectedVersion`. */
export const publishCatalog = (expectedVersion: number) =>
  requestClient.call(api.catalog.publish, { body: { expectedVersion } }, { silent: true });

/** 404 when nothing has been published yet. */
export const getCurrentCatalogVersion = () => requestClient.call(api.catalog.currentVersion, {}, { silent: true });
