/**
 * CRM ticket sync: keeps a CRM's support cases and Loopdesk's tickets in step, both ways, from a script that runs
 * every few minutes.
 *
 *   1. push: every case changed in the CRM since the last run goes to Loopdesk by its CRM id
 *      (`PUT /v1/contacts/by-external-id/…` for its contact, then `PUT /v1/tickets/by-external-id/…`): a run can be
 *      repeated safely, the upsert creates once and then updates in place;
 *   2. pull: what changed in Loopdesk since the saved cursor (`GET /v1/changes?after=…`, tickets and contacts,
 *      oldest first) is written into the CRM, keyed by external id (the CRM id; Loopdesk's id for records made
 *      in Loopdesk);
 *   3. the feed's `nextCursor` is saved with the CRM state, so the next run resumes exactly there.
 *
 *   LOOPDESK_URL=http://localhost:3000 LOOPDESK_API_KEY=ld_… CRM_STATE=./crm-state.json \
 *     npx tsx sdk/examples/crm-ticket-sync.ts
 *
 * The "CRM" here is a JSON file; a real one is a few HTTP calls in `pushCases` and `applyChange`.
 */
import { readFile, rename, writeFile } from 'node:fs/promises'
import { argv, env } from 'node:process'
import { pathToFileURL } from 'node:url'
import { createLoopdeskClient, type LoopdeskClient, type Schema, unwrap } from '@loopdesk/sdk'

export interface CrmContact {
  crmId: string
  email: string | null
  name: string | null
  /** The Loopdesk contact, once synced. */
  loopdeskId?: string
}

export interface CrmCase {
  crmId: string
  subject: string
  /** The CRM id of the contact who raised it. */
  contactCrmId: string
  priority: 'low' | 'normal' | 'high' | 'urgent'
  /** Loopdesk's status category (`open`, `solved`, …), as last pulled. */
  status?: string
  /** The Loopdesk ticket, once synced. */
  loopdeskId?: string
  /** Changed in the CRM since the last push. */
  dirty?: boolean
  /** Deleted in Loopdesk. */
  deleted?: boolean
}

/** What the CRM keeps, and where the changes feed resumes. */
export interface CrmState {
  cursor: string | null
  contacts: Record<string, CrmContact>
  cases: Record<string, CrmCase>
}

export const emptyState = (): CrmState => ({ cursor: null, contacts: {}, cases: {} })

/** The saved state, or an empty one on the first run. */
export async function loadState(path: string): Promise<CrmState> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as CrmState
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyState()
    throw error
  }
}

/** Save the state (written aside, then renamed: a crash never leaves half a file, or a lost cursor). */
export async function saveState(path: string, state: CrmState): Promise<void> {
  await writeFile(`${path}.tmp`, JSON.stringify(state, null, 2))
  await rename(`${path}.tmp`, path)
}

export interface SyncResult {
  /** The cases pushed to Loopdesk (their CRM ids). */
  pushed: string[]
  /** The Loopdesk events applied to the CRM, oldest first. */
  pulled: Schema<'Event'>[]
}

const PAGE = 500

/** One run: push the CRM's changed cases, pull Loopdesk's changes, advance `state.cursor`. Save `state` after. */
export async function syncTickets(client: LoopdeskClient, state: CrmState): Promise<SyncResult> {
  const pushed = await pushCases(client, state)
  const pulled: Schema<'Event'>[] = []
  for (;;) {
    const page = await unwrap(
      client.GET('/v1/changes', {
        params: {
          query: {
            types: 'ticket.*,contact.*',
            limit: PAGE,
            ...(state.cursor ? { after: state.cursor } : {}),
          },
        },
      }),
    )
    for (const event of page.data) applyChange(state, event)
    pulled.push(...page.data)
    state.cursor = page.nextCursor
    // A short page means the feed has nothing more for now; its nextCursor is where the next run resumes.
    if (page.data.length < PAGE) break
  }
  return { pushed, pulled }
}

