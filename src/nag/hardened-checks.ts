import * as path from 'path';
import { CfnResource, IPolicyValidationContext, PolicyValidationPluginReport, Stage } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps, NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { appWideConflicts } from '../checklist/app-wide-acks';
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
  /** The scope being validated: app-level findings land on its first resource. */
  private scope?: IConstruct;
  /** The acknowledgements of the app last judged. */
  private acks?: TreeAcks;

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
    this.acks = undefined;
    this.problems = [];
    this.scope = scope;
    try {
      return this.judged(super.validateScope(scope));
    } finally {
      this.scope = undefined;
    }
  }

  /**
   * cdk-nag fails a check on any violation, warnings included; the checklist fails as
   * every front door does: on a finding at or above `failOn`, or a broken acknowledgement.
   */
  private judged(report: PolicyValidationPluginReport): PolicyValidationPluginReport {
    const failOn = this.options.failOn ?? FailOn.ERROR;
    const problems = [...new Set(this.problems)];
    const findings = [...(this.findingsByNode?.values() ?? [])].flat();
    // A `Hardened::<rule name>` acknowledgement CDK would apply beyond its construct (the
    // pack's rule names carry the finding's detail).
    const conflicts = appWideConflicts(this.acks, this.name, findings, (f) => f.id, failOn);
    return {
      success: problems.length === 0 && !findings.some((f) => failsAt(f, failOn as any)),
      violations: [
        ...report.violations,
        ...problems.map((description) => ({ ruleName: 'Hardened-Acknowledgement', description, severity: 'error', violatingResources: [] })),
        ...conflicts,
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

  /**
   * Runs the engine once over the whole app (the first time one of its resources is
   * visited), every stage included, as the plugin and the command line do: a trail in a
   * top-level stack covers the stacks of a stage, and LOG1 is judged once. Each stage's
   * templates are those written for it if there are (as a validation plugin).
   */
  private findingsFor(node: CfnResource): Finding[] {
    if (!this.findingsByNode) {
      this.findingsByNode = new Map();
      const root = node.node.root;
      const stages = root.node.findAll().filter((c): c is Stage => Stage.isStage(c));
      const templates = stages.flatMap((stage) => (this.written && templatesFromAssembly(stage, this.written)) ?? templatesFromConstruct(stage));
      this.acks = new TreeAcks(root);
      const result = runChecklist(templates, toEngineOptions(this.options), this.acks);
      this.problems.push(...result.problems);
      // App-level findings (LOG1) land on the first resource checked: cdk-nag reports on resources only.
      const first = (this.scope ?? root).node.findAll().find((c) => CfnResource.isCfnResource(c)) ?? root;
      for (const f of result.findings) {
        const target = f.resource?.construct ?? first;
        const list = this.findingsByNode.get(target) ?? [];
        list.push(f);
        this.findingsByNode.set(target, list);
      }
    }
    return this.findingsByNode.get(node) ?? [];
  }
}
