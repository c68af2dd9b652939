import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { TypeID } from 'typeid-js'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config'
import { idToUuid, isId, newId, uuidToId, zId } from '../src/ids'

describe('TypeIDs', () => {
  it('makes time-ordered ids of the prefix that round-trip through uuid', () => {
    const a = newId('tkt')
    const b = newId('tkt')
    expect(a).toMatch(/^tkt_[0-7][0-9a-hjkmnp-tv-z]{25}$/)
    expect(a < b).toBe(true)
    const uuid = idToUuid(a)
    expect(uuid).toMatch(/^[0-9a-f-]{36}$/)
    expect(uuidToId('tkt', uuid)).toBe(a)
  })

  it('converts exactly like the typeid-js reference, both ways', () => {
    const uuids = [
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      ...Array.from({ length: 2000 }, () => randomUUID()),
      ...Array.from({ length: 500 }, () => TypeID.fromString(newId('ak')).toUUID()),
    ]
    for (const uuid of uuids) {
      const reference = TypeID.fromUUID('ak', uuid).toString()
      expect(uuidToId('ak', uuid)).toBe(reference)
      expect(idToUuid(reference)).toBe(uuid)
    }
    expect(uuidToId('ws', '00000000-0000-0000-0000-000000000000')).toBe('ws_00000000000000000000000000')
    expect(uuidToId('ws', 'ffffffff-ffff-ffff-ffff-ffffffffffff')).toBe('ws_7zzzzzzzzzzzzzzzzzzzzzzzzz')
    expect(() => idToUuid('ak_8zzzzzzzzzzzzzzzzzzzzzzzzz')).toThrow(/TypeID/)
    expect(() => idToUuid('nope')).toThrow(/TypeID/)
  })

  it('makes UUIDv7 ids of now, in the order they were made, typeid-js reading them alike', () => {
    const before = Date.now()
    const ids = Array.from({ length: 50_000 }, () => newId('msg'))
    const after = Date.now()
    expect(new Set(ids).size).toBe(ids.length)
    for (let i = 1; i < ids.length; i++) expect((ids[i - 1] as string) < (ids[i] as string)).toBe(true)
    for (const id of ids.filter((_, i) => i % 97 === 0)) {
      const uuid = idToUuid(id)
      expect(TypeID.fromString(id).toUUID()).toBe(uuid)
      expect(uuidToId('msg', uuid)).toBe(id)
      // Version 7, variant 10, and the first 48 bits are the time it was made.
      expect(uuid[14]).toBe('7')
      expect('89ab').toContain(uuid[19])
      const ms = Number.parseInt(uuid.replace(/-/g, '').slice(0, 12), 16)
      expect(ms).toBeGreaterThanOrEqual(before)
      expect(ms).toBeLessThanOrEqual(after + 1)
    }
  })

  it('refuses a wrong prefix or a malformed suffix', () => {
    const ticket = newId('tkt')
    expect(isId('tkt', ticket)).toBe(true)
    expect(isId('ct', ticket)).toBe(false)
    expect(isId('tkt', 'tkt_8zzzzzzzzzzzzzzzzzzzzzzzzz')).toBe(false)
    expect(zId('ct').safeParse(ticket).success).toBe(false)
    expect(zId('tkt').parse(ticket)).toBe(ticket)
  })
})

describe('the process', () => {
  it('never loads `domain` (oso required `repl`, which does; patches/oso+0.27.3.patch defers it)', () => {
    // A process that loads `domain` puts every EventEmitter on its domain-aware paths: sockets, HTTP, streams.
    const script = "require('oso'); process.stdout.write(String(require('node:events').usingDomains))"
    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })).toBe('false')
  })
})

