import { App, CfnResource, IAspect, Stack, Stage, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AckEntry, isoDate, MIN_REASON_LENGTH, parseFindingId, TEMPLATE_METADATA_KEY, TREE_METADATA_TYPE } from './acknowledge-model';
import { RULES_BY_ID } from './catalog';
import { checkWhenRendered, findByPath, templatesFromConstruct, TreeAcks } from './cdk-source';
import { ChecklistRun, EngineResult, failsAt, Finding } from './engine';
import { TemplateModel } from './model';
import { parseIsoDate, toEngineOptions, writeReportFile } from './options';
import { ChecklistOptions, FailOn } from './options-public';
import { jsonReport, sarifReport } from './report';
import { Severity } from './severity';

/**
 * Properties of the `SecurityChecklist` aspect.
 */
export interface SecurityChecklistProps extends ChecklistOptions {}

/**
 * Options of an acknowledgement.
 */
export interface AcknowledgeOptions {
  /**
   * Why the finding is accepted (at least 10 characters). It is kept in the reports.
   */
  readonly reason: string;

  /**
   * The date (`YYYY-MM-DD`) after which the acknowledgement stops applying and
   * becomes an error, so it is revisited.
   * @default - does not expire
   */
  readonly expires?: string;
}

const EVALUATED = Symbol.for('cdk-hardened.evaluated');
const ACK_WRITER = Symbol.for('cdk-hardened.ack-writer');

/**
 * The security checklist as a CDK Aspect.
 *
 * Add it to an app (or a stage, or a stack): every stack under that scope is checked
 * once the construct tree is final (after all aspects, including mutating ones), and
 * each finding is reported on its construct through CDK's own channel: errors fail
 * `cdk synth`, warnings are shown (and fail `cdk synth --strict`, or with
 * `failOn: FailOn.WARNING`).
 *
 * Stages synthesize on their own and aspects do not cross into them: add the aspect to
 * each `Stage`, or use `SecurityChecklistPlugin`, which sees every stack of the app.
 *
 * @example
 * const app = new App();
 * Aspects.of(app).add(new SecurityChecklist());
 */
export class SecurityChecklist implements IAspect {
  /**
   * Acknowledges findings on a construct and everything under it.
   *
   * `ruleOrFindingId` is a rule (`IAM2` or `Hardened-IAM2`: every finding of that rule)
   * or one full finding ID (`Hardened-IAM2[Resource::*]`: that finding only).
   * Acknowledged findings do not fail the check; they stay in the reports, marked,
   * with the reason. The acknowledgement is also written into the template metadata
   * of the resources under `scope`, so `cdk-hardened check cdk.out` honours it too.
   *
   * @param scope the construct the acknowledgement applies to (and its children)
   * @param ruleOrFindingId the rule ID or the full finding ID
   * @param options the reason and an optional expiry date
   */
  public static acknowledge(scope: IConstruct, ruleOrFindingId: string, options: AcknowledgeOptions): void {
    const parsed = parseFindingId(ruleOrFindingId);
    if (!parsed || !RULES_BY_ID.has(parsed.rule)) {
      throw new Error(
        `cannot acknowledge '${ruleOrFindingId}' on ${scope.node.path || 'the app'}: unknown rule ID. Use a rule ID such as 'IAM2' or a finding ID such as 'Hardened-IAM2[Resource::*]' (see RULES.md)`,
      );
    }
    const reason = options.reason ?? '';
    if (reason.trim().length < MIN_REASON_LENGTH) {
      throw new Error(
        `acknowledging ${ruleOrFindingId} on ${scope.node.path || 'the app'} needs a reason of at least ${MIN_REASON_LENGTH} characters saying why the finding is accepted`,
      );
    }
    if (options.expires !== undefined) {
      parseIsoDate(options.expires, `expires of the acknowledgement of ${ruleOrFindingId}`);
      const today = isoDate(new Date());
      if (options.expires < today) {
        throw new Error(
          `the acknowledgement of ${ruleOrFindingId} on ${scope.node.path || 'the app'} expired on ${options.expires}: fix the finding, or renew the acknowledgement with a later date`,
        );
      }
    }
    const id = ruleOrFindingId.startsWith('Hardened-') ? ruleOrFindingId : `Hardened-${ruleOrFindingId}`;
    scope.node.addMetadata(TREE_METADATA_TYPE, { id, reason, expires: options.expires });
    registerAckWriter(scope);
  }

