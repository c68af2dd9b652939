import { readSpec, tellRunner } from './child'
import { seed } from './database'

/** Migrate and seed the run's database, report what was made, exit. Started by run.ts. */
const spec = readSpec('seed')
process.on('disconnect', () => process.exit(1))
const seeded = await seed(spec.database, spec.rows)
await tellRunner({ type: 'seeded', seeded })
process.exit(0)
