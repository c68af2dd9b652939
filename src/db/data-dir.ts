import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'

/** The lock file inside the data directory: the holder's pid, then its host name. */
export const LOCK_FILE = 'loopdesk.pid'

/**
 * The PostgreSQL major version PGlite embeds (its data directory's `PG_VERSION`). A directory of another
 * version was made by another PostgreSQL and cannot be opened by this one.
 */
export const EMBEDDED_PG_VERSION = '18'

/** Why an embedded data directory cannot be used: another process holds it, or it is not ours to touch. */
export class DataDirError extends Error {
  constructor(
    message: string,
    readonly dataDir: string,
    /** The process holding the lock, when that is the reason. */
    readonly holder?: { pid: number; host: string },
  ) {
    super(message)
    this.name = 'DataDirError'
  }
}

/**
 * What the directory holds: nothing yet (`empty`: initdb will run) or an embedded PostgreSQL of our version
 * (`existing`). Anything else is refused, never written to: files that are not a PostgreSQL data directory
 * (a wrong path, someone else's files), a data directory of another PostgreSQL version, or one missing the
 * files every data directory has (a partial copy, a damaged disk).
 */
export function inspectDataDir(dataDir: string): 'empty' | 'existing' {
  const dir = resolve(dataDir)
  let entries: string[]
  try {
    entries = readdirSync(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'empty'
    throw error
  }
  const contents = entries.filter((name) => !name.startsWith(LOCK_FILE))
  if (contents.length === 0) return 'empty'
  if (!contents.includes('PG_VERSION')) {
    throw new DataDirError(
      `${dir} is not empty and is not an embedded Loopdesk database (it has no PG_VERSION file; it holds ${describe(contents)}). ` +
        'Refusing to use it, so nothing there is overwritten: set LOOPDESK_DATA_DIR to an empty or new directory.',
      dir,
    )
  }
  const version = readFileSync(join(dir, 'PG_VERSION'), 'utf8').trim()
  if (version !== EMBEDDED_PG_VERSION) {
    throw new DataDirError(
      `${dir} is a PostgreSQL ${version} data directory; this Loopdesk embeds PostgreSQL ${EMBEDDED_PG_VERSION} (PGlite) and cannot open it. ` +
        'Refusing to use it: move it away, or dump it with that PostgreSQL version and restore into a new directory.',
      dir,
    )
  }
  const missing = ['global/pg_control', 'base'].filter((name) => !existsSync(join(dir, name)))
  if (missing.length > 0) {
    throw new DataDirError(
      `${dir} is a damaged or incomplete database directory (missing ${missing.join(', ')}). ` +
        'Refusing to use it, so nothing there is overwritten: restore it from a backup, or move it away.',
      dir,
    )
  }
  return 'existing'
}

function describe(names: string[]): string {
  const shown = names.slice(0, 5).join(', ')
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown
}

export interface DataDirLock {
  readonly dataDir: string
  /** Remove the lock file (only if it is still ours). Also runs when the process exits. */
  release(): void
}

interface Holder {
  pid: number
  host: string
}

function readHolder(path: string): Holder | undefined | 'gone' {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone'
    throw error
  }
  const [pidLine = '', host = ''] = text.split('\n')
  const pid = Number(pidLine)
  return Number.isInteger(pid) && pid > 0 ? { pid, host } : undefined
}

/** Whether `holder` is a live process other than this one (on another host: presumed live, we cannot see it). */
function alive(holder: Holder): boolean {
  if (holder.host !== hostname()) return true
  if (holder.pid === process.pid) return false // a lock left by an earlier process that had our pid
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // alive, another user's
  }
}

/**
 * Take the data directory for this process: `<dataDir>/loopdesk.pid`, holding our pid and host name. The
 * file appears whole and at once (written aside, then hard-linked into place, which fails if it exists), so
 * two processes starting together never both succeed. A lock whose process is gone (killed, crashed, or a
 * container restarted with our pid) is stale and taken over: it is first renamed aside, which only one
 * contender can do, and put back if it turns out to have been taken meanwhile. A live holder makes this
 * throw a `DataDirError` naming the directory and the holder.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const dir = resolve(dataDir)
  mkdirSync(dir, { recursive: true })
  const lockPath = join(dir, LOCK_FILE)
  const host = hostname()
  const draft = `${lockPath}.${process.pid}`
  writeFileSync(draft, `${process.pid}\n${host}\n`)
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(draft, lockPath)
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 10) throw error
      }
      const holder = readHolder(lockPath)
      if (holder === 'gone') continue
      if (holder && alive(holder)) {
        const where = holder.host === host ? '' : ` on host ${holder.host}`
        throw new DataDirError(
          `The data directory ${dir} is in use by process ${holder.pid}${where} (${lockPath}). ` +
            'Two processes on one embedded database would corrupt it: stop that process first, or set DATABASE_URL to use PostgreSQL.',
          dir,
          holder,
        )
      }
      const aside = `${lockPath}.stale-${process.pid}`
      try {
        renameSync(lockPath, aside)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue // another contender moved it
        throw error
      }
      const moved = readHolder(aside)
      const same =
        moved !== 'gone' &&
        (moved === holder || (moved && holder && moved.pid === holder.pid && moved.host === holder.host))
      if (!same) {
        // Taken by a live contender between our read and the rename: give it back.
        try {
          linkSync(aside, lockPath)
        } catch {}
      }
      unlinkSync(aside)
    }
  } finally {
    unlinkSync(draft)
  }

  let released = false
  const release = () => {
    if (released) return
    released = true
    process.off('exit', release)
    const holder = readHolder(lockPath)
    if (holder !== 'gone' && holder?.pid === process.pid && holder.host === host) {
      try {
        unlinkSync(lockPath)
      } catch {}
    }
  }
  process.on('exit', release)
  return { dataDir: dir, release }
}
