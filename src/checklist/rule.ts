import { ResourceView, TemplateModel } from './model';
import { Severity, TrailRequirement } from './severity';
import { display } from './values';

/** The rule families, one folder each under `rules/`. */
export type RuleFamily = 'iam' | 'secrets' | 'network' | 'logging' | 'tls' | 'lambda' | 'api';

/** A runtime's support dates, for LMB1. */
export interface RuntimeDates {
  /** The date AWS deprecates (stops supporting) the runtime, `YYYY-MM-DD`. */
  readonly deprecation: string;
}

/** The settings rules may read (the same for every front door). */
export interface RuleSettings {
  /** Ports that may be open to the world (NET1). */
  readonly publicPorts: readonly number[];
  /** The date LMB1 judges runtimes against. */
  readonly date: Date;
  /** LOG1's requirement. */
  readonly trail: TrailRequirement;
  /** Lambda runtime deprecation dates overriding or extending the built-in table (LMB1). */
  readonly runtimeDates: Readonly<Record<string, RuntimeDates>>;
}

/** What a rule reports about one resource. */
export interface RuleHit {
  /** The finding's detail, as in `Hardened-IAM1[<detail>]` (for example `Action::s3:*`). */
  readonly detail?: string;
  /** What is wrong, naming the value. */
  readonly message: string;
  /** A lower severity than the rule's default, where the rule allows it. */
  readonly severity?: Severity;
  /** Where the finding lands, when not on the judged resource (for example a bucket judged through its policy). */
  readonly target?: ResourceView;
  /** A fix specific to this finding; the rule's `fix` otherwise. */
  readonly fix?: string;
  /** For app-level rules: the template a finding without a `target` belongs to (a template parameter, an output). */
  readonly template?: TemplateModel;
}

/** What a rule gets besides the resource: the template, the resolver, the settings, and a way to report. */
export interface RuleContext {
  readonly template: TemplateModel;
  readonly settings: RuleSettings;
  /** Every value a raw property can take, intrinsics resolved (see `Resolver.variants`). */
  variants(value: unknown): unknown[];
  /** The elements a raw list property can hold (see `Resolver.items`). */
  items(value: unknown): unknown[];
  /** Reports a finding. */
  report(hit: RuleHit): void;
  /**
   * Reports that a value could not be verified: a finding with detail
   * `Unresolved::<path>` at the rule's severity.
   */
  unresolved(path: string, what: string, target?: ResourceView): void;
}

/** What an app-level rule (LOG1) gets: every template of the app or command-line run. */
export interface AppRuleContext {
  readonly templates: readonly TemplateModel[];
  readonly settings: RuleSettings;
  /** Reports a finding on the app (no logical ID). */
  report(hit: RuleHit): void;
}

/** What a rule that judges whole templates one by one (SEC3, SEC4) gets besides the template. */
export interface TemplateRuleContext {
  /** How many templates the app or command-line run has (messages name the template when there are several). */
  readonly templateCount: number;
  readonly settings: RuleSettings;
  /** Reports a finding on the template (no logical ID) or, with `target`, on one of its resources. */
  report(hit: RuleHit): void;
}

/** A checklist rule: a pure function of a resource and its context. */
export interface Rule {
  /** `<FAMILY><N>`, shown to users as `Hardened-<id>`. */
  readonly id: string;
  readonly family: RuleFamily;
  readonly severity: Severity;
  /** One line: what the rule checks. */
  readonly title: string;
  /** Why it matters. */
  readonly explanation: string;
  /** How to fix a finding. */
  readonly fix: string;
  /** Security Hub / CIS / Control Tower controls the rule serves. */
  readonly controls: readonly string[];
  /** The resource types the rule judges; the engine hands it only these. Empty for app-level rules. */
  readonly resourceTypes: readonly string[];
  /** Sources for the lists the rule relies on (documented in RULES.md). */
  readonly references?: readonly string[];
  /** Judges one resource. */
  check?(resource: ResourceView, ctx: RuleContext): void;
  /** Judges one whole template (every resource, parameters, outputs), on its own. */
  checkTemplate?(template: TemplateModel, ctx: TemplateRuleContext): void;
  /** Judges the whole app once (app-level rules: they need every template). */
  checkApp?(ctx: AppRuleContext): void;
}

/** Helper for messages: a resolved value in readable form. */
export { display };
