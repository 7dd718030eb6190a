import type { OrderPhotoView, OrderView } from '@fangxin/shared';
import type { VueWrapper } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorReply, startApiServer, useApiServer, type ApiServer } from '@/test-utils/apiServer';
import { bodyText, eventually, mountView, signIn } from '@/test-utils/mount';
import OrderPhotos from '../components/OrderPhotos.vue';

const ID = '6b0549bb3297d2e4930b4bdd';
const [FAULT, SITE, OLD, SIGN, COMPLAINT] = ['6b0549bb3297d2e4930b4b01', '6b0549bb3297d2e4930b4b02', '6b0549bb3297d2e4930b4b03', '6b0549bb3297d2e4930b4b04', '6b0549bb3297d2e4930b4b05'];
const link = (id: string) => `/api/v1/photos/${id}?exp=4070908800&sig=${'s'.repeat(43)}`;
const photo = (id: string, kind: OrderPhotoView['kind']): OrderPhotoView => ({ id, kind, kindLabel: kind, mime: 'image/png', width: 800, height: 600, url: link(id) });

const order = {
  id: ID,
  fault: { description: '空调不制冷', photoIds: [FAULT] },
  report: { diagnosis: '电容老化', actions: '更换电容', partsUsed: [{ code: 'AC-P-001', quantity: 1, newSerialNo: 'SN-1', oldPartPhotoId: OLD }], photoIds: [SITE], signatureId: SIGN, submittedAt: '2026-11-24T09:00:00Z' },
} as unknown as OrderView;

describe('OrderPhotos', () => {
  let server: ApiServer;
  let wrapper: VueWrapper;
  let failing = false;

  beforeEach(async () => {
    localStorage.clear();
    signIn();
    failing = false;
    server = await startApiServer({
      [`GET /api/v1/orders/${ID}/photos`]: () =>
        failing
          ? errorReply('not_found')
          : { status: 200, body: { expiresAt: '2099-01-01T00:00:00Z', items: [photo(FAULT, 'fault_photo'), photo(SITE, 'report_photo'), photo(SIGN, 'signature'), photo(COMPLAINT, 'complaint_photo'), photo(OLD, 'old_part_photo')] } },
    });
    useApiServer(server);
  });

  afterEach(async () => {
    wrapper?.unmount();
    document.body.innerHTML = '';
    await server.close();
  });

  it('shows each group of photos from its signed link, and opens one full size on click', async () => {
    ({ wrapper } = await mountView(OrderPhotos, { props: { order } }));
    await eventually(() => expect(document.body.querySelectorAll('.photos__image')).toHaveLength(5));
    expect([...document.body.querySelectorAll('.photos__title')].map((h) => h.textContent)).toEqual(['故障照片', '现场照片', '旧件照片', '客户签名', '投诉照片']);
    const images = [...document.body.querySelectorAll<HTMLImageElement>('.photos__image img')];
    expect(images.map((i) => i.getAttribute('src'))).toEqual([FAULT, SITE, OLD, SIGN, COMPLAINT].map(link));

    images[1]!.click();
    await eventually(() => expect(document.body.querySelector('.el-image-viewer__wrapper')).not.toBeNull());
    expect(document.body.querySelector<HTMLImageElement>('.el-image-viewer__img')?.getAttribute('src')).toBe(link(SITE));
  });

  it('says so when the links cannot be had', async () => {
    failing = true;
    ({ wrapper } = await mountView(OrderPhotos, { props: { order } }));
    await eventually(() => expect(bodyText()).toContain('图片加载失败'));
  });
});
