// Mutation score per rule family from Stryker's JSON reports (reports/mutation/*.json):
//   npx projen mutation:family -- iam        (one family, against its own tests)
//   npx ts-node --project tsconfig.dev.json scripts/mutation-score.ts [--survivors <family>]
// With --survivors, lists that family's surviving and uncovered mutants (file:line,
// mutator, replacement), which is what a new test has to kill.
import * as fs from 'fs';
import * as path from 'path';

const dir = path.join(__dirname, '..', 'reports', 'mutation');
const args = process.argv.slice(2);
const survivorsOf = args.includes('--survivors') ? args[args.indexOf('--survivors') + 1] : undefined;
const reports = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
if (reports.length === 0) {
  console.error(`no Stryker report in ${dir}: run \`npx projen mutation:family -- <family>\` first`);
  process.exit(2);
}

interface Counts { killed: number; survived: number; noCoverage: number; timeout: number }
const families = new Map<string, Counts>();
const seen = new Set<string>();
// Newest report first, so a file measured twice counts once, with its latest result.
const ordered = reports
  .map((f) => path.join(dir, f))
  .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
for (const file of ordered) {
  const report = JSON.parse(fs.readFileSync(file, 'utf-8'));
  for (const [src, data] of Object.entries<any>(report.files)) {
    if (seen.has(src)) continue;
    seen.add(src);
    const m = /src\/checklist\/rules\/([a-z]+)\//.exec(src);
    const family = m ? m[1] : 'engine';
    const f = families.get(family) ?? { killed: 0, survived: 0, noCoverage: 0, timeout: 0 };
    for (const mutant of data.mutants) {
      if (mutant.status === 'Killed') f.killed++;
      else if (mutant.status === 'Timeout') f.timeout++;
      else if (mutant.status === 'Survived') f.survived++;
      else if (mutant.status === 'NoCoverage') f.noCoverage++;
      if (survivorsOf === family && (mutant.status === 'Survived' || mutant.status === 'NoCoverage')) {
        const lines = String(data.source).split('\n');
        const line = mutant.location.start.line;
        console.log(`${src}:${line} ${mutant.status} ${mutant.mutatorName} -> ${JSON.stringify(mutant.replacement ?? '')}`);
        console.log(`    ${lines[line - 1]?.trim()}`);
      }
    }
    families.set(family, f);
  }
}
if (survivorsOf) process.exit(0);
console.log('| family | killed | timeout | survived | no coverage | score |');
console.log('|---|---|---|---|---|---|');
for (const [family, f] of [...families].sort()) {
  const detected = f.killed + f.timeout;
  const total = detected + f.survived + f.noCoverage;
  console.log(`| ${family} | ${f.killed} | ${f.timeout} | ${f.survived} | ${f.noCoverage} | ${total ? ((detected / total) * 100).toFixed(1) : '–'}% |`);
}
