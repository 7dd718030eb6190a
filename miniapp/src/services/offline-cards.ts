import {
  ACTIVE_STATUSES,
  api as contract,
  OFFLINE_CHECK_MAX_AGE_DAYS,
  readCardTokenOffline,
  webCryptoEd25519,
  type OfflineCardKey,
  type OfflineCardReading,
  type SignatureCheck,
} from '@fangxin/shared'
import type { KeyValueStorage } from '@/platform/types'
import { isApiError, type ApiClient } from './api-client'

export const CARD_KEYS_STORAGE_KEY = 'fangxin.cardKeys'
export const OFFLINE_CHECKS_STORAGE_KEY = 'fangxin.offlineCardChecks'

/** A check made offline, kept on the phone until the server has recorded it. */
export interface PendingCheck {
  checkId: string
  token: string
  checkedAt: string
  /** The order the check was made for (opened from the order page), or null: then every active order of the customer. */
  orderId: string | null
}

/** What the sync recorded, for the page to say so. */
export interface SyncedCheck {
  checkId: string
  orderNos: string[]
}

const isActive = (status: string) => (ACTIVE_STATUSES as readonly string[]).includes(status)

function randomId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  let id = ''
  for (let i = 0; i < 20; i++) id += alphabet[Math.floor(Math.random() * alphabet.length)]
  return `off-${id}`
}

/**
 * The offline card check on the phone (issue 19.7): keeps the platform's published keys while online, checks a card
 * token with them when the network fails (WebCrypto's Ed25519 in a browser that has it, the shared pure check in the
 * mini-program), keeps each such check and sends it once the network is back; the server checks the token again and
 * records it on the order once per check id.
 */
export function createOfflineCards(
  client: ApiClient,
  storage: KeyValueStorage,
  options: { now?: () => number; signatureCheck?: SignatureCheck } = {},
) {
  const now = options.now ?? (() => Date.now())
  // H5: the browser's WebCrypto (Ed25519 where it has it, else the pure check); the mini-program has no WebCrypto.
  const check: SignatureCheck =
    options.signatureCheck ?? webCryptoEd25519((globalThis as { crypto?: { subtle?: Parameters<typeof webCryptoEd25519>[0] } }).crypto?.subtle)

  function read<T>(key: string, fallback: T): T {
    try {
      const raw = storage.getItem(key)
      return raw ? (JSON.parse(raw) as T) : fallback
    } catch {
      return fallback
    }
  }

  const pending = (): PendingCheck[] => read<PendingCheck[]>(OFFLINE_CHECKS_STORAGE_KEY, [])
  const savePending = (list: PendingCheck[]) =>
    list.length ? storage.setItem(OFFLINE_CHECKS_STORAGE_KEY, JSON.stringify(list)) : storage.removeItem(OFFLINE_CHECKS_STORAGE_KEY)

  return {
    /** Fetches and keeps the published keys; quiet when offline (the kept ones stay). */
    async refreshKeys(): Promise<void> {
      try {
        const published = await client.call(contract.cards.publicKey, {})
        storage.setItem(CARD_KEYS_STORAGE_KEY, JSON.stringify({ keys: published.keys, savedAt: new Date(now()).toISOString() }))
      } catch {
        // Offline or the server is away: the keys saved earlier are used.
      }
    },
    keys: (): OfflineCardKey[] => read<{ keys?: OfflineCardKey[] }>(CARD_KEYS_STORAGE_KEY, {}).keys ?? [],

    /** Checks the scanned card offline and keeps the check to record it later (only a token the keys could read). */
    async checkOffline(scanned: string, orderId: string | null): Promise<OfflineCardReading> {
      const reading = await readCardTokenOffline(scanned, this.keys(), now(), check)
      if (reading.ok || reading.reason === 'bad_signature') {
        savePending([...pending(), { checkId: randomId(), token: scanned.trim(), checkedAt: new Date(now()).toISOString(), orderId }])
      }
      return reading
    },

    pending,

    /**
     * Sends every kept check. A check made for an order goes to that order; one made without goes to each of the
     * customer's active orders (as an online check is recorded on each). Kept again when the network fails; dropped
     * once recorded, refused (4xx) or older than the server accepts.
     */
    async sync(): Promise<SyncedCheck[]> {
      const list = pending()
      if (list.length === 0) return []
      const done: SyncedCheck[] = []
      const left: PendingCheck[] = []
      const oldest = now() - OFFLINE_CHECK_MAX_AGE_DAYS * 86_400_000
      for (const item of list) {
        if (new Date(item.checkedAt).getTime() < oldest) continue
        try {
          const orderIds = item.orderId
            ? [item.orderId]
            : (await client.call(contract.orders.mine, { query: { pageSize: 50 } })).items.filter((o) => isActive(o.status)).map((o) => o.id)
          const orderNos: string[] = []
          for (const id of orderIds) {
            const result = await client.call(contract.cards.recordOffline, { params: { id }, body: { checkId: item.checkId, token: item.token, checkedAt: item.checkedAt } })
            orderNos.push(result.orderNo)
          }
          done.push({ checkId: item.checkId, orderNos })
        } catch (err) {
          // Kept for the next try unless the server refused it for good.
          if (isApiError(err, 'network_error') || (isApiError(err) && (err.status === 0 || err.status >= 500 || err.status === 429 || err.status === 401))) left.push(item)
        }
      }
      savePending(left)
      return done
    },
  }
}

export type OfflineCards = ReturnType<typeof createOfflineCards>
