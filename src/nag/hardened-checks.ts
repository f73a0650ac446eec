import * as path from 'path';
import { CfnResource, IPolicyValidationContext, PolicyValidationPluginReport, Stage } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps, NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { RULES_BY_ID } from '../checklist/catalog';
import { templatesFromAssembly, templatesFromConstruct, TreeAcks } from '../checklist/cdk-source';
import { failsAt, Finding, runChecklist } from '../checklist/engine';
import { toEngineOptions } from '../checklist/options';
import { ChecklistOptions, FailOn } from '../checklist/options-public';
import { Severity } from '../checklist/severity';

/**
 * Properties of the `HardenedChecks` cdk-nag pack.
 */
export interface HardenedChecksProps extends NagPackProps, ChecklistOptions {}

/**
 * The cdk-hardened checklist as a cdk-nag 3 rule pack, for teams that already run cdk-nag.
 *
 * The rules are the same as the `SecurityChecklist` aspect's (one engine): finding IDs
 * are `Hardened-<RULE>` and `Hardened-<RULE>[<detail>]`, and can be acknowledged with
 * CDK's `Validations.of(scope).acknowledge(...)` as for any cdk-nag pack, or with
 * `SecurityChecklist.acknowledge(...)`.
 *
 * @example
 * Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HardenedChecks(app));
 */
export class HardenedChecks extends NagPack {
  public readonly name: string;
  private readonly options: ChecklistOptions;
  private findingsByNode?: Map<IConstruct, Finding[]>;
  /** Acknowledgement problems (expired, unknown rule, no reason) of the runs of this check. */
  private problems: string[] = [];
  /** The template files of the synthesis being validated (as a validation plugin). */
  private written?: Set<string>;

  constructor(scope?: IConstruct, props: HardenedChecksProps = {}) {
    super(scope, props);
    toEngineOptions(props);
    this.options = props;
    this.name = 'Hardened';
    this.packName = 'Hardened';
  }

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    this.findingsByNode = undefined;
    // As a validation plugin, the templates are already written: judge those rather
    // than render every resource of the app again.
    this.written = new Set(context.templatePaths.map((p) => path.resolve(p)));
    try {
      // cdk-nag's validate runs this.validateScope on the app.
      return super.validate(context);
    } finally {
      this.written = undefined;
    }
  }

  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    this.findingsByNode = undefined;
    this.problems = [];
    return this.judged(super.validateScope(scope));
  }

  /**
   * cdk-nag fails a check on any violation, warnings included; the checklist fails as
   * every front door does: on a finding at or above `failOn`, or a broken acknowledgement.
   */
  private judged(report: PolicyValidationPluginReport): PolicyValidationPluginReport {
    const failOn = this.options.failOn ?? FailOn.ERROR;
    const problems = [...new Set(this.problems)];
    const findings = [...(this.findingsByNode?.values() ?? [])].flat();
    return {
      success: problems.length === 0 && !findings.some((f) => failsAt(f, failOn as any)),
      violations: [
        ...report.violations,
        ...problems.map((description) => ({ ruleName: 'Hardened-Acknowledgement', description, severity: 'error', violatingResources: [] })),
      ],
    };
  }

  protected checkResource(node: CfnResource): void {
    const findings = this.findingsFor(node);
    const byRule = new Map<string, Finding[]>();
    for (const f of findings) {
      if (f.acknowledged) continue;
      const list = byRule.get(f.ruleId) ?? [];
      list.push(f);
      byRule.set(f.ruleId, list);
    }
    for (const [ruleId, list] of byRule) {
      const rule = RULES_BY_ID.get(ruleId)!;
      // Findings with a detail are reported as `Hardened-<RULE>[<detail>]`, the others as `Hardened-<RULE>`.
      const withDetail = list.filter((f) => f.detail !== undefined);
      const without = list.filter((f) => f.detail === undefined);
      for (const group of [withDetail, without]) {
        if (group.length === 0) continue;
        this.applyRule({
          ruleSuffixOverride: ruleId,
          info: `${rule.title}: ${group.map((f) => f.message).join('; ')}`,
          explanation: `${rule.explanation} Fix: ${rule.fix}`,
          level: group.some((f) => f.severity === Severity.ERROR) ? NagMessageLevel.ERROR : NagMessageLevel.WARN,
          node,
          rule: () => (group === withDetail ? group.map((f) => f.detail!) : NagRuleCompliance.NON_COMPLIANT),
        });
      }
    }
  }

  /** Runs the engine once per stage (the first time one of its resources is visited), on the templates written for it if there are. */
  private findingsFor(node: CfnResource): Finding[] {
    if (!this.findingsByNode) this.findingsByNode = new Map();
    const stage = Stage.of(node);
    if (stage && !this.findingsByNode.has(stage)) {
      this.findingsByNode.set(stage, []);
      const templates = (this.written && templatesFromAssembly(stage, this.written)) ?? templatesFromConstruct(stage);
      const result = runChecklist(templates, toEngineOptions(this.options), new TreeAcks(stage.node.root));
      this.problems.push(...result.problems);
      // App-level findings (LOG1) land on the stage's first resource: cdk-nag reports on resources only.
      const first = stage.node.findAll().find((c) => CfnResource.isCfnResource(c) && Stage.of(c) === stage);
      for (const f of result.findings) {
        const target = f.resource?.construct ?? first ?? stage;
        const list = this.findingsByNode.get(target) ?? [];
        list.push(f);
        this.findingsByNode.set(target, list);
      }
    }
    return this.findingsByNode.get(node) ?? [];
  }
}
