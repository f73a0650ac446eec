// Mutation score per rule family from Stryker's JSON report (reports/mutation/mutation.json).
//   npx projen mutation && npx ts-node --project tsconfig.dev.json scripts/mutation-score.ts
import * as fs from 'fs';
import * as path from 'path';

const report = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'reports', 'mutation', 'mutation.json'), 'utf-8'));
const families = new Map<string, { killed: number; survived: number; noCoverage: number; timeout: number }>();
for (const [file, data] of Object.entries<any>(report.files)) {
  const m = /src\/checklist\/rules\/([a-z]+)\//.exec(file);
  const family = m ? m[1] : 'engine';
  const f = families.get(family) ?? { killed: 0, survived: 0, noCoverage: 0, timeout: 0 };
  for (const mutant of data.mutants) {
    if (mutant.status === 'Killed') f.killed++;
    else if (mutant.status === 'Timeout') f.timeout++;
    else if (mutant.status === 'Survived') f.survived++;
    else if (mutant.status === 'NoCoverage') f.noCoverage++;
  }
  families.set(family, f);
}
console.log('| family | killed | timeout | survived | no coverage | score |');
console.log('|---|---|---|---|---|---|');
for (const [family, f] of [...families].sort()) {
  const detected = f.killed + f.timeout;
  const total = detected + f.survived + f.noCoverage;
  console.log(`| ${family} | ${f.killed} | ${f.timeout} | ${f.survived} | ${f.noCoverage} | ${total ? ((detected / total) * 100).toFixed(1) : '–'}% |`);
}
