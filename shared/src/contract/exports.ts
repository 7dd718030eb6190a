import { OrdersExportQuery } from '../schemas/audit';
import { endpoint } from './endpoint';

export const exports = {
  ordersCsv: endpoint({
    method: 'get',
    path: '/admin/exports/orders.csv',
    summary: 'Orders of a period as CSV (UTF-8 with BOM), streamed; phones masked (S10); audit-logged',
    description: 'Outlet managers export their own outlet; platform admins one outlet (outletId) or all. At most 366 days.',
    tags: ['exports'],
    auth: ['outlet_manager', 'platform_admin'],
    query: OrdersExportQuery,
    response: null,
    produces: 'text/csv',
    errors: ['not_found'],
  }),
};
