import { isCdkInternal } from './cdk-internal';
import { allOf, anyOf, field, isAbsent, perTemplate, Tri } from './helpers';
import { ResourceView } from '../../model';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { asNumber, display, isUnknown, specificHole } from '../../values';

const LOG_GROUP = 'AWS::Logs::LogGroup';
const LOG_RETENTION = 'Custom::LogRetention';
const FUNCTION_TYPES = ['AWS::Lambda::Function', 'AWS::Serverless::Function'];

/** Whether a log group (or a CDK log retention resource) sets a retention period. */
function retentionOf(resource: ResourceView): Tri {
  return allOf(
    resource.template.resolver.variants(resource.prop('RetentionInDays')).map((v): Tri => {
      if (isAbsent(v)) return 'no';
      const n = asNumber(v);
      if (n === undefined) return 'no';
      return isUnknown(n) ? 'unknown' : 'yes';
    }),
  );
}

/**
 * The log groups of a template by every name they can be reached by: the value of
 * `Ref` (which is the name), each alternative of a literal or built `LogGroupName`
 * (`/aws/lambda/${Fn}` resolves to `/aws/lambda/⟦Ref.Fn⟧`, so it compares equal to the
 * function's default group name), and CDK's `Custom::LogRetention` resources by
 * their `LogGroupName`. Built once per template.
 */
const logGroupsByName = perTemplate((template) => {
  const map = new Map<string, ResourceView[]>();
  const add = (key: unknown, r: ResourceView) => {
    if (typeof key !== 'string') return;
    const list = map.get(key) ?? [];
    if (!list.includes(r)) list.push(r);
    map.set(key, list);
  };
  for (const group of template.byType(LOG_GROUP)) {
    add(specificHole(`Ref.${group.logicalId}`), group);
    for (const name of template.resolver.variants(group.prop('LogGroupName'))) add(name, group);
  }
  for (const retention of template.byType(LOG_RETENTION)) {
    for (const name of template.resolver.variants(retention.prop('LogGroupName'))) add(name, retention);
  }
  return map;
});

function judgeLogGroup(group: ResourceView, ctx: RuleContext) {
  const answer = retentionOf(group);
  if (answer === 'no') {
    ctx.report({ message: `${group.displayName} keeps its logs forever: no RetentionInDays is set` });
  } else if (answer === 'unknown') {
    ctx.unresolved('Properties.RetentionInDays', `The retention of ${group.displayName}`);
  }
}

function judgeFunction(fn: ResourceView, ctx: RuleContext) {
  const internal = isCdkInternal(fn);
  const index = logGroupsByName(ctx.template);
  const fire = (message: string) => ctx.report({ message, detail: internal ? 'CdkInternal' : undefined });

  // Where the function writes: its LoggingConfig.LogGroup, else /aws/lambda/<function name>.
  const answers: Tri[] = [];
  const explicit = ctx.variants(field(fn.properties, 'LoggingConfig'));
  for (const cfg of explicit) {
    const target = isUnknown(cfg) ? cfg : field(cfg, 'LogGroup');
    if (isUnknown(target)) {
      ctx.unresolved('Properties.LoggingConfig.LogGroup', `The log group of ${fn.displayName}`);
      return;
    }
    if (!isAbsent(target)) {
      const groups = index.get(String(target)) ?? [];
      if (groups.length === 0) {
        ctx.unresolved('Properties.LoggingConfig.LogGroup', `The log group ${display(target)} of ${fn.displayName} is not in this template, so its retention`);
        return;
      }
      answers.push(anyOf(groups.map(retentionOf)));
      continue;
    }
    // No explicit group in this alternative: the default group, named after the function.
    const names = new Set<string>([`/aws/lambda/${specificHole(`Ref.${fn.logicalId}`)}`]);
    for (const n of ctx.variants(fn.prop('FunctionName'))) {
      if (typeof n === 'string') names.add(`/aws/lambda/${n}`);
    }
    const groups = [...names].flatMap((n) => index.get(n) ?? []);
    if (groups.length === 0) {
      fire(`${fn.displayName} has no explicit log group: Lambda creates /aws/lambda/<function name> on first use, with logs kept forever`);
      return;
    }
    answers.push(anyOf(groups.map(retentionOf)));
  }
  const answer = allOf(answers);
  if (answer === 'no') {
    fire(`${fn.displayName} logs to a log group without retention: its logs are kept forever`);
  } else if (answer === 'unknown') {
    ctx.unresolved('Properties.LoggingConfig', `The retention of the log group of ${fn.displayName}`);
  }
}

/** LOG6: log groups have retention; functions have an explicit log group with retention. */
export const LOG6: Rule = {
  id: 'LOG6',
  family: 'logging',
  severity: Severity.WARNING,
  title: 'Log groups have a retention period, and each Lambda function has an explicit log group with one',
  explanation:
    'A log group without retention keeps every event forever: the cost grows without bound and so does the amount of (often sensitive) data kept. A Lambda function without its own log group writes to one Lambda creates on first use, outside the stack, with no retention and no way to change it from code.',
  fix: "CDK: set `retention: logs.RetentionDays.ONE_YEAR` (or the period your policy requires) on `logs.LogGroup`, and give each function `logGroup: new logs.LogGroup(this, 'FnLogs', { retention: ... })`. CloudFormation: set `RetentionInDays` on every `AWS::Logs::LogGroup`, and create one for each function, named `/aws/lambda/<function name>` or referenced by the function's `LoggingConfig.LogGroup`.",
  controls: ['CloudWatch.16'],
  resourceTypes: [LOG_GROUP, ...FUNCTION_TYPES],
  references: ['https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html'],
  check(resource, ctx) {
    if (resource.type === LOG_GROUP) judgeLogGroup(resource, ctx);
    else judgeFunction(resource, ctx);
  },
};
