import type { MessageDeliveryView } from '@fangxin/shared';
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorReply, startApiServer, useApiServer, type ApiServer } from '@/test-utils/apiServer';
import { bodyText, eventually, mountView, signIn } from '@/test-utils/mount';
import OrderMessages from '../components/OrderMessages.vue';

const ID = '6b0549bb3297d2e4930b4bdd';
const row = (id: string, over: Partial<MessageDeliveryView>): MessageDeliveryView => ({
  id,
  event: 'order_on_the_way',
  title: '工程师已出发',
  channel: 'sms',
  outcome: 'sent',
  providerCode: null,
  recipient: { name: '张女士', role: 'customer' },
  at: '2026-11-24T01:05:00.000Z',
  ...over,
});

describe('OrderMessages', () => {
  let server: ApiServer;
  let wrapper: VueWrapper;
  let failing = false;

  beforeEach(async () => {
    localStorage.clear();
    signIn();
    failing = false;
    server = await startApiServer({
      [`GET /api/v1/orders/${ID}/messages`]: () =>
        failing
          ? errorReply('not_found')
          : {
              status: 200,
              body: {
                items: [
                  row('6b0549bb3297d2e4930b4b01', {}),
                  row('6b0549bb3297d2e4930b4b02', { channel: 'wechat_subscribe', outcome: 'no_consent', title: '请确认报价', event: 'order_quoted' }),
                  row('6b0549bb3297d2e4930b4b03', { outcome: 'provider_error', providerCode: 'isv.BUSINESS_LIMIT_CONTROL', title: '服务已完工' }),
                ],
              },
            },
    });
    useApiServer(server);
  });

  afterEach(async () => {
    wrapper?.unmount();
    document.body.innerHTML = '';
    await server.close();
  });

  it('lists each attempt with its time in Shanghai, recipient, channel and result in plain words', async () => {
    ({ wrapper } = await mountView(OrderMessages, { props: { orderId: ID } }));
    await eventually(() => expect(document.body.querySelectorAll('.el-table__body tr')).toHaveLength(3));
    const text = bodyText();
    expect(text).toContain('2026-11-24 09:05');
    expect(text).toContain('张女士（客户）');
    expect(text).toContain('短信');
    expect(text).toContain('微信服务通知');
    expect(text).toContain('未获订阅授权，未发送');
    expect(text).toContain('发送失败');
    expect(text).toContain('错误码 isv.BUSINESS_LIMIT_CONTROL');
    expect(text).not.toMatch(/no_consent|provider_error|wechat_subscribe|order_on_the_way/);
  }, 20_000);

  it('says so when the records cannot be loaded', async () => {
    failing = true;
    ({ wrapper } = await mountView(OrderMessages, { props: { orderId: ID } }));
    await eventually(() => expect(bodyText()).toContain('消息记录加载失败'));
  }, 20_000);
});
