/** What the middleware before a route needs to know of its operation, read from the spec. */
export interface OperationInfo {
  operationId: string
  /** Upper case, as `c.req.method`. */
  method: string
  /** The spec's path template, `/v1/contacts/{contactId}`. */
  path: string
  /** `security: []`: needs no credential, and ignores one that is sent. */
  public: boolean
  /** Whether it takes a JSON body, and whether that body must be there. */
  body: 'required' | 'optional' | 'none'
  /** Whether it also takes an `application/x-www-form-urlencoded` body (RFC 8058 one-click unsubscribe). */
  formBody: boolean
  /**
   * Whether it takes a `multipart/form-data` body (file uploads): such a body may be as large as the
   * attachment limit, and goes to the route's form validator as sent.
   */
  multipartBody: boolean
  /** Whether it declares the `Idempotency-Key` header. */
  idempotent: boolean
  /** Its parameters by where they travel (`in: query`, `in: path`). */
  query: string[]
  pathParams: string[]
}

/** The operation a request is for, with its path parameters as they appear in the (decoded) path. */
export interface ResolvedOperation extends OperationInfo {
  params: Record<string, string>
}
