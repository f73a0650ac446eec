import { AckEntry, ackMatches, acksFromTemplateMetadata, isExpired, MIN_REASON_LENGTH, parseFindingId } from './acknowledge-model';
import { ALL_RULES, RULES_BY_ID } from './catalog';
import { ResourceView, TemplateModel } from './model';
import { RULE_DEFAULTS } from './options';
import { AppRuleContext, Rule, RuleContext, RuleHit, RuleSettings, RuntimeDates } from './rule';
import { Severity, TrailRequirement } from './severity';

/** Options of a checklist run, shared by every front door. */
export interface EngineOptions {
  /** Rule IDs not to run. */
  readonly skip?: readonly string[];
  /** Run only these rule IDs. */
  readonly only?: readonly string[];
  /** Per-rule severity overrides. */
  readonly severityOverrides?: Readonly<Record<string, Severity>>;
  readonly publicPorts?: readonly number[];
  readonly date?: Date;
  readonly trail?: TrailRequirement;
  readonly runtimeDates?: Readonly<Record<string, RuntimeDates>>;
  /** Record every (rule, resource) judged, for audit evidence. */
  readonly includePassed?: boolean;
}

/** Acknowledgements known outside the templates (the construct tree). */
export interface AckProvider {
  /** Acknowledgements made on the construct at `path` or on one of its ancestors ('' is the app). */
  acksForPath(path: string | undefined): AckEntry[];
  /** Every acknowledgement, by the path of the construct it was made on. */
  all?(): ReadonlyMap<string, AckEntry[]>;
}

export interface FindingAcknowledgement {
  readonly reason: string;
  readonly expires?: string;
  readonly scope: string;
}

/** One finding, in the shape of the JSON report. */
export interface Finding {
  readonly ruleId: string;
  readonly id: string;
  readonly detail?: string;
  readonly severity: Severity;
  acknowledged: boolean;
  acknowledgement: FindingAcknowledgement | null;
  readonly template: string;
  readonly stack: string;
  readonly logicalId: string | null;
  readonly resourceType: string | null;
  readonly path: string | null;
  readonly message: string;
  readonly fix: string;
  readonly controls: string[];
  /** The resource, for the front doors (not serialized). */
  readonly resource?: ResourceView;
  readonly templateModel?: TemplateModel;
}

export interface Evaluation {
  readonly ruleId: string;
  readonly template: string;
  readonly logicalId: string | null;
  readonly path: string | null;
  readonly outcome: 'pass' | 'fail' | 'acknowledged';
}

export interface EngineResult {
  readonly findings: Finding[];
  readonly evaluations?: Evaluation[];
  /** Number of resources checked. */
  readonly resources: number;
  /** Problems with acknowledgements (expired, unknown rule, no reason): each is an error. */
  readonly problems: string[];
  readonly rules: readonly Rule[];
}

/** Settings and rule selection, validated: an unknown rule ID is an error naming it. */
export function resolveRunConfig(options: EngineOptions = {}): { rules: Rule[]; settings: RuleSettings; severity: Record<string, Severity> } {
  const check = (ids: readonly string[] | undefined, what: string) => {
    for (const raw of ids ?? []) {
      const id = raw.replace(/^Hardened-/, '');
      if (!RULES_BY_ID.has(id)) {
        throw new Error(`unknown rule ID '${raw}' in ${what}: use one of ${[...RULES_BY_ID.keys()].join(', ')}`);
      }
    }
  };
  check(options.skip, 'skip');
  check(options.only, 'rules');
  check(Object.keys(options.severityOverrides ?? {}), 'severity overrides');
  for (const [id, sev] of Object.entries(options.severityOverrides ?? {})) {
    if (sev !== Severity.ERROR && sev !== Severity.WARNING) {
      throw new Error(`severity override for ${id} must be 'error' or 'warning', got '${sev}'`);
    }
  }
  const norm = (ids?: readonly string[]) => new Set((ids ?? []).map((i) => i.replace(/^Hardened-/, '')));
  const skip = norm(options.skip);
  const only = options.only && options.only.length > 0 ? norm(options.only) : undefined;
  const rules = ALL_RULES.filter((r) => !skip.has(r.id) && (!only || only.has(r.id)));
  for (const p of options.publicPorts ?? []) {
    if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error(`public port '${p}' is not a port number (0-65535)`);
  }
  const severity: Record<string, Severity> = {};
  for (const [id, sev] of Object.entries(options.severityOverrides ?? {})) severity[id.replace(/^Hardened-/, '')] = sev;
  const settings: RuleSettings = {
    publicPorts: options.publicPorts ?? RULE_DEFAULTS.publicPorts,
    date: options.date ?? new Date(),
    trail: options.trail ?? TrailRequirement.REQUIRED,
    runtimeDates: options.runtimeDates ?? {},
  };
  return { rules, settings, severity };
}

