/**
 * CRM sync: one run pulls what changed in Loopdesk since the last run from the changes feed (to apply in the CRM),
 * then pushes the CRM's people into Loopdesk by their CRM id (`PUT /v1/contacts/by-external-id/…` creates or
 * updates, so a run can be repeated safely). Keep the returned cursor and pass it to the next run.
 *
 *   LOOPDESK_URL=http://localhost:3000 LOOPDESK_API_KEY=ld_… npx tsx sdk/examples/crm-sync.ts
 */
import { argv, env } from 'node:process'
import { pathToFileURL } from 'node:url'
import { createLoopdeskClient, type LoopdeskClient, type Schema, unwrap } from '@loopdesk/sdk'

/** A person as the CRM has them. */
export interface CrmPerson {
  crmId: string
  email: string | null
  name: string | null
  plan?: string
}

export interface SyncResult {
  /** Loopdesk's contact events since `after`, oldest first: apply them in the CRM. */
  changes: Schema<'Event'>[]
  /** Where the feed stopped: save it and pass it as `after` to the next run. */
  cursor: string
  /** The ids of the contacts this run created and updated. */
  created: string[]
  updated: string[]
}

const PAGE = 500

/**
 * Pull the contact changes after `after` (all of them on a first run), then upsert `people`. The changes this
 * run writes show up in the next run's feed: skip the events whose `actor` is the sync's own API key there.
 */
export async function syncContacts(
  client: LoopdeskClient,
  people: CrmPerson[],
  after?: string,
): Promise<SyncResult> {
  const changes: Schema<'Event'>[] = []
  let cursor = after
  for (;;) {
    const page = await unwrap(
      client.GET('/v1/changes', {
        params: { query: { types: 'contact.*', limit: PAGE, ...(cursor ? { after: cursor } : {}) } },
      }),
    )
    changes.push(...page.data)
    cursor = page.nextCursor
    // A short page means the feed has nothing more for now; its nextCursor is where the next run resumes.
    if (page.data.length < PAGE) break
  }

  const created: string[] = []
  const updated: string[] = []
  for (const person of people) {
    const result = await client.PUT('/v1/contacts/by-external-id/{externalId}', {
      params: { path: { externalId: person.crmId } },
      body: {
        email: person.email,
        name: person.name,
        ...(person.plan === undefined ? {} : { attributes: { plan: person.plan } }),
      },
    })
    const contact = await unwrap(result)
    ;(result.response.status === 201 ? created : updated).push(contact.id)
  }
  return { changes, cursor, created, updated }
}

if (import.meta.url === pathToFileURL(argv[1] ?? '').href) {
  const client = createLoopdeskClient({ baseUrl: env.LOOPDESK_URL ?? '', apiKey: env.LOOPDESK_API_KEY ?? '' })
  const people: CrmPerson[] = [
    { crmId: 'crm-4711', email: 'ada@example.com', name: 'Ada Lovelace', plan: 'enterprise' },
    { crmId: 'crm-4712', email: 'grace@example.com', name: 'Grace Hopper' },
  ]
  const result = await syncContacts(client, people, env.LOOPDESK_CURSOR)
  for (const event of result.changes) console.log(event.occurredAt, event.type, event.resource.id)
  console.log(`created ${result.created.length}, updated ${result.updated.length}`)
  console.log(`next run: LOOPDESK_CURSOR=${result.cursor}`)
}
