import { customType, timestamp } from 'drizzle-orm/pg-core'
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

/** `timestamptz(3)` as a JS Date: millisecond precision, as JavaScript and the API's ISO strings have. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, precision: 3 })
