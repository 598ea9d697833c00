// Dependency rules of the monorepo (DESIGN.md "Shape"): dependencies point one way, toward core.
/** Which workspace packages each package may import, besides itself. */
const allowed = {
  core: [],
  charts: [],
  indicators: ['core'],
  calendar: ['core'],
  scheduler: ['core', 'calendar'],
  analytics: ['core', 'indicators'],
  ml: ['core', 'indicators', 'engine'],
  engine: ['core', 'indicators'],
  strategies: ['core', 'indicators', 'engine'],
  persistence: ['core'],
  redis: ['core'],
  backtest: [
    'core',
    'indicators',
    'engine',
    'analytics',
    'calendar',
    'persistence',
    'strategies',
    'charts',
    'adapters/files',
  ],
};

const forbidden = [
  {
    name: 'no-circular',
    severity: 'error',
    comment: 'Modules must not depend on each other in a cycle.',
    from: {},
    to: { circular: true },
  },
  {
    name: 'core-imports-nothing',
    severity: 'error',
    comment: 'packages/core imports no npm package and no node: builtin (DESIGN.md rule).',
    from: { path: '^packages/core/src' },
    to: { pathNot: '^packages/core/src' },
  },
  {
    name: 'pure-packages',
    severity: 'error',
    comment: 'packages/calendar is pure: no npm package and no node: builtin outside its tests.',
    from: { path: '^packages/calendar/src' },
    to: {
      dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
    },
  },
];

for (const [name, mayImport] of Object.entries(allowed)) {
  const permitted = [name, ...mayImport].join('|');
  forbidden.push({
    name: `${name}-layering`,
    severity: 'error',
    comment: `packages/${name} may import only: ${mayImport.join(', ') || 'nothing'} (besides npm packages).`,
    from: { path: `^packages/${name}/src` },
    to: { path: '^packages/([^/]+)/', pathNot: `^packages/(${permitted})/` },
  });
}

// Adapters (packages/adapters/<name>): each speaks one broker or data provider and imports only core.
forbidden.push({
  name: 'adapters-layering',
  severity: 'error',
  comment: 'packages/adapters/* may import only core (besides npm packages), never each other.',
  from: { path: '^packages/adapters/([^/]+)/src' },
  to: { path: '^packages/', pathNot: ['^packages/core/', '^packages/adapters/$1/'] },
});

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/|\\.d\\.ts$|\\.test\\.ts$' },
    tsPreCompilationDeps: true,

    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'default'],
      extensions: ['.ts', '.js'],
    },
  },
};
