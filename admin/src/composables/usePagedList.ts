import { reactive, ref, shallowRef, watch, type UnwrapRef } from 'vue';
import type { Page, PageQuery } from '@/types/api';

/** Filter values as the request carries them: an empty choice ('') is no filter at all. */
export type CompactOf<F> = { [K in keyof F]?: Exclude<F[K], ''> };

export interface PagedListOptions<F extends object> {
  /** Filter fields; empty strings and nulls are left out of the request. */
  filters: F;
  pageSize?: number;
  /** Load at once (default) or wait for the first `load()`. */
  immediate?: boolean;
}

/** Drops filter values a person left empty, so the server sees only what was chosen. */
export function compactQuery<Q extends object>(query: Q): CompactOf<Q> {
  return Object.fromEntries(
    Object.entries(query).filter(([, value]) => value !== '' && value !== null && value !== undefined),
  ) as CompactOf<Q>;
}

/**
 * A server-side paginated list: filters, page and page size go to the server, which returns one page and the total,
 * so a table stays fast with 100,000 rows behind it. A changed filter goes back to page 1; a slow answer that
 * arrives after a newer request is dropped, so the table never shows results for filters no longer chosen.
 */
export function usePagedList<T, F extends object>(
  fetchPage: (query: NoInfer<CompactOf<F>> & PageQuery) => Promise<Page<T>>,
  options: PagedListOptions<F>,
) {
  const filters = reactive(options.filters) as UnwrapRef<F> & F;
  const items = shallowRef<T[]>([]);
  const total = ref(0);
  const page = ref(1);
  const pageSize = ref(options.pageSize ?? 20);
  const loading = ref(false);
  const failed = ref(false);
  let latest = 0;

  async function load(): Promise<void> {
    const ticket = ++latest;
    loading.value = true;
    failed.value = false;
    try {
      const result = await fetchPage({ ...compactQuery(filters as F), page: page.value, pageSize: pageSize.value });
      if (ticket !== latest) return;
      items.value = result.items;
      total.value = result.total;
      // The list shrank under us (rows cancelled elsewhere): show the last page that exists.
      const lastPage = Math.max(1, Math.ceil(result.total / pageSize.value));
      if (result.items.length === 0 && page.value > lastPage) {
        page.value = lastPage;
        await load();
      }
    } catch {
      // The request client has already shown the error; keep the previous rows on screen.
      if (ticket === latest) failed.value = true;
    } finally {
      if (ticket === latest) loading.value = false;
    }
  }

  /** Back to the first page, for a changed filter. */
  function reload(): Promise<void> {
    page.value = 1;
    return load();
  }

  function setPage(value: number) {
    page.value = value;
    void load();
  }

  function setPageSize(value: number) {
    pageSize.value = value;
    page.value = 1;
    void load();
  }

  watch(() => ({ ...filters }), () => void reload(), { deep: true });
  if (options.immediate !== false) void load();

  return { filters, items, total, page, pageSize, loading, failed, load, reload, setPage, setPageSize };
}
