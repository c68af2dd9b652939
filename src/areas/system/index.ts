import { defineArea } from '../../registry/area'
import { registerSystemRoutes } from './routes'

/** Health, readiness and the API description. */
export default defineArea({ name: 'system', routes: registerSystemRoutes })