describe('postgres.js pool queues (patches/postgres+3.4.9.patch)', () => {
  // The pool moves each connection between queues (open, busy, full…): shift() takes the next one, remove() takes a
  // given one. Unpatched, shift() leaves a hole at the front that is dropped only when the queue drains, and
  // remove() scans every hole: under steady load a busy queue never drains, so each query cost more than the last
  // (measured: 47 µs of client CPU per `select 1` at first, 122 µs after 160,000).
  class Tracked<T> extends Array<T> {
    static longest = 0
    override push(...items: T[]) {
      const length = super.push(...items)
      Tracked.longest = Math.max(Tracked.longest, length)
      return length
    }
  }
  const copies = ['src/queue.js', 'cf/src/queue.js', 'cjs/src/queue.js']
  const load = async (file: string) => {
    const path = fileURLToPath(new URL(`../node_modules/postgres/${file}`, import.meta.url))
    const loaded = file.startsWith('cjs/')
      ? createRequire(import.meta.url)(path)
      : (await import(path)).default
    return loaded as <T>(initial?: T[]) => {
      length: number
      push(x: T): T
      shift(): T
      remove(x: T): T | null
    }
  }

  it.each(copies)('%s: stays first in, first out, and keeps no more than it holds', async (file) => {
    const Queue = await load(file)
    // Whatever the queue holds is in `xs`, which starts as `initial.slice()`: a Tracked array, to see it grow.
    const initial = Tracked.from(['a', 'b', 'c'])
    Tracked.longest = 0
    const queue = Queue(initial)
    const model = ['a', 'b', 'c']
    for (let i = 0; i < 20_000; i++) {
      const next = queue.shift()
      expect(next).toBe(model.shift())
      queue.push(next)
      model.push(next)
      if (i % 7 === 0) {
        // A connection leaves from the middle (it became busy or closed) and comes back later.
        const middle = model[1] as string
        expect(queue.remove(middle)).toBe(middle)
        model.splice(1, 1)
        expect(queue.remove(middle)).toBeNull()
        queue.push(middle)
        model.push(middle)
      }
      expect(queue.length).toBe(model.length)
    }
    expect(Tracked.longest).toBeLessThan(100)
  })
})

describe('configuration', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: './.loopdesk/data',
      signupEnabled: false,
      bodyLimitBytes: 1024 * 1024,
      publicUrl: 'http://127.0.0.1:3000',
    })
  })

  it('reads every setting', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u@db/loopdesk',
      LOOPDESK_SIGNUP_ENABLED: 'true',
      LOOPDESK_RATE_LIMIT: '10',
      LOG_LEVEL: 'debug',
    })
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u@db/loopdesk',
      signupEnabled: true,
      rateLimit: { limit: 10, windowSeconds: 60 },
      logLevel: 'debug',
      publicUrl: 'http://localhost:8080',
    })
  })

  it('reads LOOPDESK_TICK_SCHEDULES as tick name → cron pattern, and rejects anything else', () => {
    expect(loadConfig({}).tickSchedules).toEqual({})
    expect(loadConfig({ LOOPDESK_TICK_SCHEDULES: '' }).tickSchedules).toEqual({})
    expect(
      loadConfig({
        LOOPDESK_TICK_SCHEDULES: '{"prune-sessions":"*/10 * * * *","prune-audit-log":"0 0 * * *"}',
      }).tickSchedules,
    ).toEqual({ 'prune-sessions': '*/10 * * * *', 'prune-audit-log': '0 0 * * *' })
    for (const bad of ['{prune-sessions: hourly}', '["* * * * *"]', 'null', '"* * * * *"']) {
      expect(() => loadConfig({ LOOPDESK_TICK_SCHEDULES: bad })).toThrow(
        /Invalid configuration:\n {2}LOOPDESK_TICK_SCHEDULES: must be a JSON object/,
      )
    }
    expect(() => loadConfig({ LOOPDESK_TICK_SCHEDULES: '{"prune-sessions":60}' })).toThrow(
      /LOOPDESK_TICK_SCHEDULES\.prune-sessions: must be a cron pattern/,
    )
  })

  it('lists every bad setting at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOOPDESK_SECRET: 'short' })).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*LOOPDESK_SECRET/,
    )
  })
})
