import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { readSpec, runServer } from '../child'

/**
 * The framework ceiling: a plain Hono app on @hono/node-server answering each endpoint with the body our
 * server answered, from memory (serialised per request like any handler's `c.json`). No middleware, no
 * authentication, no database.
 */
const spec = readSpec('bare-hono')
const app = new Hono()
for (const [path, body] of Object.entries(spec.bodies)) {
  const value: unknown = JSON.parse(body)
  // Routes match paths; the measured URL may carry a query (`/v1/contacts?limit=50`).
  app.get(path.split('?')[0] ?? path, (c) => c.json(value))
}
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server
runServer(server)
