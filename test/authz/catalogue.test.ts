import { describe, expect, it } from 'vitest'
import '../../generated/areas'
import { Authorizer } from '../../src/authz/authorizer'
import { allPermissions, allScopes, systemRoles } from '../../src/authz/permissions'
import { ApiKeyActor, MemberActor } from '../../src/authz/principal'
import { allResourceTypes, requiredScope, resourceSpec } from '../../src/authz/resources'
import { newId } from '../../src/ids'

/**
 * The TypeScript tables that explain decisions (the permission and scope named in a 403) must say what the
 * Polar rules decide. These tests hold them together.
 */
const authorizer = new Authorizer()
const workspaceId = newId('ws')
const types = allResourceTypes().filter((t) => resourceSpec(t).prefix !== undefined)
const pairs = types.flatMap((type) =>
  Object.keys(resourceSpec(type).actions).map((action) => [type, action] as const),
)
const member = (permissions: readonly string[]) =>
  new MemberActor(newId('mbr'), workspaceId, new Set(permissions), new Map(), [])

describe('the permission named for each action', () => {
  it.each(pairs)('%s.%s: holding it alone allows the action', async (type, action) => {
    const permission = resourceSpec(type).actions[action]!
    const needed = resourceSpec(type).alsoNeeds?.[action] ?? []
    const filter = await authorizer.compile(member([permission, ...needed]), action, type)
    expect(filter.none).toBe(false)
  })

  it.each(pairs)(
    '%s.%s: every other permission together does not allow it on all rows',
    async (type, action) => {
      const permission = resourceSpec(type).actions[action]!
      const alternatives = resourceSpec(type).alternatives?.[action] ?? []
      const filter = await authorizer.compile(
        member(allPermissions.filter((p) => p !== permission && !alternatives.includes(p))),
        action,
        type,
      )
      expect(filter.all).toBe(false)
    },
  )
})

describe('the scope named for each action', () => {
  const owner = member(allPermissions)
  it.each(pairs)('%s.%s: the scope alone allows it, all other scopes do not', async (type, action) => {
    const scope = requiredScope(type, action)
    const withScope = new ApiKeyActor(newId('ak'), workspaceId, [scope], [], [], owner)
    expect((await authorizer.compile(withScope, action, type)).none).toBe(false)
    const others = allScopes.filter(
      (s) => s !== 'admin' && s !== scope && s !== scope.replace(/:read$/, ':write'),
    )
    const without = new ApiKeyActor(newId('ak'), workspaceId, others, [], [], owner)
    expect((await authorizer.compile(without, action, type)).none).toBe(true)
  })
})

describe('system roles', () => {
  it('grant only catalogue permissions, and owner grants them all', () => {
    for (const role of Object.values(systemRoles)) {
      for (const p of role.permissions) expect(allPermissions).toContain(p)
    }
    expect(new Set(systemRoles.owner.permissions)).toEqual(new Set(allPermissions))
  })

  it('keep collaborators from public replies and viewers from every change', () => {
    expect(systemRoles.collaborator.permissions).toContain('tickets.note')
    expect(systemRoles.collaborator.permissions).not.toContain('tickets.reply')
    expect(
      systemRoles.viewer.permissions.filter(
        (p) =>
          /manage|create|update|reply|note|assign|merge|delete|publish/.test(p) &&
          p !== 'notifications.manage',
      ),
    ).toEqual([])
  })
})
