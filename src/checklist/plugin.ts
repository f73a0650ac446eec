import * as fs from 'fs';
import * as path from 'path';
import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation } from 'aws-cdk-lib';
import { PLUGIN_NAME } from './acknowledge-model';
import { appWideConflicts, violatingResource } from './app-wide-acks';
import { ALL_RULES } from './catalog';
import { resourcePathsOfApp, TreeAcks } from './cdk-source';
import { failsAt, runChecklist } from './engine';
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
    for (const f of result.findings) {
      if (f.acknowledged) continue;
      violations.push({
        ruleName: `Hardened-${f.ruleId}`,
        description: `[${f.id}] ${f.message}`,
        fix: f.fix,
        severity: f.severity,
        ruleMetadata: { controls: f.controls.join(', '), findingId: f.id },
        violatingResources: [violatingResource(f)],
      });
    }
    // A `cdk-hardened::<rule>` acknowledgement CDK would apply beyond its construct.
    violations.push(...appWideConflicts(acks, this.name, result.findings, (f) => `Hardened-${f.ruleId}`, failOn));

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