/**
 * Runs the checklist over templates: each rule gets only the resources of the
 * types it declares, so the cost is one pass over the resources per rule type.
 */
export function runChecklist(templates: readonly TemplateModel[], options: EngineOptions = {}, treeAcks?: AckProvider): EngineResult {
  const run = new ChecklistRun(options, templates.length, treeAcks);
  for (const template of templates) run.addTemplate(template);
  return run.finish();
}

/**
 * One checklist run, fed one template at a time: `addTemplate` judges a template's
 * resources (and the rules that judge templates one by one) and returns its findings
 * at once; `finish` runs the app-level rules over every template added and returns
 * the whole result. `runChecklist` is `addTemplate` for each template, then `finish`;
 * the aspect calls `addTemplate` as CDK renders each stack, so it can report a stack's
 * findings before CDK writes that stack's annotations.
 */
export class ChecklistRun {
  private readonly rules: Rule[];
  private readonly settings: RuleSettings;
  private readonly severity: Record<string, Severity>;
  private readonly rulesByType = new Map<string, Rule[]>();
  private readonly findings: Finding[] = [];
  private readonly evaluations: Evaluation[] | undefined;
  private readonly problems: string[] = [];
  private readonly seen = new Set<string>();
  private readonly templates: TemplateModel[] = [];
  /** Findings of the rules that judge templates one by one, per rule, for their evaluation. */
  private readonly perTemplateProduced = new Map<Rule, Finding[]>();
  private resourceCount = 0;

  /**
   * @param options the run's options (validated here: an unknown rule ID throws)
   * @param templateCount how many templates the run will be given (rules name the template in messages when there are several)
   * @param treeAcks acknowledgements recorded outside the templates
   */
  constructor(
    options: EngineOptions,
    private readonly templateCount: number,
    private readonly treeAcks?: AckProvider,
  ) {
    const { rules, settings, severity } = resolveRunConfig(options);
    this.rules = rules;
    this.settings = settings;
    this.severity = severity;
    this.evaluations = options.includePassed ? [] : undefined;
    for (const rule of rules) {
      for (const t of rule.resourceTypes) {
        let list = this.rulesByType.get(t);
        if (!list) this.rulesByType.set(t, (list = []));
        list.push(rule);
      }
    }
  }

  /** How many findings the run has produced so far. */
  public get findingCount(): number {
    return this.findings.length;
  }

