import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { type AttachmentStore, assertStorageKey, type StoredAttachment } from './attachments'

/**
 * Attachments as files under one folder (`LOOPDESK_ATTACHMENTS_DIR`): the bytes at `<dir>/<key>` and the media
 * type beside them at `<dir>/<key>.type`. Writes go to a temporary file first and are renamed into place, so a
 * reader never sees half a file and a crash leaves no torn attachment. Node only (Workers have no disk).
 */
export class LocalDiskAttachmentStore implements AttachmentStore {
  private readonly root: string

  constructor(dir: string) {
    this.root = resolve(dir)
  }

  private pathOf(key: string): string {
    assertStorageKey(key)
    return join(this.root, key)
  }

  async put(key: string, bytes: Uint8Array, type: string) {
    const path = this.pathOf(key)
    await mkdir(dirname(path), { recursive: true })
    const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`
    try {
      await writeFile(`${temp}.type`, type, 'utf8')
      await writeFile(temp, bytes)
      // The type first: a reader that finds the bytes always finds their type.
      await rename(`${temp}.type`, `${path}.type`)
      await rename(temp, path)
    } catch (error) {
      await rm(temp, { force: true })
      await rm(`${temp}.type`, { force: true })
      throw error
    }
  }

  async get(key: string): Promise<StoredAttachment | undefined> {
    const path = this.pathOf(key)
    try {
      const [bytes, type] = await Promise.all([readFile(path), readFile(`${path}.type`, 'utf8')])
      return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), type }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }

  async delete(key: string) {
    const path = this.pathOf(key)
    await rm(path, { force: true })
    await rm(`${path}.type`, { force: true })
  }
}
