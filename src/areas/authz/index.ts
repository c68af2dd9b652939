import { defineArea } from '../../registry/area'
import { registerAuthzRoutes } from './routes'

/** `POST /v1/authz/check`: whether an actor may act on a resource, and why. */
export default defineArea({ name: 'authz', routes: registerAuthzRoutes })
