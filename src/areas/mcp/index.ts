import { defineArea } from '../../registry/area'
import { registerMcpRoutes } from './routes'

/** `POST /mcp`: the API's operations marked `x-mcp` as tools for AI agents (src/mcp/). */
export default defineArea({ name: 'mcp', routes: registerMcpRoutes })
