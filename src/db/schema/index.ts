// The engine's own tables, for its imports. An area imports its tables from its own schema file; drizzle-kit reads
// every file of this folder (drizzle.config.ts), so nothing here needs to list a new one.
export * from './audit'
export * from './events'
export * from './http'
export * from './identity'
export * from './jobs'
export * from './notifications'
export * from './segments'
export * from './webhooks'
export * from './workspaces'
