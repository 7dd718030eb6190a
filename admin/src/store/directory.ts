import type { EngineerView, OutletView } from '@fangxin/shared';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { listEngineers } from '@/api/engineers';
import { listOutlets } from '@/api/outlets';
import { useAuthStore } from './auth';

/** Pages of 100 (the server's maximum); enough for any outlet, and for a platform of a few thousand engineers. */
const ENGINEER_PAGE = 100;
const ENGINEER_PAGES_MAX = 30;

/**
 * Names behind ids: order and complaint rows carry outlet and engineer ids only. Loaded once per session in the
 * caller's scope (the server scopes both lists to a manager's outlet) and shared by every screen; `refresh*` after
 * a change.
 */
export const useDirectoryStore = defineStore('directory', () => {
  const outlets = shallowRef<OutletView[]>([]);
  const engineers = shallowRef<EngineerView[]>([]);
  const outletsLoaded = ref(false);
  const engineersLoaded = ref(false);
  let outletsLoading: Promise<void> | null = null;
  let engineersLoading: Promise<void> | null = null;

  const outletById = computed(() => new Map(outlets.value.map((o) => [o.id, o])));
  const engineerById = computed(() => new Map(engineers.value.map((e) => [e.id, e])));

  function refreshOutlets(): Promise<void> {
    outletsLoading = listOutlets()
      .then((items) => {
        outlets.value = items;
        outletsLoaded.value = true;
      })
      .finally(() => (outletsLoading = null));
    return outletsLoading;
  }

  function refreshEngineers(): Promise<void> {
    engineersLoading = (async () => {
      const all: EngineerView[] = [];
      for (let page = 1; page <= ENGINEER_PAGES_MAX; page++) {
        const result = await listEngineers({ page, pageSize: ENGINEER_PAGE });
        all.push(...result.items);
        if (all.length >= result.total || result.items.length === 0) break;
      }
      engineers.value = all;
      engineersLoaded.value = true;
    })().finally(() => (engineersLoading = null));
    return engineersLoading;
  }

  const ensureOutlets = () => (outletsLoaded.value ? Promise.resolve() : (outletsLoading ?? refreshOutlets()));
  const ensureEngineers = () => (engineersLoaded.value ? Promise.resolve() : (engineersLoading ?? refreshEngineers()));

  const outletName = (id: string | null | undefined) => (id ? (outletById.value.get(id)?.name ?? '—') : '—');
  const engineerName = (id: string | null | undefined) => (id ? (engineerById.value.get(id)?.name ?? '—') : null);

  function reset() {
    outlets.value = [];
    engineers.value = [];
    outletsLoaded.value = false;
    engineersLoaded.value = false;
  }

  // Another person signing in sees another scope: forget the previous one's names.
  watch(
    () => useAuthStore().user?.id,
    () => reset(),
  );

  return {
    outlets,
    engineers,
    outletById,
    engineerById,
    ensureOutlets,
    ensureEngineers,
    refreshOutlets,
    refreshEngineers,
    outletName,
    engineerName,
    reset,
  };
});
