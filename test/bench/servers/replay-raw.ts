import { createServer } from 'node:http'
import postgres from 'postgres'
import { runServer } from '../child'

/**
 * A raw-SQL ceiling for any read: the statements our server sent for one request (recorded in-process with
 * their parameters, test/bench/in-process.ts) replayed in order through postgres.js, prepared as our server sends
 * them, and every statement's rows answered as JSON (the data the request reads goes out, not only the last
 * statement's, which for a list is often a small lookup after the page). No authentication, no policy, no shaping: what the database
 * work of the request costs on its own. Started with its settings in REPLAY_RAW (JSON): `{ url, poolSize,
 * routes: { "/path": [{ sql, params }] } }`.
 */
const spec = JSON.parse(process.env.REPLAY_RAW ?? '{}') as {
  url: string
  poolSize: number
  routes: Record<string, Array<{ sql: string; params: unknown[] }>>
}

const sql = postgres(spec.url, { max: spec.poolSize, onnotice: () => {} })

const server = createServer(async (req, res) => {
  const statements = spec.routes[req.url ?? '']
  if (!statements) {
    res.writeHead(404).end()
    return
  }
  try {
    const results: unknown[] = []
    for (const s of statements) results.push(await sql.unsafe(s.sql, s.params as never[], { prepare: true }))
    res.writeHead(200, { 'content-type': 'application/json' })
    // Every statement's rows: the page and what shapes it (translations, grants), as the request reads them.
    res.end(JSON.stringify({ data: results }))
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error))
  }
})
server.listen(0, '127.0.0.1')
runServer(server, () => sql.end({ timeout: 5 }))