async function pushCases(client: LoopdeskClient, state: CrmState): Promise<string[]> {
  const pushed: string[] = []
  for (const item of Object.values(state.cases)) {
    if (!item.dirty) continue
    const person = state.contacts[item.contactCrmId]
    if (!person) throw new Error(`case ${item.crmId}: the CRM has no contact ${item.contactCrmId}`)
    const contact = await unwrap(
      client.PUT('/v1/contacts/by-external-id/{externalId}', {
        params: { path: { externalId: person.crmId } },
        body: { email: person.email, name: person.name },
      }),
    )
    person.loopdeskId = contact.id
    const ticket = await unwrap(
      client.PUT('/v1/tickets/by-external-id/{externalId}', {
        params: { path: { externalId: item.crmId } },
        body: { subject: item.subject, requesterId: contact.id, priority: item.priority },
      }),
    )
    item.loopdeskId = ticket.id
    item.status = ticket.statusCategory
    item.dirty = false
    pushed.push(item.crmId)
  }
  return pushed
}

type Fields = Record<string, unknown>
const text = (value: unknown) => (typeof value === 'string' ? value : null)

/** Write one Loopdesk change into the CRM, keyed by external id (Loopdesk's id for records made there). */
export function applyChange(state: CrmState, event: Schema<'Event'>): void {
  const data = event.data as Fields
  if (event.type.startsWith('contact.')) {
    const contact = data.contact as Fields | undefined
    if (!contact || event.type === 'contact.deleted') return
    const key = text(contact.externalId) ?? String(contact.id)
    const known = state.contacts[key]
    state.contacts[key] = {
      crmId: key,
      email: contact.email === undefined ? (known?.email ?? null) : text(contact.email),
      name: contact.name === undefined ? (known?.name ?? null) : text(contact.name),
      loopdeskId: String(contact.id),
    }
    return
  }
  const ticket = data.ticket as Fields | undefined
  if (!ticket) return
  // Some events carry only part of the ticket (a new message names its id, number and status): find the case
  // by its Loopdesk id then, and change only what the event says.
  const key =
    text(ticket.externalId) ??
    Object.values(state.cases).find((c) => c.loopdeskId === ticket.id)?.crmId ??
    String(ticket.id)
  const known = state.cases[key]
  if (event.type === 'ticket.deleted') {
    if (known) known.deleted = true
    return
  }
  if (!known && typeof ticket.subject !== 'string') return
  const requester = text(ticket.requesterId)
  const contactKey =
    Object.values(state.contacts).find((c) => c.loopdeskId === requester)?.crmId ?? requester ?? ''
  state.cases[key] = {
    crmId: key,
    subject: text(ticket.subject) ?? known?.subject ?? '',
    contactCrmId: known?.contactCrmId ?? contactKey,
    priority: (text(ticket.priority) as CrmCase['priority'] | null) ?? known?.priority ?? 'normal',
    status: text(ticket.statusCategory) ?? known?.status,
    loopdeskId: String(ticket.id),
    // A change made in the CRM meanwhile still has to be pushed.
    dirty: known?.dirty ?? false,
  }
}

if (import.meta.url === pathToFileURL(argv[1] ?? '').href) {
  const client = createLoopdeskClient({ baseUrl: env.LOOPDESK_URL ?? '', apiKey: env.LOOPDESK_API_KEY ?? '' })
  const path = env.CRM_STATE ?? './crm-state.json'
  const state = await loadState(path)
  if (Object.keys(state.cases).length === 0) {
    // A first run: the CRM's cases to bring over.
    state.contacts['crm-4711'] = { crmId: 'crm-4711', email: 'ada@example.com', name: 'Ada Lovelace' }
    state.cases['case-1001'] = {
      crmId: 'case-1001',
      subject: 'Invoice shows the wrong VAT rate',
      contactCrmId: 'crm-4711',
      priority: 'high',
      dirty: true,
    }
  }
  const result = await syncTickets(client, state)
  await saveState(path, state)
  console.log(`pushed ${result.pushed.length} case(s), applied ${result.pulled.length} change(s)`)
  for (const event of result.pulled) console.log(event.occurredAt, event.type, event.resource.id)
  console.log(`state and cursor saved to ${path}`)
}
