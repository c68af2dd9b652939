import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { DocsAssets } from './docs-assets'

/** The reference UI's files, read from the installed swagger-ui-dist package (Node). */
export function nodeDocsAssets(): DocsAssets {
  let folder: string | undefined
  const cache = new Map<string, Promise<Uint8Array | undefined>>()
  return {
    read(name) {
      let found = cache.get(name)
      if (!found) {
        folder ??= dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
        found = readFile(join(folder, name)).then(
          (bytes) => new Uint8Array(bytes),
          () => undefined,
        )
        cache.set(name, found)
      }
      return found
    },
  }
}
