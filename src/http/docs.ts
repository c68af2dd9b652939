import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from './context'
import type { DocsAssets } from './docs-assets'

export type { DocsAssets } from './docs-assets'

/**
 * The interactive API reference at `/docs`: Swagger UI (swagger-ui-dist, its prebuilt assets), served by this
 * server itself so that it renders on a machine with no internet (no CDN, no web fonts, no validator badge).
 * The assets come from the package through `DocsAssets`: the file system on Node, the Workers assets binding
 * on Cloudflare.
 */

/** The files the page needs, and their content types: nothing else of the package is served. */
export const docsAssetTypes: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
}

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Loopdesk API</title>
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
    <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="/docs/assets/favicon-16x16.png" sizes="16x16">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/assets/swagger-ui-standalone-preset.js"></script>
    <script>
      window.ui = SwaggerUIBundle({
        url: '/openapi.json',
        dom_id: '#swagger-ui',
        deepLinking: true,
        displayOperationId: true,
        persistAuthorization: true,
        validatorUrl: null,
        presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
        layout: 'StandaloneLayout',
      })
    </script>
  </body>
</html>
`

/** `GET /docs` and its assets (`/docs/assets/<file>`), outside the spec like `/openapi.json`. */
export function registerDocs(app: OpenAPIHono<AppEnv>, assets: DocsAssets) {
  app.get('/docs', (c) => c.html(page))
  app.get('/docs/assets/:name', async (c) => {
    const name = c.req.param('name')
    const type = docsAssetTypes[name]
    const body = type ? await assets.read(name) : undefined
    if (!type || !body) return c.notFound()
    // The file names carry no version: let browsers revalidate daily rather than keep a stale UI for a year.
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': type,
      'cache-control': 'public, max-age=86400',
    })
  })
}
