// A CRM integrator's look at the customer view through the SDK: run from /work/main with BASE and KEY set.
import { createLoopdeskClient, unwrap } from '@loopdesk/sdk'
const ld = createLoopdeskClient({ baseUrl: process.env.BASE, apiKey: process.env.KEY })
const contact = await unwrap(ld.POST('/v1/contacts', { body: { email: `crm-${Date.now()}@example.test`, name: 'CRM Person' } }))
const ticket = await unwrap(ld.POST('/v1/tickets', { body: { subject: 'Cannot export', requesterId: contact.id } }))
console.log('ticket', ticket.number)
const owner = await unwrap(ld.GET('/v1/customers', { params: { query: { q: 'CRM Person' } } }))
console.log('owner sees', JSON.stringify(owner.data.map((c) => ({ tickets: c.tickets, feedback: c.feedback }))))
const key = await unwrap(ld.POST('/v1/api-keys', { body: { name: 'CRM sync', scopes: ['contacts:read'] } }))
const crm = createLoopdeskClient({ baseUrl: process.env.BASE, apiKey: key.key ?? key.token ?? key.secret })
const narrow = await unwrap(crm.GET('/v1/customers', { params: { query: { q: 'CRM Person' } } }))
console.log('contacts:read key sees', JSON.stringify(narrow.data.map((c) => ({ tickets: c.tickets, feedback: c.feedback }))))