  /** Judges one template; returns the findings it produced. */
  public addTemplate(template: TemplateModel): Finding[] {
    this.templates.push(template);
    const first = this.findings.length;
    const { settings, evaluations } = this;
    for (const resource of template.resources) {
      this.resourceCount++;
      const applicable = this.rulesByType.get(resource.type);
      if (!applicable) continue;
      for (const rule of applicable) {
        const produced: Finding[] = [];
        const ctx: RuleContext = {
          template,
          settings,
          variants: (v) => template.resolver.variants(v),
          items: (v) => template.resolver.items(v),
          report: (hit) => {
            const f = this.makeFinding(rule, hit, template, hit.target ?? resource);
            if (f) produced.push(f);
          },
          unresolved: (path, what, target) => {
            const f = this.makeFinding(
              rule,
              {
                detail: `Unresolved::${path}`,
                message: `${what} cannot be verified at synth time (${path}), so ${rule.id} cannot prove that ${rule.title.charAt(0).toLowerCase()}${rule.title.slice(1)}`,
                target,
              },
              template,
              target ?? resource,
            );
            if (f) produced.push(f);
          },
        };
        try {
          rule.check?.(resource, ctx);
        } catch (e) {
          // A rule that cannot decide never passes silently.
          const f = this.makeFinding(
            rule,
            { detail: 'Unresolved::rule-error', message: `${rule.id} could not judge this resource: ${(e as Error).message}` },
            template,
            resource,
          );
          if (f) produced.push(f);
        }
        if (evaluations) {
          const own = produced.filter((f) => f.resource === resource);
          evaluations.push({
            ruleId: rule.id,
            template: template.name,
            logicalId: resource.logicalId,
            path: resource.path ?? null,
            outcome: outcomeOf(own),
          });
        }
      }
    }
    for (const rule of this.rules) {
      if (!rule.checkTemplate) continue;
      const produced = this.perTemplateProduced.get(rule) ?? [];
      this.perTemplateProduced.set(rule, produced);
      const add = (f: Finding | undefined) => f && produced.push(f);
      try {
        rule.checkTemplate(template, {
          templateCount: this.templateCount,
          settings,
          report: (hit) => add(this.makeFinding(rule, hit, hit.target?.template ?? template, hit.target)),
        });
      } catch (e) {
        // A rule that cannot decide never passes silently.
        add(this.makeFinding(rule, { detail: 'Unresolved::rule-error', message: `${rule.id} could not judge template ${template.name}: ${(e as Error).message}` }, template, undefined));
      }
    }
    return this.findings.slice(first);
  }

  /**
   * Runs the app-level rules over every template added and returns the whole result.
   *
   * @param appTemplate the template app-level findings (LOG1) are attributed to; the first one by default
   */
  public finish(appTemplate?: TemplateModel): EngineResult {
    const { templates, settings, evaluations } = this;
    for (const rule of this.rules) {
      if (rule.checkTemplate && evaluations) {
        const produced = this.perTemplateProduced.get(rule) ?? [];
        evaluations.push({ ruleId: rule.id, template: templates[0]?.name ?? '', logicalId: null, path: null, outcome: outcomeOf(produced) });
      }
      if (!rule.checkApp) continue;
      const produced: Finding[] = [];
      const ctx: AppRuleContext = {
        templates,
        settings,
        report: (hit) => {
          const template = hit.target?.template ?? hit.template ?? appTemplate ?? templates[0];
          const f = this.makeFinding(rule, hit, template, hit.target, hit.target ? undefined : templates);
          if (f) produced.push(f);
        },
      };
      rule.checkApp(ctx);
      if (evaluations) {
        evaluations.push({ ruleId: rule.id, template: templates[0]?.name ?? '', logicalId: null, path: null, outcome: outcomeOf(produced) });
      }
    }
    return { findings: this.findings, evaluations, resources: this.resourceCount, problems: [...new Set(this.problems)], rules: this.rules };
  }

