// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fetchTransport } from '../../../test/fetch-transport'
import { fetchUpload } from '../../../test/fetch-upload'
import { startFakeApi, type FakeApi } from '../../../test/fake-api'
import { memoryStorage } from '../../../test/memory-storage'
import { ApiError, createApiClient } from '../api-client'
import { createSessionStore, sessionTokens, type SessionStore } from '../session-store'
import { createUploadsApi, type UploadsApi } from '../uploads'

// The app's own client instance (Taro underneath) is not needed: each test builds a client over fetch.
vi.mock('../api', () => ({ api: {} }))

let server: FakeApi
let session: SessionStore
let uploads: UploadsApi
const photo = () => ({ path: 'blob:photo-1', blob: new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }), name: 'site.png' })

beforeEach(async () => {
  server = await startFakeApi()
  session = createSessionStore(memoryStorage())
  const client = createApiClient({ baseUrl: server.baseUrl, transport: fetchTransport, uploader: fetchUpload, tokens: sessionTokens(session) })
  uploads = createUploadsApi(client)
})

afterEach(async () => {
  await server.close()
})

describe('POST /uploads through the API client', () => {
  it('sends the file and its kind and order as multipart, with the Bearer token, and reports progress', async () => {
    const auth = server.signIn()
    session.signIn(auth)
    const progress: number[] = []

    const view = await uploads.image(photo(), 'report_photo', '64b7f0c2a1b2c3d4e5f60999', (p) => progress.push(p))

    expect(view).toMatchObject({ kind: 'report_photo', mime: 'image/png', size: 4, orderId: '64b7f0c2a1b2c3d4e5f60999' })
    expect(server.uploads).toEqual([{ fields: { kind: 'report_photo', orderId: '64b7f0c2a1b2c3d4e5f60999' }, file: { name: 'site.png', type: 'image/png', size: 4 } }])
    expect(server.calls[0]).toMatchObject({ method: 'POST', path: '/api/v1/uploads', authorization: `Bearer ${auth.accessToken}` })
    expect(progress.at(-1)).toBe(100)
  })

  it('leaves out an order id that was not given', async () => {
    session.signIn(server.signIn())

    await uploads.image(photo(), 'fault_photo')

    expect(server.uploads[0]?.fields).toEqual({ kind: 'fault_photo' })
  })

  it('refreshes an expired token once and sends the file again', async () => {
    session.signIn(server.signIn())
    server.expireAccessTokens()

    await expect(uploads.image(photo(), 'signature', '64b7f0c2a1b2c3d4e5f60999')).resolves.toMatchObject({ kind: 'signature' })

    expect(server.count('/api/v1/auth/refresh')).toBe(1)
    expect(server.count('/api/v1/uploads')).toBe(2)
    expect(server.uploads).toHaveLength(1)
  })

  it('turns a refused file into an ApiError with the server’s id and message', async () => {
    session.signIn(server.signIn())
    server.stub('POST', '/uploads', 413, { error: { id: 'file_too_large', message: '文件过大', requestId: 'req-9' } })

    const err = await uploads.image(photo(), 'fault_photo').catch((e: unknown) => e)

    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ id: 'file_too_large', status: 413, message: '文件过大' })
  })
})
