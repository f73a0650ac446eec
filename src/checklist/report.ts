import { EngineResult, Finding } from './engine';
import { TemplateModel } from './model';
import { Rule } from './rule';
import { Severity } from './severity';

/** A change made by the remediation aspect, as the JSON report lists it. */
export interface RemediationRecord {
  readonly ruleId: string;
  readonly logicalId: string | null;
  readonly path: string | null;
  readonly change: string;
}

/** Fixes recorded in template metadata (`Metadata.cdk-hardened.remediations`) by the remediation aspect. */
export function remediationsFromTemplates(templates: readonly TemplateModel[]): RemediationRecord[] {
  const out: RemediationRecord[] = [];
  for (const t of templates) {
    for (const r of t.resources) {
      const list = r.metadata['cdk-hardened']?.remediations;
      if (!Array.isArray(list)) continue;
      for (const x of list) {
        if (x && typeof x.ruleId === 'string' && typeof x.change === 'string') {
          out.push({ ruleId: x.ruleId, logicalId: r.logicalId, path: r.path ?? null, change: x.change });
        }
      }
    }
  }
  return out;
}

/** The project's version, for reports. */
export function toolVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../package.json').version as string;
  } catch {
    return '0.0.0';
  }
}

/** The JSON report (the contract in DESIGN.md). */
export function jsonReport(result: EngineResult, remediations: readonly RemediationRecord[] = []): Record<string, unknown> {
  const findings = result.findings.map(serializeFinding);
  const report: Record<string, unknown> = {
    version: 1,
    tool: { name: 'cdk-hardened', version: toolVersion() },
    summary: {
      resources: result.resources,
      errors: result.findings.filter((f) => !f.acknowledged && f.severity === Severity.ERROR).length,
      warnings: result.findings.filter((f) => !f.acknowledged && f.severity === Severity.WARNING).length,
      acknowledged: result.findings.filter((f) => f.acknowledged).length,
    },
    findings,
    remediations: remediations.map((r) => ({ ruleId: r.ruleId, logicalId: r.logicalId, path: r.path, change: r.change })),
  };
  if (result.evaluations) report.evaluations = result.evaluations;
  return report;
}

export function serializeFinding(f: Finding): Record<string, unknown> {
  return {
    ruleId: f.ruleId,
    id: f.id,
    severity: f.severity,
    acknowledged: f.acknowledged,
    acknowledgement: f.acknowledgement
      ? { reason: f.acknowledgement.reason, expires: f.acknowledgement.expires ?? null, scope: f.acknowledgement.scope }
      : null,
    template: f.template,
    stack: f.stack,
    logicalId: f.logicalId,
    resourceType: f.resourceType,
    path: f.path,
    message: f.message,
    fix: f.fix,
    controls: f.controls,
  };
}

const HELP_URI = 'https://github.com/cdk-hardened/cdk-hardened/blob/main/RULES.md';

/** A SARIF 2.1.0 log that GitHub code scanning accepts. */
export function sarifReport(result: EngineResult, templateUri: (template: string) => string = (t) => t): Record<string, unknown> {
  const rules = result.rules;
  const index = new Map<string, number>(rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cdk-hardened',
            version: toolVersion(),
            semanticVersion: toolVersion(),
            informationUri: 'https://github.com/cdk-hardened/cdk-hardened',
            rules: rules.map(sarifRule),
          },
        },
        results: result.findings.map((f) => {
          const uri = templateUri(f.template);
          const res: Record<string, unknown> = {
            ruleId: `Hardened-${f.ruleId}`,
            ruleIndex: index.get(f.ruleId) ?? 0,
            level: f.severity === Severity.ERROR ? 'error' : 'warning',
            message: { text: `${f.id}: ${f.message} Fix: ${f.fix}` },
            locations: [
              {
                physicalLocation: { artifactLocation: { uri: uri || 'template' }, region: { startLine: 1 } },
                logicalLocations: [
                  {
                    name: f.logicalId ?? f.stack,
                    fullyQualifiedName: f.path ?? (f.logicalId ? `${f.stack}/${f.logicalId}` : f.stack),
                    kind: f.logicalId ? 'resource' : 'module',
                  },
                ],
              },
            ],
            partialFingerprints: { findingId: `${f.stack}/${f.logicalId ?? ''}/${f.id}` },
            properties: { resourceType: f.resourceType, controls: f.controls },
          };
          if (f.acknowledged && f.acknowledgement) {
            res.suppressions = [{ kind: 'inSource', status: 'accepted', justification: f.acknowledgement.reason }];
          }
          return res;
        }),
      },
    ],
  };
}

function sarifRule(r: Rule): Record<string, unknown> {
  return {
    id: `Hardened-${r.id}`,
    name: r.id,
    shortDescription: { text: r.title },
    fullDescription: { text: r.explanation },
    help: { text: `${r.explanation}\n\nFix: ${r.fix}`, markdown: `**${r.title}**\n\n${r.explanation}\n\n**Fix:** ${r.fix}` },
    helpUri: `${HELP_URI}#${r.id.toLowerCase()}`,
    defaultConfiguration: { level: r.severity === Severity.ERROR ? 'error' : 'warning' },
    properties: { tags: ['security', r.family, ...r.controls], controls: [...r.controls] },
  };
}
