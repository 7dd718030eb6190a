import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFakeApi, type FakeApi } from '../../../test/fake-api'
import { dataUrlToBlob, xhrUpload } from '../upload'

// The H5 upload adapter as the browser runs it: jsdom's XMLHttpRequest and FormData against a real local server.
let server: FakeApi

beforeEach(async () => {
  server = await startFakeApi()
})

afterEach(async () => {
  await server.close()
})

const PNG_DATA_URL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

describe('xhrUpload (H5)', () => {
  it('posts the picked File with the form fields and the headers, and resolves with status and JSON body', async () => {
    const { accessToken } = server.signIn()
    const file = new File([new Uint8Array([1, 2, 3, 4, 5])], 'fault.jpg', { type: 'image/jpeg' })
    const progress: number[] = []

    const res = await xhrUpload({
      url: `${server.baseUrl}/uploads`,
      headers: { Authorization: `Bearer ${accessToken}` },
      file: { path: 'blob:http://localhost/1', blob: file, name: file.name },
      fileField: 'file',
      fields: { kind: 'fault_photo' },
      onProgress: (p) => progress.push(p),
    })

    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ kind: 'fault_photo', mime: 'image/jpeg', size: 5 })
    expect(server.uploads[0]).toEqual({ fields: { kind: 'fault_photo' }, file: { name: 'fault.jpg', type: 'image/jpeg', size: 5 } })
    expect(progress.at(-1)).toBe(100)
  })

  it('sends a canvas data: URL (the signature) as an image file without fetching it', async () => {
    const { accessToken } = server.signIn()

    const res = await xhrUpload({
      url: `${server.baseUrl}/uploads`,
      headers: { Authorization: `Bearer ${accessToken}` },
      file: { path: PNG_DATA_URL },
      fileField: 'file',
      fields: { kind: 'signature', orderId: '64b7f0c2a1b2c3d4e5f60999' },
    })

    expect(res.status).toBe(201)
    expect(server.uploads[0]?.file).toEqual({ name: 'photo.png', type: 'image/png', size: 70 })
  })

  it('resolves with the error body for a 4xx, like the request transport', async () => {
    const res = await xhrUpload({ url: `${server.baseUrl}/uploads`, headers: {}, file: { path: PNG_DATA_URL }, fileField: 'file', fields: {} })

    expect(res).toMatchObject({ status: 401, body: { error: { id: 'unauthenticated' } } })
  })
})

describe('dataUrlToBlob', () => {
  it('decodes base64 and keeps the type', async () => {
    const blob = dataUrlToBlob(PNG_DATA_URL)
    expect(blob.type).toBe('image/png')
    expect(blob.size).toBe(70)
  })

  it('refuses what is not a data: URL', () => {
    expect(() => dataUrlToBlob('blob:http://localhost/1')).toThrow('not a data: URL')
  })
})
