import { and, arrayOverlaps, asc, eq } from 'drizzle-orm'
import type { Db } from '../../db/database'
import { organizations } from '../../db/schema'
import type { OrganizationId, WorkspaceId } from '../../ids'

/**
 * Mailbox providers whose addresses say nothing about a person's employer: a contact at one of these is never
 * linked to an organisation by domain, even if an organisation lists the domain.
 */
export const freeMailDomains: ReadonlySet<string> = new Set([
  '126.com',
  '163.com',
  'aim.com',
  'aol.com',
  'fastmail.com',
  'fastmail.fm',
  'gmail.com',
  'gmx.at',
  'gmx.ch',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'googlemail.com',
  'hey.com',
  'hotmail.co.uk',
  'hotmail.com',
  'hotmail.de',
  'hotmail.fr',
  'hotmail.it',
  'hushmail.com',
  'icloud.com',
  'inbox.com',
  'laposte.net',
  'libero.it',
  'live.co.uk',
  'live.com',
  'live.fr',
  'mac.com',
  'mail.com',
  'mail.ru',
  'me.com',
  'msn.com',
  'naver.com',
  'orange.fr',
  'outlook.com',
  'outlook.de',
  'outlook.fr',
  'pm.me',
  'proton.me',
  'protonmail.ch',
  'protonmail.com',
  'qq.com',
  'rambler.ru',
  'rediffmail.com',
  'seznam.cz',
  't-online.de',
  'tutanota.com',
  'tuta.io',
  'web.de',
  'yahoo.co.in',
  'yahoo.co.jp',
  'yahoo.co.uk',
  'yahoo.com',
  'yahoo.de',
  'yahoo.fr',
  'yandex.com',
  'yandex.ru',
  'ymail.com',
  'zoho.com',
  'zohomail.com',
])

/** A domain as organisations store it: lower case, no surrounding blanks, no trailing dot. */
export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.+$/, '')
}

/** The domain part of an email address, normalised; undefined when there is none. */
export function emailDomain(email: string): string | undefined {
  const at = email.lastIndexOf('@')
  if (at < 0) return undefined
  const domain = normalizeDomain(email.slice(at + 1))
  return domain.includes('.') ? domain : undefined
}

export function isFreeMailDomain(domain: string): boolean {
  return freeMailDomains.has(normalizeDomain(domain))
}

/**
 * The domains an address may match, most specific first: `ada@eu.mail.acme.com` matches an organisation
 * listing `eu.mail.acme.com`, `mail.acme.com` or `acme.com` (never a bare top-level domain). Empty for
 * free-mail addresses.
 */
export function matchableDomains(email: string): string[] {
  const domain = emailDomain(email)
  if (!domain || isFreeMailDomain(domain)) return []
  const labels = domain.split('.')
  const candidates: string[] = []
  for (let i = 0; i <= labels.length - 2; i++) candidates.push(labels.slice(i).join('.'))
  return candidates
}

/**
 * The organisation a new contact with `email` belongs to: the one whose `domains` holds the most specific
 * match for the address (the oldest such organisation when several list the same domain), or undefined.
 * Free-mail addresses never match.
 */
export async function findOrganizationForEmail(
  db: Db,
  workspaceId: WorkspaceId,
  email: string,
): Promise<OrganizationId | undefined> {
  const candidates = matchableDomains(email)
  if (candidates.length === 0) return undefined
  const rows = await db
    .select({ id: organizations.id, domains: organizations.domains })
    .from(organizations)
    .where(and(eq(organizations.workspaceId, workspaceId), arrayOverlaps(organizations.domains, candidates)))
    .orderBy(asc(organizations.createdAt), asc(organizations.id))
  for (const domain of candidates) {
    const match = rows.find((row) => row.domains.includes(domain))
    if (match) return match.id
  }
  return undefined
}
