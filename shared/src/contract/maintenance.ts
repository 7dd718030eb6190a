import { MaintenanceList, MaintenancePrefBody, MaintenancePrefView } from '../domain/maintenance';
import { IdParams } from '../schemas/common';
import { endpoint } from './endpoint';

/** Issue 20.3: maintenance reminders of the signed-in customer's appliances (staff roles get 403). */
const CUSTOMER = ['customer'] as const;

export const maintenance = {
  mine: endpoint({
    method: 'get',
    path: '/me/maintenance',
    summary: 'When each of my appliances is next due for care (cleaning, filter change), and whether I am reminded',
    description:
      'One entry per appliance whose category has a maintenance rule (shared/src/domain/maintenance.ts), counted from its last completed service of that kind or its purchase date, with the booking page that books the care.',
    tags: ['customer'],
    auth: CUSTOMER,
    response: MaintenanceList,
  }),
  setPref: endpoint({
    method: 'put',
    path: '/me/appliances/:id/maintenance',
    summary: 'Turn maintenance reminders for one of my appliances on or off, or snooze them (7, 30 or 90 days)',
    tags: ['customer'],
    auth: CUSTOMER,
    params: IdParams,
    body: MaintenancePrefBody,
    response: MaintenancePrefView,
    errors: ['not_found'],
  }),
};
