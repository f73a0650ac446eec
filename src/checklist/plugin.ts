import * as fs from 'fs';
import * as path from 'path';
import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { PLUGIN_NAME } from './acknowledge-model';
import { ALL_RULES } from './catalog';
import { appWideAcknowledgements, resourcePathsOfApp, TreeAcks } from './cdk-source';
import { failsAt, Finding, runChecklist } from './engine';
import { toEngineOptions, writeReportFile } from './options';
import { ChecklistOptions, FailOn } from './options-public';
import { jsonReport, remediationsFromTemplates, sarifReport, toolVersion } from './report';
import { templateFromObject } from './template';

/**
 * Properties of the `SecurityChecklistPlugin`.
 */
export interface SecurityChecklistPluginProps extends ChecklistOptions {}

/**
 * The security checklist as a CDK validation plugin.
 *
 * It checks the synthesized templates of every stack of the app (stages included)
 * and fails synthesis when a finding is at or above `failOn`. Acknowledgements made
 * with `SecurityChecklist.acknowledge`, with CDK's `Validations.of(scope).acknowledge`,
 * or in template metadata are honoured.
 *
 * A failing plugin does not throw from `app.synth()`: CDK prints the report and sets
 * `process.exitCode`, so `cdk synth` exits with an error.
 *
 * @example
 * const app = new App();
 * Validations.of(app).addPlugins(new SecurityChecklistPlugin());
 */
export class SecurityChecklistPlugin implements IPolicyValidationPlugin {
  public readonly name = PLUGIN_NAME;
  public readonly version?: string = toolVersion();
  public readonly ruleIds?: string[] = ALL_RULES.map((r) => `Hardened-${r.id}`);
  private readonly props: SecurityChecklistPluginProps;

  constructor(props: SecurityChecklistPluginProps = {}) {
    toEngineOptions(props);
    this.props = props;
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    // Without path metadata in the templates, the app's tree says which construct each resource is.
    const pathsOf = context.appConstruct ? resourcePathsOfApp(context.appConstruct) : undefined;
    const templates = context.templatePaths.map((p) => {
      const json = JSON.parse(fs.readFileSync(p, 'utf-8'));
      return templateFromObject(json, p, path.basename(p).replace(/\.template\.json$/, ''), pathsOf?.(p));
    });
    const acks = context.appConstruct ? new TreeAcks(context.appConstruct) : undefined;
    const result = runChecklist(templates, toEngineOptions(this.props), acks);
    const failOn = this.props.failOn ?? FailOn.ERROR;

    const violations: PolicyViolation[] = [];
    for (const problem of result.problems) {
      violations.push({ ruleName: 'Hardened-Acknowledgement', description: problem, severity: 'error', violatingResources: [] });
    }
    // CDK hides every violation of a rule acknowledged as `cdk-hardened::<rule>` on any
    // construct; the checklist acknowledges only under that construct. The findings CDK
    // would hide beyond it are reported, so synth fails as the command line will.
    const appWide = acks ? appWideAcknowledgements(acks, this.name) : new Map();
    const hidden = new Map<string, Finding[]>();
    for (const f of result.findings) {
      if (f.acknowledged) continue;
      const wide = appWide.get(`Hardened-${f.ruleId}`);
      if (wide) hidden.set(wide.written!, [...(hidden.get(wide.written!) ?? []), f]);
      violations.push({
        ruleName: `Hardened-${f.ruleId}`,
        description: `[${f.id}] ${f.message}`,
        fix: f.fix,
        severity: f.severity,
        ruleMetadata: { controls: f.controls.join(', '), findingId: f.id },
        violatingResources: [violatingResource(f)],
      });
    }

    for (const [written, list] of hidden) {
      const wide = appWide.get(written.slice(this.name.length + 2))!;
      const failing = list.some((f) => failsAt(f, failOn as any));
      violations.push({
        ruleName: 'Hardened-Acknowledgement',
        description: appWideMessage(wide.written!, wide.scope, list),
        severity: failing ? 'error' : 'warning',
        violatingResources: list.map(violatingResource),
      });
    }

    const outdir = context.templatePaths.length > 0 ? path.dirname(context.templatePaths[0]) : undefined;
    if (this.props.reportFile) {
      writeReportFile(this.props.reportFile, JSON.stringify(jsonReport(result, remediationsFromTemplates(templates)), null, 2) + '\n', outdir, 'reportFile');
    }
    if (this.props.sarifFile) {
      writeReportFile(this.props.sarifFile, JSON.stringify(sarifReport(result), null, 2) + '\n', outdir, 'sarifFile');
    }
    const success = result.problems.length === 0 && !result.findings.some((f) => failsAt(f, failOn as any));
    return { success, violations };
  }
}

function violatingResource(f: Finding) {
  return { resourceLogicalId: f.logicalId ?? undefined, templatePath: f.template || undefined, constructPath: f.path ?? undefined, locations: [] };
}

/** Why an acknowledgement CDK applies across the app is not one the checklist applies there. */
export function appWideMessage(written: string, scope: string, findings: readonly Finding[]): string {
  const ruleId = findings[0].ruleId;
  const where = findings.map((f) => f.path ?? `${f.template}/${f.logicalId ?? ''}`);
  return (
    `'${written}', acknowledged on ${scope || 'the app'}, makes CDK hide every Hardened-${ruleId} finding of the app, including ${where.join(', ')}, ` +
    `which ${where.length === 1 ? 'is' : 'are'} not under ${scope || 'the app'}: cdk-hardened (and its command line) acknowledges a finding only under the construct the acknowledgement is made on. ` +
    `Fix ${where.length === 1 ? 'it' : 'them'}, or acknowledge each where it is, e.g. Validations.of(construct).acknowledge({ id: 'Hardened-${ruleId}', reason })`
  );
}
