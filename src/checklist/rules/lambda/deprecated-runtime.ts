import { LAMBDA_RUNTIME_DEPRECATIONS, LAMBDA_RUNTIMES_SOURCE } from '../../../private/lambda-runtimes';
import { NO_VALUE } from '../../resolve';
import { Rule, RuleSettings } from '../../rule';
import { Severity } from '../../severity';
import { display, hasHole, isUnknown } from '../../values';
import { isCdkInternal } from '../logging/cdk-internal';

/** A runtime deprecating within this many days is a warning. */
export const WARNING_DAYS = 180;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The deprecation dates in force: the built-in table, overridden and extended by the `runtimeDates` setting. */
function deprecationDates(settings: RuleSettings): Record<string, string> {
  const dates: Record<string, string> = { ...LAMBDA_RUNTIME_DEPRECATIONS };
  for (const [id, d] of Object.entries(settings.runtimeDates)) dates[id] = d.deprecation;
  return dates;
}

function parseDate(s: string): Date | undefined {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00Z` : s);
  return isNaN(d.getTime()) ? undefined : d;
}

/** The language a runtime belongs to, for suggesting a successor (Go moved to the OS-only runtimes). */
function languageOf(runtime: string): string {
  if (runtime.startsWith('go') || runtime.startsWith('provided')) return 'provided';
  const m = /^[a-z]+/.exec(runtime);
  return m ? m[0].replace(/core$/, '') : runtime;
}

/** The runtime of the same language supported longest (the later one on a tie), if it is supported at `date`. */
function successorOf(runtime: string, dates: Record<string, string>, date: Date): string | undefined {
  const lang = languageOf(runtime);
  let best: { id: string; at: number } | undefined;
  for (const [id, d] of Object.entries(dates)) {
    const at = parseDate(d)?.getTime();
    if (at === undefined || languageOf(id) !== lang) continue;
    if (!best || at >= best.at) best = { id, at };
  }
  return best && best.id !== runtime && best.at - date.getTime() > WARNING_DAYS * DAY_MS ? best.id : undefined;
}

/** `python3.14` → `PYTHON_3_14`, the name of the `lambda.Runtime` constant. */
function cdkConstant(runtime: string): string {
  return runtime.replace(/^([a-z]+)(\d)/, '$1_$2').replace(/[.-]/g, '_').toUpperCase();
}

/** LMB1: a Lambda function on a deprecated (or soon deprecated) runtime. */
export const LMB1: Rule = {
  id: 'LMB1',
  family: 'lambda',
  severity: Severity.ERROR,
  title: 'Lambda functions use a runtime AWS still supports',
  explanation:
    'Once AWS deprecates a runtime it stops applying security patches to it, and then blocks creating and updating functions that use it: a function left on it runs unpatched code and cannot be fixed in a hurry. A warning gives 180 days of notice before the deprecation date.',
  fix: 'Move the function to a supported runtime of its language (CDK `runtime: lambda.Runtime.PYTHON_3_14`; CloudFormation `Runtime: python3.14`) and test it; for custom or Go runtimes use `provided.al2023`.',
  controls: ['Lambda.2'],
  resourceTypes: ['AWS::Lambda::Function', 'AWS::Serverless::Function'],
  references: [LAMBDA_RUNTIMES_SOURCE],
  check(resource, ctx) {
    const raw = resource.prop('Runtime');
    if (raw === undefined) return; // A container image function has no runtime to judge (SAM Globals are merged in already).
    const packageTypes = ctx.variants(resource.prop('PackageType'));
    if (packageTypes.every((p) => typeof p === 'string' && p.toLowerCase() === 'image')) return;

    const dates = deprecationDates(ctx.settings);
    const now = ctx.settings.date;
    for (const runtime of ctx.variants(raw)) {
      if (runtime === undefined || runtime === NO_VALUE) continue;
      if (isUnknown(runtime) || typeof runtime !== 'string' || hasHole(runtime)) {
        ctx.unresolved('Properties.Runtime', `The runtime of function ${resource.displayName} (${display(runtime)})`);
        continue;
      }
      const id = runtime.trim();
      const dateText = dates[id];
      const deprecation = dateText === undefined ? undefined : parseDate(dateText);
      if (!deprecation) continue;
      const days = Math.ceil((deprecation.getTime() - now.getTime()) / DAY_MS);
      if (days > WARNING_DAYS) continue;
      const successor = successorOf(id, dates, now);
      // aws-cdk-lib picks the runtime of its own provider functions: the user cannot change it (CHECKLIST.md, "Internal CDK resources").
      const internal = isCdkInternal(resource);
      const detail = internal ? 'CdkInternal' : `Runtime::${id}`;
      const fix = internal
        ? 'aws-cdk-lib chooses the runtime of this function it creates for itself: upgrade aws-cdk-lib (newer releases move their provider functions to newer runtimes), or acknowledge Hardened-LMB1[CdkInternal] with a reason and an expiry date until one does.'
        : successor
          ? `Move the function from ${id} to ${successor} (CDK \`runtime: lambda.Runtime.${cdkConstant(successor)}\`; CloudFormation \`Runtime: ${successor}\`) and test it.`
          : undefined;
      if (days <= 0) {
        ctx.report({
          detail,
          fix,
          message: `Function ${resource.displayName} uses runtime ${id}, which AWS deprecated on ${dateText}: it no longer receives security patches, and AWS blocks creating and then updating functions on it`,
        });
      } else {
        ctx.report({
          detail,
          fix,
          severity: Severity.WARNING,
          message: `Function ${resource.displayName} uses runtime ${id}, which AWS deprecates on ${dateText} (in ${days} ${days === 1 ? 'day' : 'days'})`,
        });
      }
    }
  },
};
