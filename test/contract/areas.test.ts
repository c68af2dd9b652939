import { readdirSync, readFileSync } from 'node:fs'
import { OpenAPIHono } from '@hono/zod-openapi'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { areas } from '../../generated/areas'
import spec from '../../generated/openapi.json'
import { resourceSpec } from '../../src/authz/resources'
import { idPattern } from '../../src/ids'

/**
 * Each area declares itself once (src/areas/<area>/index.ts) and describes its operations in
 * spec/paths/<area>.yaml. These tests hold the two together: an area serves exactly the operations of its own
 * spec file, its ids match the spec's id schemas, and its events are documented.
 */
const pathFiles = readdirSync('spec/paths')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
const methods = ['get', 'put', 'post', 'patch', 'delete'] as const

/** The operationIds of one spec/paths file. */
function specOperations(area: string): string[] {
  const doc = parse(readFileSync(`spec/paths/${area}.yaml`, 'utf8')) as {
    paths?: Record<string, Record<string, { operationId?: string }>>
  }
  return Object.values(doc.paths ?? {}).flatMap((item) =>
    methods.flatMap((m) => (item[m]?.operationId ? [item[m].operationId] : [])),
  )
}

/** The operationIds an area's route registration registers. */
function registeredOperations(area: (typeof areas)[number]): string[] {
  const app = new OpenAPIHono()
  area.routes?.(app as never)
  return app.openAPIRegistry.definitions.flatMap((d) =>
    d.type === 'route' && d.route.operationId ? [d.route.operationId] : [],
  )
}

describe('area declarations and the spec', () => {
  it('pairs every spec/paths file with an area folder of the same name, and every serving area with its file', () => {
    const names = areas.map((a) => a.name)
    for (const file of pathFiles) expect(names, `spec/paths/${file}.yaml`).toContain(file)
    for (const area of areas) {
      if (area.routes) expect(pathFiles, `src/areas/${area.name}`).toContain(area.name)
    }
  })

  it.each(areas.map((a) => [a.name, a] as const))(
    '%s registers exactly the operations of its spec file',
    (name, area) => {
      const expected = pathFiles.includes(name) ? specOperations(name) : []
      expect(registeredOperations(area).sort()).toEqual(expected.sort())
    },
  )

  it('gives every resource type with a prefix an id schema of that prefix in the spec', () => {
    const schemas = spec.components.schemas as Record<string, { pattern?: string }>
    const patterns = new Set(Object.values(schemas).map((s) => s.pattern))
    for (const area of areas) {
      for (const type of Object.keys(area.resources ?? {})) {
        const prefix = resourceSpec(type as never).prefix
        if (prefix) expect(patterns.has(idPattern(prefix).source), `${type} (${prefix}_)`).toBe(true)
      }
    }
  })

  it('documents every declared event type as a webhook whose payload names the area’s data schema', () => {
    const webhooks = spec.webhooks as Record<string, unknown>
    for (const area of areas) {
      for (const type of Object.keys(area.events ?? {}))
        expect(webhooks, `${area.name}: ${type}`).toHaveProperty([type])
    }
    const declared = areas.flatMap((a) => Object.keys(a.events ?? {}))
    const sentOnly = Object.keys(webhooks).filter((type) => !declared.includes(type))
    expect(sentOnly).toEqual(['webhook.ping'])
  })
})
