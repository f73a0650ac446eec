import { EngineResult, failsAt, Finding } from '../checklist/engine';
import { Severity } from '../checklist/severity';

export interface TextOptions {
  readonly color: boolean;
  readonly failOn: Severity | 'none';
  /** How many templates were checked (those without findings included). */
  readonly templates: number;
}

/** The terminal report: findings grouped by template and resource, then a summary line. */
export function renderText(result: EngineResult, options: TextOptions): string {
  const c = (code: string, s: string) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const red = (s: string) => c('31', s);
  const yellow = (s: string) => c('33', s);
  const dim = (s: string) => c('2', s);
  const bold = (s: string) => c('1', s);

  const byTemplate = new Map<string, Map<string, Finding[]>>();
  for (const f of result.findings) {
    let t = byTemplate.get(f.template);
    if (!t) byTemplate.set(f.template, (t = new Map()));
    const key = f.logicalId ? `${f.logicalId}${f.resourceType ? ` (${f.resourceType})` : ''}${f.path ? ` ${f.path}` : ''}` : '(app)';
    let list = t.get(key);
    if (!list) t.set(key, (list = []));
    list.push(f);
  }

  const lines: string[] = [];
  for (const [template, resources] of byTemplate) {
    lines.push(bold(template));
    for (const [resource, findings] of resources) {
      lines.push(`  ${resource}`);
      for (const f of findings) {
        const label = f.acknowledged
          ? dim('acknowledged')
          : f.severity === Severity.ERROR
            ? red('error  ')
            : yellow('warning');
        lines.push(`    ${label} ${f.id}  ${f.message}`);
        if (f.acknowledged && f.acknowledgement) {
          lines.push(dim(`            reason: ${f.acknowledgement.reason}${f.acknowledgement.expires ? ` (expires ${f.acknowledgement.expires})` : ''}`));
        } else {
          lines.push(dim(`            fix: ${f.fix}`));
        }
      }
    }
    lines.push('');
  }
  const errors = result.findings.filter((f) => !f.acknowledged && f.severity === Severity.ERROR).length;
  const warnings = result.findings.filter((f) => !f.acknowledged && f.severity === Severity.WARNING).length;
  const acknowledged = result.findings.filter((f) => f.acknowledged).length;
  const failing = result.findings.some((f) => failsAt(f, options.failOn));
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary =
    `${plural(result.resources, 'resource')} in ${plural(options.templates, 'template')} checked: ` +
    `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${acknowledged} acknowledged`;
  lines.push(failing ? red(`✗ ${summary}`) : c('32', `✓ ${summary}`));
  return lines.join('\n') + '\n';
}
