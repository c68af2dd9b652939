/**
 * Where attachment bytes live. The database keeps the metadata (`ticket_attachments`: name, type, size and the
 * `storageKey`); a store keeps the bytes under that key. Node uses the local disk (`LocalDiskAttachmentStore`,
 * src/storage/local-disk.ts); tests and Workers use `MemoryAttachmentStore`. An S3-compatible store is one more
 * class with these three methods.
 */
export interface AttachmentStore {
  /** Keep `bytes` under `key` (replacing what was there), with its media type. */
  put(key: string, bytes: Uint8Array, type: string): Promise<void>
  /** The bytes and media type under `key`, or undefined when nothing is stored there. */
  get(key: string): Promise<StoredAttachment | undefined>
  /** Forget `key`; deleting a missing key is no error (deletes are retried). */
  delete(key: string): Promise<void>
}

export interface StoredAttachment {
  bytes: Uint8Array
  type: string
}

/** `ws_…/att_…`: lower-case segments of letters, digits, `_` and `-`, joined by `/` (never `.` or `..`). */
const keyPattern = /^[a-z0-9][a-z0-9_-]{0,127}(\/[a-z0-9][a-z0-9_-]{0,127}){0,7}$/

/** Throws on a key a store must not take: one that could leave the store's folder or clash with a sidecar. */
export function assertStorageKey(key: string): void {
  if (!keyPattern.test(key)) throw new Error(`Invalid attachment storage key ${JSON.stringify(key)}`)
}

/** Keeps attachments in the process's memory: for tests, and for Workers until an object-store adapter exists. */
export class MemoryAttachmentStore implements AttachmentStore {
  private readonly items = new Map<string, StoredAttachment>()

  async put(key: string, bytes: Uint8Array, type: string) {
    assertStorageKey(key)
    // A copy: the caller may reuse its buffer.
    this.items.set(key, { bytes: new Uint8Array(bytes), type })
  }

  async get(key: string) {
    assertStorageKey(key)
    const item = this.items.get(key)
    return item && { bytes: new Uint8Array(item.bytes), type: item.type }
  }

  async delete(key: string) {
    assertStorageKey(key)
    this.items.delete(key)
  }

  /** How many attachments are stored (tests). */
  get size() {
    return this.items.size
  }
}
