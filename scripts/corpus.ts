// Runs the checklist over every template of the shared corpus of real-world
// CloudFormation templates and prints the counts: checked, rejected (and why),
// findings per rule. Used by test/cli/corpus.test.ts and by hand:
//   npx ts-node --project tsconfig.dev.json scripts/corpus.ts [corpus-dir]
import * as fs from 'fs';
import * as path from 'path';
import { runChecklist } from '../src/checklist/engine';
import { InputError, loadTemplateFile } from '../src/cli/load';

/** Where the corpus lives: $HARDENED_CORPUS, or ../shared/corpus next to the repository. */
export function corpusDir(): string | undefined {
  const candidates = [process.env.HARDENED_CORPUS, path.resolve(__dirname, '..', '..', 'shared', 'corpus'), '/work/shared/corpus'];
  return candidates.find((c) => c !== undefined && fs.existsSync(c));
}

export function corpusFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(json|ya?ml|template)$/i.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export interface CorpusResult {
  checked: number;
  rejected: Array<{ file: string; reason: string }>;
  crashed: Array<{ file: string; error: string }>;
  findingsPerRule: Record<string, number>;
  resources: number;
}

export function runCorpus(dir: string): CorpusResult {
  const result: CorpusResult = { checked: 0, rejected: [], crashed: [], findingsPerRule: {}, resources: 0 };
  for (const file of corpusFiles(dir)) {
    const rel = path.relative(dir, file);
    try {
      const model = loadTemplateFile(file, rel);
      const r = runChecklist([model], { date: new Date('2026-11-23T00:00:00Z') });
      result.checked++;
      result.resources += r.resources;
      for (const f of r.findings) result.findingsPerRule[f.ruleId] = (result.findingsPerRule[f.ruleId] ?? 0) + 1;
    } catch (e) {
      if (e instanceof InputError) result.rejected.push({ file: rel, reason: e.message });
      else result.crashed.push({ file: rel, error: (e as Error).stack ?? String(e) });
    }
  }
  return result;
}

if (require.main === module) {
  const dir = process.argv[2] ?? corpusDir();
  if (!dir) {
    console.error('corpus not found: set HARDENED_CORPUS or pass the directory');
    process.exit(2);
  }
  const start = Date.now();
  const r = runCorpus(dir);
  console.log(`checked ${r.checked} templates (${r.resources} resources) in ${Date.now() - start} ms`);
  console.log(`rejected ${r.rejected.length}:`);
  for (const x of r.rejected) console.log(`  ${x.file}: ${x.reason}`);
  console.log(`crashed ${r.crashed.length}`);
  for (const x of r.crashed) console.log(`  ${x.file}: ${x.error}`);
  console.log('findings per rule:');
  for (const [k, v] of Object.entries(r.findingsPerRule).sort()) console.log(`  ${k}: ${v}`);
  process.exit(r.crashed.length > 0 ? 1 : 0);
}
