import { defineConfig } from 'drizzle-kit'
// Every schema file (src/db/schema/<area>.ts), not a barrel someone must remember to extend.

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/db/schema/*.ts', '!./src/db/schema/index.ts'],
  out: './migrations',
  casing: 'snake_case',
})
