import { afterEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick } from 'vue';
import { compactQuery, usePagedList } from '@/composables/usePagedList';
import type { Page } from '@/types/api';

const settle = () => vi.waitFor(() => undefined).then(() => new Promise((r) => setTimeout(r, 0)));

function page<T>(items: T[], total: number, p = 1, size = 20): Page<T> {
  return { items, total, page: p, pageSize: size };
}

describe('usePagedList: server-side pagination', () => {
  const scopes: Array<ReturnType<typeof effectScope>> = [];
  afterEach(() => scopes.splice(0).forEach((s) => s.stop()));

  function start<F extends object>(fetch: Parameters<typeof usePagedList<string, F>>[0], filters: F) {
    const scope = effectScope();
    scopes.push(scope);
    return scope.run(() => usePagedList(fetch, { filters }))!;
  }

  it('leaves empty filters out of the request', () => {
    expect(compactQuery({ status: '', engineerId: 'e1', q: null, n: 0 })).toEqual({ engineerId: 'e1', n: 0 });
  });

  it('asks the server for one page with the chosen filters and shows its total', async () => {
    const fetch = vi.fn(async () => page(['a', 'b'], 42));
    const list = start(fetch, { status: 'pending', engineerId: '' });
    await settle();
    expect(fetch).toHaveBeenCalledWith({ status: 'pending', page: 1, pageSize: 20 });
    expect(list.items.value).toEqual(['a', 'b']);
    expect(list.total.value).toBe(42);
  });

  it('goes back to page 1 when a filter changes', async () => {
    const fetch = vi.fn(async () => page(['x'], 100));
    const list = start(fetch, { status: '' as string });
    await settle();
    list.setPage(3);
    await settle();
    expect(fetch).toHaveBeenLastCalledWith({ page: 3, pageSize: 20 });
    list.filters.status = 'closed';
    await nextTick();
    await settle();
    expect(fetch).toHaveBeenLastCalledWith({ status: 'closed', page: 1, pageSize: 20 });
    expect(list.page.value).toBe(1);
  });

  it('drops an answer that arrives after a newer request', async () => {
    const resolvers: Array<(p: Page<string>) => void> = [];
    const fetch = vi.fn(() => new Promise<Page<string>>((resolve) => resolvers.push(resolve)));
    const list = start(fetch, { status: '' as string });
    list.filters.status = 'pending';
    await nextTick();
    expect(resolvers).toHaveLength(2);
    resolvers[1]!(page(['new'], 1));
    await settle();
    resolvers[0]!(page(['stale'], 9));
    await settle();
    expect(list.items.value).toEqual(['new']);
    expect(list.total.value).toBe(1);
    expect(list.loading.value).toBe(false);
  });

  it('moves to the last page that still exists when rows disappeared', async () => {
    const fetch = vi.fn(async (q: { page: number }) => (q.page > 2 ? page<string>([], 30, q.page) : page(['p2'], 30, q.page)));
    const list = start(fetch, {});
    await settle();
    list.setPage(5);
    await settle();
    expect(list.page.value).toBe(2);
    expect(list.items.value).toEqual(['p2']);
  });

  it('keeps the rows on screen when the request fails', async () => {
    let fail = false;
    const fetch = vi.fn(async () => {
      if (fail) throw new Error('boom');
      return page(['kept'], 1);
    });
    const list = start(fetch, {});
    await settle();
    fail = true;
    await list.load();
    expect(list.items.value).toEqual(['kept']);
    expect(list.failed.value).toBe(true);
  });
});