  /** `appWide`: the templates of the app, for a finding about the whole app (LOG1). */
  private makeFinding(
    rule: Rule,
    hit: RuleHit,
    template: TemplateModel | undefined,
    resource: ResourceView | undefined,
    appWide?: readonly TemplateModel[],
  ): Finding | undefined {
    const detail = hit.detail;
    const fullId = detail ? `Hardened-${rule.id}[${detail}]` : `Hardened-${rule.id}`;
    const key = `${template?.name ?? ''}|${resource?.logicalId ?? ''}|${fullId}`;
    if (this.seen.has(key)) return undefined;
    this.seen.add(key);
    const sev = this.severity[rule.id] ?? hit.severity ?? rule.severity;
    const f: Finding = {
      ruleId: rule.id,
      id: fullId,
      detail,
      severity: sev,
      acknowledged: false,
      acknowledgement: null,
      template: template?.name ?? '',
      stack: template?.stackName ?? '',
      logicalId: resource?.logicalId ?? null,
      resourceType: resource?.type ?? null,
      path: resource ? resource.path ?? null : null,
      message: hit.message,
      fix: hit.fix ?? rule.fix,
      controls: [...rule.controls],
      resource,
      templateModel: template,
    };
    applyAcknowledgements(f, template, resource, this.settings.date, this.treeAcks, this.problems, appWide);
    this.findings.push(f);
    return f;
  }
}

function outcomeOf(produced: readonly Finding[]): Evaluation['outcome'] {
  return produced.length === 0 ? 'pass' : produced.every((f) => f.acknowledged) ? 'acknowledged' : 'fail';
}

function applyAcknowledgements(
  f: Finding,
  template: TemplateModel | undefined,
  resource: ResourceView | undefined,
  now: Date,
  treeAcks: AckProvider | undefined,
  problems: string[],
  appWide?: readonly TemplateModel[],
) {
  const candidates: AckEntry[] = [];
  if (appWide) {
    // A finding about the whole app lands on one stack, a different one per front door
    // (annotations need a stack): an acknowledgement of it made anywhere in the app
    // counts, so every front door agrees.
    // (Only acknowledgements of its rule: the others are judged where they apply.)
    const ofRule = (list: AckEntry[]) => list.filter((a) => parseFindingId(a.id)?.rule === f.ruleId);
    for (const entries of treeAcks?.all?.().values() ?? []) candidates.push(...ofRule(entries));
    for (const t of appWide) {
      if (t !== template) candidates.push(...ofRule(acksFromTemplateMetadata(t.metadata, t.stackName || t.name)));
      for (const r of t.resources) candidates.push(...ofRule(acksFromTemplateMetadata(r.metadata, r.path ?? `${t.name}/${r.logicalId}`)));
    }
  }
  if (resource) {
    candidates.push(...acksFromTemplateMetadata(resource.metadata, resource.path ?? `${template?.name}/${resource.logicalId}`));
  }
  if (treeAcks) candidates.push(...treeAcks.acksForPath(resource ? resource.path : ''));
  if (template) candidates.push(...acksFromTemplateMetadata(template.metadata, template.stackName || template.name));

  for (const ack of candidates) {
    const parsed = parseFindingId(ack.id);
    if (!parsed) continue;
    if (!RULES_BY_ID.has(parsed.rule)) {
      problems.push(`acknowledgement of unknown rule '${ack.id}' on ${ack.scope}: use a rule ID listed in RULES.md`);
      continue;
    }
    if (!ackMatches(ack, f.ruleId, f.detail)) continue;
    if (isExpired(ack.expires, now)) {
      problems.push(`acknowledgement of ${ack.id} on ${ack.scope} expired on ${ack.expires}: fix the finding or renew the acknowledgement with a new date`);
      continue;
    }
    if (ack.reason.trim().length < MIN_REASON_LENGTH && ack.source !== 'cdk-nag') {
      problems.push(`acknowledgement of ${ack.id} on ${ack.scope} needs a reason of at least ${MIN_REASON_LENGTH} characters`);
      continue;
    }
    f.acknowledged = true;
    f.acknowledgement = { reason: ack.reason, expires: ack.expires, scope: ack.scope };
    return;
  }
}

/** True when a finding counts against a fail-on threshold. */
export function failsAt(f: Finding, failOn: Severity | 'none'): boolean {
  if (f.acknowledged || failOn === 'none') return false;
  return failOn === Severity.WARNING ? true : f.severity === Severity.ERROR;
}
