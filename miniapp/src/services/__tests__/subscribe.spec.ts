// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fetchTransport } from '../../../test/fetch-transport'
import { startFakeApi, type FakeApi } from '../../../test/fake-api'
import { memoryStorage } from '../../../test/memory-storage'
import { createApiClient } from '../api-client'
import { createNotificationsApi } from '../notifications'
import { createSessionStore, sessionTokens } from '../session-store'
import { createSubscribePrompt, type SubscribeBridge } from '../subscribe'

// The prompt against a real HTTP server speaking the contract; only WeChat's dialog (Taro.requestSubscribeMessage)
// is a fake, to pin the call shape and feed the answers WeChat gives.
vi.mock('../api', () => ({ api: {} }))
vi.mock('@tarojs/taro', () => ({ default: {} }))

const TEMPLATES = {
  templates: [
    { event: 'order_on_the_way', templateId: 'tmpl-way' },
    { event: 'order_quoted', templateId: 'tmpl-quote' },
    { event: 'order_completed', templateId: 'tmpl-done' },
  ],
  moments: { booked: ['tmpl-way', 'tmpl-quote', 'tmpl-done'], quote_waiting: ['tmpl-quote', 'tmpl-done'], engineer_departed: [], maintenance: [] },
}

let server: FakeApi
let notifications: ReturnType<typeof createNotificationsApi>

beforeEach(async () => {
  server = await startFakeApi()
  const session = createSessionStore(memoryStorage())
  notifications = createNotificationsApi(createApiClient({ baseUrl: server.baseUrl, transport: fetchTransport, tokens: sessionTokens(session) }))
  session.signIn(server.signIn())
  server.stub('GET', '/messaging/subscribe-templates', 200, TEMPLATES, { public: true })
  server.stub('POST', '/me/subscribe-consents', 200, { consents: [] })
})

afterEach(async () => {
  await server.close()
})

function fakeTaro(answer: Record<string, unknown> | Error) {
  const calls: Array<{ tmplIds: string[] }> = []
  const bridge: SubscribeBridge = {
    requestSubscribeMessage: async (options) => {
      calls.push(options)
      if (answer instanceof Error) throw answer
      return answer
    },
  }
  return { bridge, calls }
}

const reports = () => server.calls.filter((c) => c.path.endsWith('/me/subscribe-consents'))

describe('subscribe prompt', () => {
  it('asks WeChat for the moment’s templates in one call and reports each answer to the server', async () => {
    const taro = fakeTaro({ errMsg: 'requestSubscribeMessage:ok', 'tmpl-way': 'accept', 'tmpl-quote': 'reject', 'tmpl-done': 'accept' })
    const prompt = createSubscribePrompt({ api: notifications, bridge: taro.bridge })
    await prompt.prefetch()

    expect(await prompt.ask('booked')).toBe('asked')
    expect(taro.calls).toEqual([{ tmplIds: ['tmpl-way', 'tmpl-quote', 'tmpl-done'] }])
    expect(reports().map((c) => c.body)).toEqual([
      { results: [{ templateId: 'tmpl-way', result: 'accept' }, { templateId: 'tmpl-quote', result: 'reject' }, { templateId: 'tmpl-done', result: 'accept' }] },
    ])
    // The templates were fetched once, ahead of the tap.
    expect(server.count('/api/v1/messaging/subscribe-templates')).toBe(1)
  })

  it('asks nothing when the moment has no template configured', async () => {
    const taro = fakeTaro({})
    const prompt = createSubscribePrompt({ api: notifications, bridge: taro.bridge })
    expect(await prompt.ask('engineer_departed')).toBe('skipped')
    expect(taro.calls).toEqual([])
    expect(reports()).toEqual([])
  })

  it('reports nothing when the user closes the dialog or WeChat refuses the call, and never throws', async () => {
    const taro = fakeTaro(Object.assign(new Error('requestSubscribeMessage:fail can only be invoked by user TAP gesture.'), { errCode: 20004 }))
    const prompt = createSubscribePrompt({ api: notifications, bridge: taro.bridge })
    expect(await prompt.ask('quote_waiting')).toBe('failed')
    expect(taro.calls).toEqual([{ tmplIds: ['tmpl-quote', 'tmpl-done'] }])
    expect(reports()).toEqual([])
  })

  it('in H5 (no WeChat dialog) asks nothing and fetches nothing', async () => {
    const prompt = createSubscribePrompt({ api: notifications, bridge: null })
    expect(await prompt.ask('booked')).toBe('skipped')
    expect(server.calls).toEqual([])
  })
})
