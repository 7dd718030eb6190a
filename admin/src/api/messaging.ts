import { api } from '@fangxin/shared';
import { requestClient } from './request';

/** Every WeChat and SMS send attempt for an order, with its outcome (outlet managers of the order's outlet, platform admins). */
export const getOrderMessages = (orderId: string) => requestClient.call(api.notifications.orderMessages, { params: { id: orderId } });
