// npm run lint:spec: Spectral over the bundle the server serves (generated/openapi.json), with its OpenAPI
// ruleset (recommended) and the OWASP API Security Top 10 2023 ruleset (all of it). Zero problems: a rule that
// stays off, in whole or for some paths, says why here.
import owasp from '@stoplight/spectral-owasp-ruleset'
import { oas } from '@stoplight/spectral-rulesets'

/** JSON pointers of the bundle's paths, for `overrides`. */
const paths = (...templates) =>
  templates.map((t) => `**/openapi.json#/paths/${t.replaceAll('~', '~0').replaceAll('/', '~1')}`)

export default {
  extends: [
    [oas, 'recommended'],
    [owasp, 'all'],
  ],
  rules: {
    // Free text (names, descriptions, problem details, error messages) has no format or pattern to give;
    // owasp:api4:2023-string-limit, which stays on, bounds every such string with maxLength.
    'owasp:api4:2023-string-restricted': 'off',
    // Which browser origins may call the API is each install's setting (LOOPDESK_CORS_ORIGINS, none by default),
    // not the API's: with it empty no answer carries Access-Control-Allow-Origin, so declaring the header on every
    // answer would describe a header most installs never send. README's configuration table states the policy.
    'owasp:api8:2023-define-cors-origin': 'off',
  },
  overrides: [
    {
      // The health probes sit outside /v1 and its middleware by design: load balancers and orchestrators poll
      // them without credentials and must never be rate limited out of seeing the server (so no RateLimit-*
      // headers and no 429), and they answer no error a caller could act on but their 503.
      files: paths('/healthz', '/readyz'),
      rules: {
        'owasp:api2:2023-read-restricted': 'off',
        'owasp:api4:2023-rate-limit': 'off',
        'owasp:api4:2023-rate-limit-responses-429': 'off',
        'owasp:api8:2023-define-error-responses-401': 'off',
        'owasp:api8:2023-define-error-responses-500': 'off',
      },
    },
    {
      // The changelog's RSS feed is public by design: feed readers send no headers. Without a token it shows only
      // what anyone may read (what a publishable key reads too); a contact's personal feed carries that contact's
      // feed token in the URL, the only place a feed reader keeps one. The token is signed for this purpose only,
      // reads that contact's feed and nothing else (no session, no write), and a bad one is a 404; any
      // Authorization sent is ignored, so the feed never answers 401.
      files: paths('/v1/changelog/feed.xml'),
      rules: {
        'owasp:api2:2023-read-restricted': 'off',
        'owasp:api2:2023-no-credentials-in-url': 'off',
        'owasp:api8:2023-define-error-responses-401': 'off',
      },
    },
    {
      // Public by design (`security: []`): signing in, asking for and using a portal sign-in link, accepting an
      // invitation and signing up are how a caller gets a credential. They ignore any credential sent (so they
      // never answer 401 for one) and are rate limited per address; test/contract/security.test.ts checks that
      // every other operation refuses an anonymous call.
      files: paths(
        '/v1/auth/login',
        '/v1/auth/portal/magic-link',
        '/v1/auth/portal/verify',
        '/v1/invitations/accept',
        '/v1/workspaces',
      ),
      rules: {
        'owasp:api2:2023-write-restricted': 'off',
        'owasp:api8:2023-define-error-responses-401': 'off',
      },
    },
    {
      // One-click unsubscribe (RFC 8058) is public by design: a mail client POSTs `List-Unsubscribe=One-Click` to
      // the URL of the email's `List-Unsubscribe` header, so the token must be in that URL. It is signed, names one
      // post or changelog subscription and can only end it (no read, no other change); it authenticates nothing else.
      files: paths('/v1/unsubscribe', '/v1/changelog/unsubscribe'),
      rules: {
        'owasp:api2:2023-write-restricted': 'off',
        'owasp:api2:2023-no-credentials-in-url': 'off',
        'owasp:api8:2023-define-error-responses-401': 'off',
      },
    },
    {
      // `apiKeyId` is the key's public id (`ak_…`), not its secret: the rule matches the parameter's name only.
      // No secret is ever part of a URL (the README's authentication notes).
      files: ['**/openapi.json#/components/parameters/ApiKeyIdPath'],
      rules: { 'owasp:api2:2023-no-credentials-in-url': 'off' },
    },
    {
      // The CSV export is streamed: its length is the audit log's, bounded by the filters and retention, not by
      // a maxLength a client could rely on.
      files: paths('/v1/audit-log/export'),
      rules: { 'owasp:api4:2023-string-limit': 'off' },
    },
    {
      // Described for readers though no operation refers to them: the 405, 408 and 431 any request can get before
      // it reaches an operation (the info description lists them), and the union of webhook bodies that
      // receivers and the SDK type deliveries with.
      files: [
        '**/openapi.json#/components/responses/MethodNotAllowed',
        '**/openapi.json#/components/responses/RequestTimeout',
        '**/openapi.json#/components/responses/RequestHeaderFieldsTooLarge',
        '**/openapi.json#/components/schemas/WebhookEvent',
      ],
      rules: { 'oas3-unused-component': 'off' },
    },
  ],
}
