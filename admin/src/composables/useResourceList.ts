import type { FormItemRule } from 'element-plus';
import { computed, onMounted, type Ref, type ShallowRef } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { useAuthStore } from '@/store/auth';
import { useDirectoryStore } from '@/store/directory';
import type { Page, PageQuery } from '@/types/api';
import type { FieldContext, FieldOption } from './useSchemaForm';
import { usePagedList, type CompactOf, type PagedListOptions } from './usePagedList';

/**
 * A filter of the list's bar. `select` and `input` change the list as they change; `search` is typed text sent on
 * Enter or the search button (and on clearing); `switch` is a 'true'/'' flag; `daterange` edits `key` and `to`
 * together; `slot` renders the list's `filter-<key>` slot.
 */
export interface FilterField {
  key: string;
  /** An i18n key. */
  label: string;
  widget: 'select' | 'input' | 'search' | 'switch' | 'daterange' | 'slot';
  options?: (ctx: FieldContext) => FieldOption[];
  /** An i18n key (default common.all for selects). */
  placeholder?: string;
  width?: string;
  /** The end of a date range. */
  to?: string;
  /** A search box's rule, checked before a non-empty text is sent. */
  rule?: (ctx: FieldContext) => FormItemRule;
  /** A search box whose clearing sends nothing (default: clearing sends the empty text). */
  keepOnClear?: boolean;
  attrs?: Record<string, unknown>;
  show?: () => boolean;
}

export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

/**
 * A table column: the row's `prop`, a `text` made from the row, a `tag`, or the list's `cell-<key>` slot.
 */
export interface Column<T> {
  key: string;
  /** An i18n key ('' for none). */
  label: string;
  prop?: string;
  text?: (row: T, ctx: FieldContext) => string;
  tag?: (row: T, ctx: FieldContext) => { type: TagType; text: string };
  width?: string | number;
  minWidth?: string | number;
  align?: 'left' | 'center' | 'right';
  fixed?: 'right';
  type?: 'expand';
  overflow?: boolean;
  show?: () => boolean;
}

/** What the resource list reads of a paged list. */
export interface ListState<T> {
  filters: Record<string, unknown>;
  items: ShallowRef<T[]>;
  total: Ref<number>;
  page: Ref<number>;
  pageSize: Ref<number>;
  loading: Ref<boolean>;
  failed: Ref<boolean>;
  load: () => Promise<void>;
  setPage: (page: number) => void;
  setPageSize: (size: number) => void;
}

/** A server-side paged list for `<resource-list>`: `usePagedList`, typed for the component. */
export function useResourceList<T, F extends object>(
  fetchPage: (query: NoInfer<CompactOf<F>> & PageQuery) => Promise<Page<T>>,
  options: PagedListOptions<F>,
) {
  const list = usePagedList(fetchPage, options);
  return { ...list, state: list as unknown as ListState<T> };
}

/** Columns and filters only platform admins see (outlet managers see their own outlet only). */
export const adminOnly = () => useAuthStore().role === 'platform_admin';

/** The outlet of a row, by name, for platform admins. */
export function outletColumn<T extends { outletId: string | null }>(label: string, width: number): Column<T> {
  return { key: 'outlet', label, width, show: adminOnly, text: (row) => useDirectoryStore().outletName(row.outletId) };
}

/** The outlets as select options (the directory loads them on the screens that need them). */
export const outletOptions = (): FieldOption[] => useDirectoryStore().outlets.map((o) => ({ value: o.id, label: o.name }));

/** Loads the outlet names a platform admin's list shows (managers see their own outlet only). */
export function useAdminOutlets() {
  onMounted(() => {
    if (adminOnly()) void useDirectoryStore().ensureOutlets().catch(() => undefined);
  });
}

/**
 * A drawer that follows `?<key>=<id>`, so a row can be linked to and the back button closes it.
 */
export function useQueryDrawer(key: string) {
  const route = useRoute();
  const router = useRouter();
  const openId = computed(() => (typeof route.query[key] === 'string' ? (route.query[key] as string) : null));
  const openRow = (row: { id: string }) => void router.push({ query: { ...route.query, [key]: row.id } });
  function close() {
    const { [key]: _open, ...rest } = route.query;
    void router.push({ query: rest });
  }
  return { openId, openRow, close };
}
