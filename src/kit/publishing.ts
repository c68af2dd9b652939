import { type FieldError, validationFailed } from '../http/errors'
import { type Audience, audienceRank } from './audience'

/**
 * The publishing kit: what help-centre articles, changelog entries and roadmaps share about audiences,
 * locales and the draft → scheduled → published life of content.
 */
export type ContentAudience = Audience
export type PublishState = 'draft' | 'scheduled' | 'published'

export { audienceRank }

/** The narrower of two audiences (of two of equal rank, the first). */
export const narrowest = (a: ContentAudience, b: ContentAudience): ContentAudience =>
  audienceRank(a) >= audienceRank(b) ? a : b

/** The `visibility` shape clients see for an audience that lists no segments or organisations. */
export const visibilityOf = (audience: ContentAudience) => ({
  audience,
  segmentIds: [] as string[],
  organizationIds: [] as string[],
})

/**
 * A BCP 47 language tag in its canonical form (`en-us` → `en-US`), by the platform's own validation
 * (`Intl.getCanonicalLocales`), or undefined when it is not a well-formed tag.
 */
export function canonicalLocale(tag: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag)
    return canonical
  } catch {
    return undefined
  }
}

/** What a write asks of a piece of content's state: the state, when it publishes, and whether it is too late. */
export interface Schedule {
  state: PublishState
  publishAt: Date | null
  /** A `scheduled` state whose `publishAt` is not in the future: the area refuses it with its own code. */
  inPast: boolean
}

/**
 * The state and publish time a write sets, from the fields it gives (`state`, `publishAt`) and the current
 * ones: `scheduled` needs a `publishAt`, and only `scheduled` takes one. Structural mistakes are 400s naming
 * the field; a time in the past is reported (`inPast`) for the area's own 422.
 */
export function scheduleOf(
  input: { state?: PublishState; publishAt?: string | null },
  current: { state: PublishState; publishAt: Date | null } = { state: 'draft', publishAt: null },
  now = new Date(),
): Schedule {
  const state = input.state ?? current.state
  let publishAt =
    input.publishAt === undefined ? current.publishAt : input.publishAt ? new Date(input.publishAt) : null
  if (state !== 'scheduled' && input.state !== undefined && input.publishAt === undefined) publishAt = null
  const errors: FieldError[] = []
  if (state === 'scheduled' && !publishAt) {
    errors.push({ path: 'body.publishAt', code: 'required', message: 'a scheduled state needs publishAt' })
  }
  if (state !== 'scheduled' && publishAt) {
    errors.push({
      path: 'body.publishAt',
      code: 'not_allowed',
      message: 'only a scheduled state takes publishAt',
    })
  }
  if (errors.length > 0) throw validationFailed(errors)
  const inPast = state === 'scheduled' && publishAt !== null && publishAt.getTime() <= now.getTime()
  return { state, publishAt, inPast }
}
