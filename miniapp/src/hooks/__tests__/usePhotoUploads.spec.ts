import { act, renderHook } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { UploadView } from '@fangxin/shared'
import { usePhotoUploads } from '../usePhotoUploads'

const view = (id: string): UploadView => ({ id, kind: 'report_photo', mime: 'image/png', size: 1, width: 1, height: 1, orderId: null, url: '' })

function controlled() {
  const pending = new Map<string, { resolve(v: UploadView): void; reject(e: unknown): void; progress(p: number): void }>()
  const upload = vi.fn((file: { path: string }, onProgress: (p: number) => void) => new Promise<UploadView>((resolve, reject) => {
    pending.set(file.path, { resolve, reject, progress: onProgress })
  }))
  return { upload, pending }
}

describe('usePhotoUploads', () => {
  it('shows each photo’s progress while it uploads and publishes ids in the order picked', async () => {
    const { upload, pending } = controlled()
    const onChange = vi.fn()
    const { result } = renderHook(() => usePhotoUploads(upload, onChange))

    let a!: Promise<unknown>
    let b!: Promise<unknown>
    act(() => {
      a = result.current.add({ path: 'blob:a' })
      b = result.current.add({ path: 'blob:b' })
    })
    act(() => pending.get('blob:a')!.progress(40))
    expect(result.current.progress).toEqual({ 'blob:a': 40, 'blob:b': 0 })
    expect(result.current.uploading).toBe(true)

    await act(async () => {
      pending.get('blob:b')!.resolve(view('id-b'))
      await b
    })
    await act(async () => {
      pending.get('blob:a')!.resolve(view('id-a'))
      await a
    })

    expect(result.current.ids).toEqual(['id-a', 'id-b'])
    expect(onChange).toHaveBeenLastCalledWith(['id-a', 'id-b'])
    expect(result.current.uploading).toBe(false)
  })

  it('resolves with the local preview URL for the picker', async () => {
    const upload = vi.fn(async () => view('id-1'))
    const { result } = renderHook(() => usePhotoUploads(upload))

    let preview: unknown
    await act(async () => {
      preview = await result.current.add({ path: 'blob:x' })
    })

    expect(preview).toEqual({ url: 'blob:x' })
  })

  it('shows why an upload failed and leaves that photo out', async () => {
    const upload = vi.fn(async () => Promise.reject(new Error('413')))
    const { result } = renderHook(() => usePhotoUploads(upload, undefined, () => '文件过大'))

    await act(async () => {
      await result.current.add({ path: 'blob:big' }).catch(() => undefined)
    })

    expect(result.current.error).toBe('文件过大')
    expect(result.current.ids).toEqual([])
    expect(result.current.progress).toEqual({})
  })

  it('forgets a removed photo', async () => {
    const upload = vi.fn(async (file: { path: string }) => view(`id-${file.path}`))
    const onChange = vi.fn()
    const { result } = renderHook(() => usePhotoUploads(upload, onChange))
    await act(async () => {
      await result.current.add({ path: '1' })
      await result.current.add({ path: '2' })
    })

    act(() => result.current.remove('1'))

    expect(result.current.ids).toEqual(['id-2'])
    expect(onChange).toHaveBeenLastCalledWith(['id-2'])
  })
})
