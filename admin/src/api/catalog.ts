import type {
  CatalogDiff,
  CatalogDraftItem,
  CatalogItemInput,
  CatalogItemListQuery,
  CatalogItemPatch,
  CatalogVersion,
  CategoryCode,
  CategoryPolicyAdminView,
  CategoryPolicyInput,
} from '@fangxin/shared';
import type { Page } from '@/types/api';
import { requestClient } from './request';

export type CatalogItemQuery = Omit<CatalogItemListQuery, 'active'> & { active?: 'true' | 'false' };

export const listDraftItems = (query: Partial<CatalogItemQuery>) =>
  requestClient.get<Page<CatalogDraftItem>>('/admin/catalog/items', { params: query });

export const createDraftItem = (body: CatalogItemInput) => requestClient.post<CatalogDraftItem>('/admin/catalog/items', body);

export const updateDraftItem = (code: string, patch: CatalogItemPatch) =>
  requestClient.patch<CatalogDraftItem>(`/admin/catalog/items/${encodeURIComponent(code)}`, patch);

/** Deactivates the draft item: left out of the next version, kept in published ones. */
export const deactivateDraftItem = (code: string) =>
  requestClient.delete<CatalogDraftItem>(`/admin/catalog/items/${encodeURIComponent(code)}`);

export const listDraftPolicies = () =>
  requestClient.get<{ items: CategoryPolicyAdminView[] }>('/admin/catalog/policies').then((r) => r.items);

export const putDraftPolicy = (category: CategoryCode, body: CategoryPolicyInput) =>
  requestClient.put<CategoryPolicyAdminView>(`/admin/catalog/policies/${category}`, body);

export const getCatalogDiff = () => requestClient.get<CatalogDiff>('/admin/catalog/diff');

/** Publishes the draft; 409 catalog_version_conflict when someone published since `expectedVersion`. */
export const publishCatalog = (expectedVersion: number) =>
  requestClient.post<CatalogVersion>('/admin/catalog/publish', { expectedVersion }, { silent: true });

/** 404 when nothing has been published yet. */
export const getCurrentCatalogVersion = () =>
  requestClient.get<CatalogVersion>('/catalog/versions/current', { silent: true });
