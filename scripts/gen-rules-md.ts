// Generates RULES.md from the rule catalog (src/checklist/catalog.ts).
// Run by the projen task `gen:rules` after every compile; never edit RULES.md by hand.
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES } from '../src/checklist/catalog';

const FAMILY_TITLES: Record<string, string> = {
  iam: 'IAM: least privilege',
  secrets: 'Secrets',
  network: 'Network',
  logging: 'Audit logging',
  tls: 'TLS 1.2 or newer everywhere',
  lambda: 'Lambda',
  api: 'Inputs validated at the edge',
};

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const lines: string[] = [];
lines.push('# cdk-hardened rules');
lines.push('');
lines.push('<!-- Generated from the rule catalog by `npx projen gen:rules`. Do not edit by hand. -->');
lines.push('');
lines.push(
  'Every rule of the checklist, as the engine implements it. A finding is shown as `Hardened-<ID>`, with a detail in brackets where it has one (for example `Hardened-IAM1[Action::s3:*]`). ' +
    'Errors fail `cdk synth`; warnings fail only with `failOn: FailOn.WARNING` (`--fail-on warning`). ' +
    'A value that cannot be known at synth time is never a silent pass: the finding carries the detail `Unresolved::<path>`.',
);
lines.push('');
lines.push('| ID | Severity | Checks | Resource types | Controls |');
lines.push('|---|---|---|---|---|');
for (const r of ALL_RULES) {
  const types = r.resourceTypes.length > 0 ? r.resourceTypes.map((t) => `\`${t}\``).join(', ') : r.checkTemplate ? '(every template)' : '(the whole app)';
  lines.push(`| [${r.id}](#${r.id.toLowerCase()}) | ${r.severity} | ${cell(r.title)} | ${types} | ${r.controls.join(', ') || '–'} |`);
}
lines.push('');

let family = '';
for (const r of ALL_RULES) {
  if (r.family !== family) {
    family = r.family;
    lines.push(`## ${FAMILY_TITLES[family] ?? family}`);
    lines.push('');
  }
  lines.push(`### ${r.id}`);
  lines.push('');
  lines.push(`**${r.title}** (${r.severity})`);
  lines.push('');
  lines.push(`- **Why:** ${r.explanation}`);
  lines.push(`- **Fix:** ${r.fix}`);
  lines.push(`- **Controls:** ${r.controls.join(', ') || '–'}`);
  lines.push(`- **Judges:** ${r.resourceTypes.length > 0 ? r.resourceTypes.map((t) => `\`${t}\``).join(', ') : r.checkTemplate ? 'every template, each on its own' : 'the whole app, once per run'}`);
  if (r.references && r.references.length > 0) {
    lines.push('- **Sources:**');
    for (const ref of r.references) lines.push(`  - ${ref}`);
  }
  lines.push('');
}

fs.writeFileSync(path.join(__dirname, '..', 'RULES.md'), lines.join('\n'));
console.log(`RULES.md: ${ALL_RULES.length} rules`);
