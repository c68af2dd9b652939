import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config'
import { type AttachmentStore, MemoryAttachmentStore } from '../../src/storage/attachments'
import { LocalDiskAttachmentStore } from '../../src/storage/local-disk'

const dirs: string[] = []
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

const stores: [string, () => Promise<AttachmentStore>][] = [
  ['memory', async () => new MemoryAttachmentStore()],
  [
    'local disk',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'loopdesk-att-'))
      dirs.push(dir)
      return new LocalDiskAttachmentStore(dir)
    },
  ],
]

describe.each(stores)('attachment store: %s', (_, make) => {
  it('keeps bytes and their type under a key, replaces them, and forgets them', async () => {
    const store = await make()
    const bytes = new Uint8Array([0, 1, 2, 255, 10, 13])
    await store.put('ws_1/att_1', bytes, 'application/octet-stream')
    bytes[0] = 9 // the store kept its own copy
    expect(await store.get('ws_1/att_1')).toEqual({
      bytes: new Uint8Array([0, 1, 2, 255, 10, 13]),
      type: 'application/octet-stream',
    })
    await store.put('ws_1/att_1', new TextEncoder().encode('hello'), 'text/plain')
    const replaced = await store.get('ws_1/att_1')
    expect(new TextDecoder().decode(replaced?.bytes)).toBe('hello')
    expect(replaced?.type).toBe('text/plain')
    expect(await store.get('ws_1/att_2')).toBeUndefined()
    await store.delete('ws_1/att_1')
    await store.delete('ws_1/att_1')
    expect(await store.get('ws_1/att_1')).toBeUndefined()
  })

  it('refuses keys that could leave its folder or clash with a sidecar', async () => {
    const store = await make()
    for (const key of ['../x', 'a/../../b', '/etc/passwd', 'a/b.type', '', 'A', 'a//b', 'a/']) {
      await expect(store.put(key, new Uint8Array(1), 'text/plain')).rejects.toThrow(/Invalid attachment/)
      await expect(store.get(key)).rejects.toThrow(/Invalid attachment/)
      await expect(store.delete(key)).rejects.toThrow(/Invalid attachment/)
    }
  })
})

describe('local-disk attachment store', () => {
  it('leaves no temporary files behind, and an empty file is still a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loopdesk-att-'))
    dirs.push(dir)
    const store = new LocalDiskAttachmentStore(dir)
    await store.put('ws_1/att_empty', new Uint8Array(0), 'text/plain')
    expect((await readdir(join(dir, 'ws_1'))).sort()).toEqual(['att_empty', 'att_empty.type'])
    expect(await store.get('ws_1/att_empty')).toEqual({ bytes: new Uint8Array(0), type: 'text/plain' })
  })

  it('lives beside the data directory unless LOOPDESK_ATTACHMENTS_DIR says where', () => {
    expect(loadConfig({}).attachmentsDir).toBe(join('.loopdesk', 'attachments'))
    expect(loadConfig({ LOOPDESK_DATA_DIR: '/var/lib/loopdesk/db' }).attachmentsDir).toBe(
      '/var/lib/loopdesk/attachments',
    )
    expect(loadConfig({ LOOPDESK_ATTACHMENTS_DIR: '/srv/files' }).attachmentsDir).toBe('/srv/files')
  })
})
