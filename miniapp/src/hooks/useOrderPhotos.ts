import { useEffect, useState } from 'react'
import { photoLinksRenewDelay, type OrderPhotoView, type OrderView } from '@fangxin/shared'
import { photosApi } from '@/services/photos'

export interface OrderPhotoLinks {
  /** The photo with this upload id, when the caller may see it and its link has arrived. */
  get(id: string): OrderPhotoView | undefined
  loading: boolean
  failed: boolean
}

/**
 * The order's photo links, asked for whenever the order is (re)loaded and renewed before they expire. Only when the
 * order has photos to show: the customer's fault photos or a service report.
 */
export function useOrderPhotos(order: OrderView | null): OrderPhotoLinks {
  const [items, setItems] = useState<Map<string, OrderPhotoView>>(new Map())
  const [loading, setLoading] = useState(false)
  const [failed, setFailed] = useState(false)
  const wanted = Boolean(order && (order.fault.photoIds.length > 0 || order.report))

  useEffect(() => {
    if (!order || !wanted) return undefined
    let live = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const load = async () => {
      setLoading(true)
      try {
        const links = await photosApi.forOrder(order.id)
        if (!live) return
        setItems(new Map(links.items.map((p) => [p.id, p])))
        setFailed(false)
        timer = setTimeout(() => void load(), photoLinksRenewDelay(links.expiresAt, Date.now()))
      } catch {
        if (live) setFailed(true)
      } finally {
        if (live) setLoading(false)
      }
    }
    void load()
    return () => {
      live = false
      if (timer) clearTimeout(timer)
    }
  }, [order, wanted])

  return { get: (id) => items.get(id), loading, failed }
}
