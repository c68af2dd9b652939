import type { SQL } from 'drizzle-orm'
import type { ServiceContext } from '../context/service'

/** One hit of `GET /v1/search`, whatever area it comes from. */
export interface SearchHit {
  /** The kind of record (`post`, `comment`, `article`, `changelog_entry`…). */
  type: string
  id: string
  /** The post a feedback hit belongs to; null for records that are not about a post. */
  postId: string | null
  /** The ticket of a ticket or ticket-message hit; absent on other hits. */
  ticketId?: string
  title: string
  /** The best fragments, matched words in `<mark>`…`</mark>`. */
  snippet: string
  /** `ts_rank_cd` of the record's weighted document (title above body), comparable across sources. */
  rank: number
  /** The locale of the text that matched, for records kept in several (help-centre articles). */
  locale?: string
}

/**
 * What an area adds to `GET /v1/search` (`searchSources` in its declaration): the `types` value that asks for
 * it and a function answering its best `limit` hits for the caller. A source filters in SQL by what the caller
 * may read (its resource type's `read` filter), ranks with `ts_rank_cd` over a document weighted like posts'
 * (title `A`, body `B`) and cuts snippets with `ts_headline` for the hits it answers only.
 *
 * `tsquery` is the caller's `q` as a PostgreSQL text-search query (`websearch_to_tsquery('english', $q)`), and
 * `text` the `q` itself, for a source that prepares its statement once (`websearch_to_tsquery('english', …)` over
 * a placeholder) instead of building it per request.
 * A source whose type the caller may read nothing of answers `undefined`: a search for only such types is a 403.
 */
export interface SearchSource {
  type: string
  search(
    ctx: ServiceContext,
    input: { tsquery: SQL; text: string; limit: number },
  ): Promise<SearchHit[] | undefined>
}

const sources = new Map<string, SearchSource>()

/** Add an area's sources (the area registry does, once per process). A type declared twice is a mistake. */
export function registerSearchSources(list: readonly SearchSource[], area: string): void {
  for (const source of list) {
    if (sources.has(source.type))
      throw new Error(`search type ${source.type} is declared twice (again by ${area})`)
    sources.set(source.type, source)
  }
}

/** The source of a `types` value, if an area declared one. */
export const searchSource = (type: string): SearchSource | undefined => sources.get(type)

/** Every declared `types` value, in declaration order. */
export const searchSourceTypes = (): string[] => [...sources.keys()]

/** The snippet options every source uses, so hits look alike. */
export const headlineOptions = `StartSel=<mark>, StopSel=</mark>, MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "`

/**
 * How many matches a search ranks at most, per kind of record (`ts_rank_cd` or a trigram measure is the
 * costly part, and each match it reads is a heap visit): the first this many the index yields, after the
 * caller's read filter; a query with fewer matches ranks every one. A single common word may match thousands
 * of records, whose exact order would cost more than a request may; a query that selective enough to be
 * useful has fewer matches and is ranked exactly.
 */
export const rankCandidates = 500