  private readonly props: SecurityChecklistProps;

  private scheduled = false;

  constructor(props: SecurityChecklistProps = {}) {
    // Validate the options now, so a typo fails where it is written.
    toEngineOptions(props);
    this.props = props;
  }

  public visit(node: IConstruct): void {
    // The first node an aspect visits is the scope it was added to: schedule one
    // run for that scope, and ignore the rest of the walk.
    if ((node as any)[EVALUATED] || this.scheduled) return;
    this.scheduled = true;
    Object.defineProperty(node, EVALUATED, { value: true, enumerable: false });
    // Run once the tree is final: validations run after every aspect (mutating ones
    // included, whatever this aspect's priority) and after cross-stack references are
    // resolved, before templates and annotations are written. The rules themselves run
    // as CDK renders each stack's template (see run).
    node.node.addValidation({
      validate: () => {
        this.run(node);
        return [];
      },
    });
  }

  private run(root: IConstruct) {
    const options = toEngineOptions(this.props);
    const treeAcks = new TreeAcks(root.node.root);
    // Acknowledgements go into the templates before they are rendered.
    writeCdkAcksToTemplates(treeAcks, root);
    const outdir = Stage.of(root)?.outdir ?? (App.isApp(root) ? (root as App).outdir : undefined);
    // Each template is judged on its own, its findings reported on its stack; after the
    // last one, the app-level rules run. Findings without a resource land on the stack
    // of their template; app-level ones (LOG1) and acknowledgement problems on the last
    // stack, since an annotation on the app itself reaches no stack's messages.
    let run: ChecklistRun | undefined;
    const judge = (template: TemplateModel, stack: IConstruct, last: boolean, count: number) => {
      run ??= new ChecklistRun(options, count, treeAcks);
      this.annotateAll(run.addTemplate(template), stack);
      if (!last) return;
      const before = run.findingCount;
      const result = run.finish(template);
      this.finish(result, result.findings.slice(before), stack, treeAcks, outdir);
    };
    // Judge each template as CDK renders it, before CDK collects that stack's
    // annotations, rather than rendering every resource a second time.
    const count = checkWhenRendered(root, this, (template, stack, remaining) => judge(template, stack, remaining === 0, count));
    if (count > 0) return;
    // Templates CDK's rendering cannot hand over: render them here.
    const templates = templatesFromConstruct(root);
    const stackOf = (t: TemplateModel) => {
      const c = t.resources.find((r) => r.construct)?.construct;
      return c ? Stack.of(c) : root;
    };
    templates.forEach((t, i) => judge(t, stackOf(t), i === templates.length - 1, templates.length));
    if (templates.length === 0) {
      // No stack at all: the app-level rules still run (an app with nothing in it has no trail).
      const result = new ChecklistRun(options, 0, treeAcks).finish();
      this.finish(result, result.findings, root, treeAcks, outdir);
    }
  }

  /** Annotates findings and acknowledgement problems, and writes the report files. */
  private finish(result: EngineResult, findings: readonly Finding[], sink: IConstruct, treeAcks: TreeAcks, outdir: string | undefined) {
    for (const problem of result.problems) {
      Validations.of(sink).addError('Hardened-Acknowledgement', problem);
    }
    this.annotateAll(findings, sink);
    if (this.props.reportFile) {
      writeReportFile(this.props.reportFile, JSON.stringify(jsonReport(result, treeAcks.remediations), null, 2) + '\n', outdir, 'reportFile');
    }
    if (this.props.sarifFile) {
      writeReportFile(this.props.sarifFile, JSON.stringify(sarifReport(result), null, 2) + '\n', outdir, 'sarifFile');
    }
  }

