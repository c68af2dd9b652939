import { defineArea } from '../../registry/area'
import { registerCustomerRoutes } from './routes'

/**
 * Customers: the unified view of contacts with their organisation, ticket and feedback activity. It reads
 * the contacts area's records and policy (`Contact`); it owns no table and no resource type of its own.
 */
export default defineArea({
  name: 'customers',
  routes: registerCustomerRoutes,
})
