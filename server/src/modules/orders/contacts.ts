import { ACTIVE_STATUSES, api, describeDistrict, ENGINEER_PII_STATUSES, type OrderContacts, type OrderStatus } from '@fangxin/shared';
import { route, type AnyRouteSpec } from '../../http/route';
import type { AppDeps } from '../../deps';
import { engineerFields, outletFields } from '../network/reads';
import { getSettings } from '../settings/service';
import { loadOrderFor } from './access';
import type { OrderRecord } from './model';

const isActive = (status: OrderStatus) => (ACTIVE_STATUSES as readonly OrderStatus[]).includes(status);

/** 浙江省杭州市西湖区 + the street and house number: what a map app searches for. */
export function fullAddress(contact: OrderRecord['contact']): string {
  const d = describeDistrict(contact.districtCode);
  return `${d.provinceName ?? ''}${d.cityName && d.cityName !== d.provinceName ? d.cityName : ''}${d.districtName ?? ''}${contact.detail}`;
}

/**
 * S10 for phone numbers: a customer reaches the engineer and the outlet only while the order is active (and the
 * engineer only once one is assigned); the engineer reaches the customer only while the order is his, accepted and
 * still active.
 * The platform hotline is for everyone.
 */
export async function orderContacts(order: OrderRecord, relation: 'customer' | 'engineer'): Promise<OrderContacts> {
  const { hotline } = await getSettings();
  const active = isActive(order.status);
  if (relation === 'engineer') {
    // From acceptance (as the order's contact, presentContact) and only while the order is active.
    const open = active && ENGINEER_PII_STATUSES.includes(order.status);
    return {
      hotline,
      engineer: null,
      outlet: null,
      customer: open ? { name: order.contact.name, phone: order.contact.phone, address: fullAddress(order.contact) } : null,
      notice: open ? null : active ? '接单后可查看客户的电话和地址。' : '订单已结束，客户的电话和地址不再显示。如需联系请致电平台客服。',
    };
  }
  if (!active) return { hotline, engineer: null, outlet: null, customer: null, notice: '订单不在服务中，工程师和网点的电话不再显示。如有问题请致电平台客服。' };
  const [engineer, outlet] = await Promise.all([
    order.engineerId ? engineerFields(order.engineerId, 'name', 'phone') : null,
    outletFields(order.outletId, 'name', 'phone'),
  ]);
  return {
    hotline,
    engineer: engineer ? { name: engineer.name, phone: engineer.phone } : null,
    outlet: outlet ? { name: outlet.name, phone: outlet.phone } : null,
    customer: null,
    notice: engineer ? null : '工程师接单后，这里会显示他的工作电话。',
  };
}

/** The order's contacts for its customer or its assigned engineer; anyone else gets 404. */
export function orderContactRoutes(deps: AppDeps): AnyRouteSpec[] {
  return [
    route(api.orders.contacts, {
      access: { record: 'order', anonymous: 401, customer: 'own', engineer: 'own', manager: 403, admin: 403 },
      handler: async (ctx, { params }) => {
        const { order, relation } = await loadOrderFor(deps.clock, ctx.state.user!, params.id, ['customer', 'engineer']);
        return orderContacts(order, relation as 'customer' | 'engineer');
      },
    }),
  ];
}
