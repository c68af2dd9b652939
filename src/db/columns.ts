import { customType } from 'drizzle-orm/pg-core'
import { type Id, type IdPrefix, idToUuid, uuidToId } from '../ids'

/**
 * A TypeID column: `tkt_01j…` in TypeScript, a 16-byte `uuid` in Postgres.
 * Conversion happens at the column, so services and queries only ever see TypeIDs.
 */
export const typeId = <P extends IdPrefix>(prefix: P, name: string) =>
  customType<{ data: Id<P>; driverData: string }>({
    dataType: () => 'uuid',
    toDriver: (value) => idToUuid(value),
    fromDriver: (value) => uuidToId(prefix, value),
  })(name)

/** timestamptz as a JS Date with millisecond precision, the same on PGlite and postgres.js. */
export { timestamp } from 'drizzle-orm/pg-core'
