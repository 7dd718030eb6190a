import type { CardHistory, WorkCardView } from '@fangxin/shared';
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, useApiServer, type ApiServer } from '@/test-utils/apiServer';
import { bodyText, buttonByText, eventually, mountView, signIn } from '@/test-utils/mount';
import CardPanel from '../components/CardPanel.vue';

const ENGINEER = '5811ac23f1b747cfbb4e9343';
const SERIAL = 'FXC-HZ-XH-GU3UIE';
const card = (over: Partial<WorkCardView> = {}): WorkCardView => ({
  serial: SERIAL,
  engineerId: ENGINEER,
  status: 'active',
  issuedAt: '2026-11-24T08:23:48.467Z',
  issuedBy: null,
  revokedAt: null,
  revokedBy: null,
  revokeReason: null,
  ...over,
});

describe('CardPanel: e-work cards', () => {
  let server: ApiServer;
  let wrapper: VueWrapper;
  let history: CardHistory;

  beforeEach(async () => {
    localStorage.clear();
    signIn();
    history = { engineerId: ENGINEER, active: card(), items: [card()] };
    server = await startApiServer({
      [`GET /api/v1/engineers/${ENGINEER}/cards`]: () => ({ status: 200, body: history }),
      [`POST /api/v1/cards/${SERIAL}/revoke`]: (req) => {
        const revoked = card({ status: 'revoked', revokedAt: '2026-11-24T09:00:00Z', revokedBy: { id: 'm', name: '林经理' }, revokeReason: (req.body as { reason: string }).reason });
        history = { engineerId: ENGINEER, active: null, items: [revoked] };
        return { status: 200, body: revoked };
      },
    });
    useApiServer(server);
  });

  afterEach(async () => {
    wrapper?.unmount();
    document.body.innerHTML = '';
    await server.close();
  });

  it('revokes the active card with a reason and shows the revoked card in the history', async () => {
    ({ wrapper } = await mountView(CardPanel, { props: { engineerId: ENGINEER } }));
    await eventually(() => expect(wrapper.find('[data-test="active-serial"]').text()).toBe(SERIAL));
    buttonByText('吊销').click();
    await eventually(() => expect(bodyText()).toContain(`吊销工作证 ${SERIAL}`));
    const dialog = [...document.body.querySelectorAll('.el-dialog')].find((d) => d.textContent?.includes('吊销原因'))!;
    expect(dialog.textContent).toContain('二维码立即失效');
    const textarea = dialog.querySelector('textarea')!;
    textarea.value = '工作证遗失';
    textarea.dispatchEvent(new Event('input'));
    (dialog.querySelector('.el-dialog__footer .el-button--danger') as HTMLButtonElement).click();
    await eventually(() => expect(server.calls(`POST /api/v1/cards/${SERIAL}/revoke`)).toHaveLength(1));
    expect(server.calls(`POST /api/v1/cards/${SERIAL}/revoke`)[0]!.body).toEqual({ reason: '工作证遗失' });
    await eventually(() => expect(wrapper.text()).toContain('尚未签发工作证'));
    expect(wrapper.text()).toContain('工作证遗失 · 林经理');
    expect(wrapper.find('.cards__buttons').text()).toBe('签发工作证');
    expect((wrapper.emitted('changed')?.at(-1)?.[0] as CardHistory).active).toBeNull();
  });
});
