import { useEffect, useState } from 'react'
import { api as contract, type PublishedPromises } from '@fangxin/shared'
import type { ApiClient } from './api-client'
import { api } from './api'

/**
 * The numbers behind the promises the app shows (issue 19, part 5): public `GET /promises`, the settings in force.
 * The sentences come from the shared promise functions; nothing here or on a page restates a number.
 */
export function createPromisesApi(client: ApiClient) {
  return {
    get: () => client.call(contract.promises.get),
  }
}

export const promisesApi = createPromisesApi(api)

let last: PublishedPromises | null = null

/**
 * The published promises' numbers: null until they have arrived (pages then word the promise without a number).
 * Read again each time a page using it mounts, so a changed setting shows on the next visit.
 */
export function usePromises(): PublishedPromises | null {
  const [numbers, setNumbers] = useState<PublishedPromises | null>(last)
  useEffect(() => {
    let alive = true
    promisesApi
      .get()
      .then((n) => {
        last = n
        if (alive) setNumbers(n)
      })
      .catch(() => undefined)
    return () => {
      alive = false
    }
  }, [])
  return numbers
}
