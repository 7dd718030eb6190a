import { useCallback, useRef, useState } from 'react'
import type { LocalFile } from '@/platform/types'
import type { UploadView } from '@fangxin/shared'

export interface PhotoUploads {
  /** Server ids of the uploaded photos, in the order they were picked. */
  ids: string[]
  /** Percent per photo still on its way, keyed by local path. */
  progress: Record<string, number>
  error: string | null
  uploading: boolean
  /** Uploads one picked photo; resolves with its preview URL (the local file), rejects when the upload fails. */
  add(file: LocalFile): Promise<{ url: string }>
  /** Forgets a photo the user removed (it is simply not sent with the form). */
  remove(path: string): void
}

type Upload = (file: LocalFile, onProgress: (percent: number) => void) => Promise<UploadView>

/**
 * The state behind a photo picker: each picked photo goes up at once with its progress shown, and the form sends
 * the ids of those that made it. Ids keep the order the photos were picked in, not the order uploads finished.
 */
export function usePhotoUploads(upload: Upload, onChange?: (ids: string[]) => void, describeError: (err: unknown) => string = () => '上传失败，请重试'): PhotoUploads {
  const [progress, setProgress] = useState<Record<string, number>>({})
  const [error, setError] = useState<string | null>(null)
  const [ids, setIds] = useState<string[]>([])
  const order = useRef<string[]>([])
  const done = useRef(new Map<string, string>())
  const changed = useRef(onChange)
  changed.current = onChange

  const publish = useCallback(() => {
    const next = order.current.map((p) => done.current.get(p)).filter((id): id is string => !!id)
    setIds(next)
    changed.current?.(next)
  }, [])

  const add = useCallback(
    async (file: LocalFile) => {
      order.current = [...order.current, file.path]
      setError(null)
      setProgress((p) => ({ ...p, [file.path]: 0 }))
      try {
        const view = await upload(file, (percent) => setProgress((p) => (file.path in p ? { ...p, [file.path]: percent } : p)))
        done.current.set(file.path, view.id)
        publish()
        return { url: file.path }
      } catch (err) {
        order.current = order.current.filter((p) => p !== file.path)
        setError(describeError(err))
        throw err
      } finally {
        setProgress((p) => {
          const rest = { ...p }
          delete rest[file.path]
          return rest
        })
      }
    },
    [upload, publish, describeError],
  )

  const remove = useCallback(
    (path: string) => {
      order.current = order.current.filter((p) => p !== path)
      done.current.delete(path)
      publish()
    },
    [publish],
  )

  return { ids, progress, error, uploading: Object.keys(progress).length > 0, add, remove }
}
