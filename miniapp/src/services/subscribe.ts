import Taro from '@tarojs/taro'
import { SUBSCRIBE_RESULTS, type SubscribeMoment, type SubscribeResult, type SubscribeTemplates } from '@fangxin/shared'
import { notificationsApi, type NotificationsApi } from './notifications'

/**
 * Asks for WeChat subscribe-message consent at the natural moments (shared SUBSCRIBE_MOMENTS: after booking, when a
 * quote is waiting, when the engineer departs) and tells the server what the user answered: each 允许 allows the
 * server one message of that template. WeChat shows its own dialog, only after a tap, so call `ask` first thing in
 * the tap handler; the template ids are fetched ahead (when this module loads) so no network wait comes between tap and dialog.
 * In H5 there is no such dialog: nothing is asked (those customers get SMS instead). Never throws: consent is a
 * bonus, never in the way of booking or confirming.
 */
export interface SubscribeBridge {
  requestSubscribeMessage(options: { tmplIds: string[] }): Promise<Record<string, unknown>>
}

export type SubscribeOutcome = 'asked' | 'skipped' | 'failed'

export function createSubscribePrompt(deps: { api: Pick<NotificationsApi, 'subscribeTemplates' | 'reportConsent'>; bridge: SubscribeBridge | null }) {
  let templates: SubscribeTemplates | null = null
  let loading: Promise<SubscribeTemplates | null> | null = null

  function prefetch(): Promise<SubscribeTemplates | null> {
    if (!deps.bridge) return Promise.resolve(null)
    if (templates) return Promise.resolve(templates)
    loading ??= deps.api
      .subscribeTemplates()
      .then((t) => (templates = t))
      .catch(() => null)
      .finally(() => {
        loading = null
      })
    return loading
  }

  async function ask(moment: SubscribeMoment): Promise<SubscribeOutcome> {
    if (!deps.bridge) return 'skipped'
    const known = templates ?? (await prefetch())
    const tmplIds = known?.moments[moment] ?? []
    if (tmplIds.length === 0) return 'skipped'
    let answer: Record<string, unknown>
    try {
      answer = await deps.bridge.requestSubscribeMessage({ tmplIds })
    } catch {
      // The user closed the dialog, or turned subscriptions off in WeChat's settings: nothing to report.
      return 'failed'
    }
    const results = tmplIds.flatMap((templateId) => {
      const result = answer[templateId]
      return (SUBSCRIBE_RESULTS as readonly unknown[]).includes(result) ? [{ templateId, result: result as SubscribeResult }] : []
    })
    if (results.length === 0) return 'failed'
    try {
      await deps.api.reportConsent({ results })
    } catch {
      return 'failed'
    }
    return 'asked'
  }

  return { prefetch, ask }
}

/** The app's prompt: Taro's requestSubscribeMessage in the mini-program, none in H5. */
const shared = createSubscribePrompt({ api: notificationsApi, bridge: process.env.TARO_ENV === 'weapp' ? (Taro as unknown as SubscribeBridge) : null })
const prompt = () => shared
// Ahead of any tap: the pages that ask import this module when they load (nothing happens in H5).
void shared.prefetch()

/** Asks for consent at this moment (in the tap handler); resolves when the user has answered, or at once in H5. */
export const askSubscribe = (moment: SubscribeMoment) => prompt().ask(moment)
