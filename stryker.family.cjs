// Stryker on one rule family, against that family's own tests only:
//   FAMILY=iam npx stryker run stryker.family.cjs
// (or `npx projen mutation:family -- iam`; INCREMENTAL=1 to rerun only what changed). The report goes to
// reports/mutation/<family>.json; `scripts/mutation-score.ts` sums every report.
const base = require('./stryker.config.json');

const family = process.env.FAMILY;
const families = ['api', 'iam', 'lambda', 'logging', 'network', 'secrets', 'tls'];
if (!families.includes(family)) {
  throw new Error(`set FAMILY to one of ${families.join(', ')} (got '${family ?? ''}')`);
}

module.exports = {
  ...base,
  $schema: undefined,
  mutate: [`src/checklist/rules/${family}/**/*.ts`],
  jest: {
    ...base.jest,
    config: { ...base.jest.config, testMatch: [`<rootDir>/test/checklist/rules/${family}/**/*.test.ts`] },
  },
  jsonReporter: { fileName: `reports/mutation/${family}.json` },
  tempDirName: `.stryker-tmp-${family}`,
  // Families may run side by side: never copy another run's sandbox.
  ignorePatterns: [...base.ignorePatterns, '.stryker-tmp*', 'bench/zz-*'],
  reporters: ['clear-text', 'json'],
  // IGNORE_STATIC=1 leaves out mutants of module-level tables (they rerun every test of the
  // family, about half the time on a 2-core machine); the report then counts them as ignored.
  ignoreStatic: process.env.IGNORE_STATIC === '1',
  // INCREMENTAL=1 reuses the last report of the family: only mutants whose code changed, or
  // that a new or changed test covers, run again (minutes instead of most of an hour).
  incremental: process.env.INCREMENTAL === '1',
  incrementalFile: `reports/mutation/${family}.json`,
};