  /** Reports findings on their constructs; a finding without one (a template parameter, LOG1) lands on `sink`. */
  private annotateAll(findings: readonly Finding[], sink: IConstruct) {
    const failOn = this.props.failOn ?? FailOn.ERROR;
    for (const f of findings) {
      const target = f.resource?.construct ?? sink;
      const text = `[${f.id}] ${f.message}. Fix: ${f.fix}`;
      const id = `Hardened-${f.ruleId}`;
      if (f.acknowledged) {
        annotate(target, 'aws:cdk:info', `[${f.id}] acknowledged: ${f.acknowledgement?.reason} (${f.message})`);
      } else if (failsAt(f, failOn as any)) {
        annotate(target, 'aws:cdk:error', `${text} (annotation::${id})`);
      } else if (f.severity === Severity.WARNING || failOn === FailOn.NONE) {
        annotate(target, 'aws:cdk:warning', `${text} [ack: annotation::${id}]`);
      }
    }
  }
}

/**
 * Adds an annotation exactly as `Validations.of(node).addError/addWarning` write it
 * (same metadata type and text, so `cdk synth`, `--strict` and `Annotations` in tests
 * read it the same), without capturing a stack trace: the trace would point into the
 * checklist, not at the user's code, and capturing one per finding is most of the cost
 * of reporting on a large app.
 */
function annotate(node: IConstruct, type: 'aws:cdk:error' | 'aws:cdk:warning' | 'aws:cdk:info', message: string) {
  if (node.node.metadata.some((m) => m.type === type && m.data === message)) return;
  node.node.addMetadata(type, message, { stackTrace: false });
}

/**
 * Writes acknowledgements made on `scope` into the template metadata of every
 * resource under it (and of every stack it covers), once the tree is final.
 */
function registerAckWriter(scope: IConstruct) {
  if ((scope as any)[ACK_WRITER]) return;
  Object.defineProperty(scope, ACK_WRITER, { value: true, enumerable: false });
  scope.node.addValidation({
    validate: () => {
      const entries: AckEntry[] = [];
      for (const m of scope.node.metadata) {
        if (m.type === TREE_METADATA_TYPE) {
          const d = m.data as any;
          entries.push({ id: d.id, reason: d.reason, expires: d.expires, scope: scope.node.path, source: 'cdk-hardened' });
        }
      }
      writeAcks(scope, entries);
      return [];
    },
  });
}

/** CDK's own acknowledgements (`Validations.of(scope).acknowledge`) go into the templates too. */
function writeCdkAcksToTemplates(treeAcks: TreeAcks, root: IConstruct) {
  for (const [scopePath, entries] of treeAcks.all()) {
    const cdkEntries = entries.filter((e) => e.source === 'cdk');
    if (cdkEntries.length === 0) continue;
    const scope = scopePath === '' ? root.node.root : findByPath(root.node.root, scopePath);
    if (scope) writeAcks(scope, cdkEntries);
  }
}

function writeAcks(scope: IConstruct, entries: AckEntry[]) {
  if (entries.length === 0) return;
  const serialized = entries.map((e) => ({ id: e.id, reason: e.reason, ...(e.expires ? { expires: e.expires } : {}), scope: e.scope }));
  const merge = (existing: any) => {
    const current = existing && typeof existing === 'object' && Array.isArray(existing.acknowledge) ? existing.acknowledge : [];
    const known = new Set(current.map((a: any) => `${a.id}|${a.scope}`));
    return { ...(existing ?? {}), acknowledge: [...current, ...serialized.filter((s) => !known.has(`${s.id}|${s.scope}`))] };
  };
  for (const c of [scope, ...scope.node.findAll()]) {
    if (CfnResource.isCfnResource(c)) {
      c.addMetadata(TEMPLATE_METADATA_KEY, merge(c.getMetadata(TEMPLATE_METADATA_KEY)));
    }
  }
  // An acknowledgement on an app, stage or stack also lands in the template's own
  // metadata, so app-level findings (LOG1) are acknowledged on the command line too.
  const stacks: Stack[] = Stack.isStack(scope) ? [scope] : scope.node.findAll().filter((c): c is Stack => Stack.isStack(c));
  if (Stack.isStack(scope) || Stage.isStage(scope) || App.isApp(scope)) {
    for (const stack of stacks) {
      const md = (stack.templateOptions.metadata = stack.templateOptions.metadata ?? {});
      md[TEMPLATE_METADATA_KEY] = merge(md[TEMPLATE_METADATA_KEY]);
    }
  }
}
