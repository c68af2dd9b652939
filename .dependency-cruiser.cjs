/**
 * The layout's two rules, enforced in CI (`npm run lint:deps`):
 * - no import cycles anywhere;
 * - the engine (every folder of src/ but src/areas/) never imports an area. Areas plug into the engine
 *   through their declaration (src/areas/<area>/index.ts), which only the entry points reach, through
 *   generated/areas.ts.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order matter and hide layering mistakes.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-never-imports-areas',
      severity: 'error',
      comment: 'Engine folders take contributions through area declarations, never by importing an area.',
      from: { path: '^src/(?!areas/)[^/]+/' },
      to: { path: '^(src/areas/|generated/areas\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
}
