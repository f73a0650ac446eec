import { CIS_METRIC_FILTERS, CisMetricFilter, matchesCisFilter } from './cis-patterns';
import { field, getAttTarget, isAbsent, managementEvents, perTemplate, refTarget } from './helpers';
import { ResourceView, TemplateModel } from '../../model';
import { Rule } from '../../rule';
import { Severity } from '../../severity';
import { asList, holesNameValues, isObject, isUncertain, isUnknown, specificHole } from '../../values';

const LOG_GROUP = 'AWS::Logs::LogGroup';

/** A metric filter, resolved: its patterns and the metrics it publishes. */
interface FilterInfo {
  readonly filter: ResourceView;
  readonly patterns: string[];
  readonly metrics: Array<{ namespace: string; name: string }>;
  /** Some pattern could be anything. */
  readonly uncertainPattern: boolean;
  /** Some pattern or metric could be anything. */
  readonly uncertain: boolean;
}

interface AlarmIndex {
  readonly metrics: Set<string>;
  /** An alarm whose metric could be anything could watch any filter's metric. */
  readonly uncertain: boolean;
}

interface FilterIndex {
  /** Filters by each name their `LogGroupName` can take. */
  readonly byGroup: Map<string, FilterInfo[]>;
  /** Filters whose log group could be any group (a parameter, an import). */
  readonly anyGroup: FilterInfo[];
}

const metricKey = (namespace: string, name: string) => `${namespace}\u0000${name}`;

/** A resolved value that is nothing but holes that could be anything. */
const whollyUnknown = (v: unknown) => isUnknown(v) || (typeof v === 'string' && /^(⟪[^⟫]*⟫)+$/.test(v));

const filtersOf = perTemplate((template): FilterIndex => {
  const byGroup = new Map<string, FilterInfo[]>();
  const anyGroup: FilterInfo[] = [];
  const r = template.resolver;
  for (const filter of template.byType('AWS::Logs::MetricFilter')) {
    let uncertainPattern = false;
    const patterns: string[] = [];
    for (const p of r.variants(filter.prop('FilterPattern'))) {
      if (typeof p === 'string' && !isUncertain(p)) patterns.push(p);
      else uncertainPattern = true;
    }
    let uncertain = uncertainPattern;
    const metrics: Array<{ namespace: string; name: string }> = [];
    for (const t of r.items(filter.prop('MetricTransformations'))) {
      for (const v of r.variants(t)) {
        const ns = field(v, 'MetricNamespace');
        const name = field(v, 'MetricName');
        if (typeof ns === 'string' && typeof name === 'string' && !isUncertain(ns) && !isUncertain(name)) metrics.push({ namespace: ns, name });
        else uncertain = true;
      }
    }
    const info: FilterInfo = { filter, patterns, metrics, uncertainPattern, uncertain };
    for (const g of r.variants(filter.prop('LogGroupName'))) {
      if (whollyUnknown(g)) anyGroup.push(info);
      if (typeof g === 'string') {
        const list = byGroup.get(g) ?? [];
        list.push(info);
        byGroup.set(g, list);
      }
    }
  }
  return { byGroup, anyGroup };
});

/**
 * The log groups of a template by their `LogGroupName`: a literal, or a name built from
 * parameters (`!Ref GroupName`, `!Sub '${Env}-trail'`), which an ARN naming the same
 * parameters in the same way names too. Names with a hole that could hide different
 * values behind the same text (an import) identify nothing.
 */
const logGroupsByName = perTemplate((template) => {
  const map = new Map<string, string>();
  for (const group of template.byType(LOG_GROUP)) {
    for (const n of template.resolver.variants(group.prop('LogGroupName'))) if (typeof n === 'string' && holesNameValues(n)) map.set(n, group.logicalId);
  }
  return map;
});

const alarmsOf = perTemplate((template): AlarmIndex => {
  const metrics = new Set<string>();
  let uncertain = false;
  const r = template.resolver;
  const add = (ns: unknown, name: unknown) => {
    if (isAbsent(ns) && isAbsent(name)) return;
    if (typeof ns === 'string' && typeof name === 'string' && !isUncertain(ns) && !isUncertain(name)) metrics.add(metricKey(ns, name));
    else uncertain = true;
  };
  for (const alarm of template.byType('AWS::CloudWatch::Alarm')) {
    for (const v of r.variants(alarm.properties)) {
      if (!isObject(v)) {
        uncertain = true;
        continue;
      }
      add(v.Namespace, v.MetricName);
      // Metric math alarms name their metrics in Metrics[].MetricStat.Metric.
      if (isUnknown(v.Metrics)) uncertain = true;
      for (const m of asList(v.Metrics)) {
        const metric = field(m, 'MetricStat', 'Metric');
        if (isUnknown(metric)) uncertain = true;
        else if (isObject(metric)) add(metric.Namespace, metric.MetricName);
      }
    }
  }
  return { metrics, uncertain };
});

/**
 * The names a log group can be found by in `LogGroupName` properties: `⟦Ref.X⟧` and
 * each literal name of the group `X`.
 */
function groupNames(template: TemplateModel, id: string): string[] {
  const names = [specificHole(`Ref.${id}`)];
  const group = template.resource(id);
  if (group && group.type === LOG_GROUP) {
    for (const n of template.resolver.variants(group.prop('LogGroupName'))) if (typeof n === 'string') names.push(n);
  }
  return names;
}

/** The names of the log group a trail delivers to, from its `CloudWatchLogsLogGroupArn` (undefined when unknowable). */
function deliveryGroupNames(template: TemplateModel, arn: unknown): string[] | undefined {
  const att = getAttTarget(arn);
  if (att && template.resourceType(att.id) === LOG_GROUP) return groupNames(template, att.id);
  if (typeof arn !== 'string' || whollyUnknown(arn)) return undefined;
  // arn:aws:logs:region:account:log-group:<name>[:*]
  const m = /:log-group:(.+?)(?::\*)?$/.exec(arn);
  if (!m) return undefined;
  const name = m[1];
  // A `Ref` to the group itself, or a name a group of this template has (a `Ref` to a
  // parameter is a name, not the group).
  const ref = refTarget(name);
  const id = ref !== undefined && template.resourceType(ref) === LOG_GROUP ? ref : logGroupsByName(template).get(name);
  if (id !== undefined) return groupNames(template, id);
  return [name];
}

/** LOG7: CIS 4.1-4.15 metric filters and alarms on the trail's log group. */
export const LOG7: Rule = {
  id: 'LOG7',
  family: 'logging',
  severity: Severity.WARNING,
  title: "A trail's CloudWatch Logs group has a metric filter and an alarm for each CIS monitoring event",
  explanation:
    'Delivering CloudTrail to CloudWatch Logs only helps if someone is told when something dangerous happens: root use, console logins without MFA, unauthorized calls, and changes to IAM policies, CloudTrail, KMS keys, bucket policies, AWS Config, security groups, NACLs, gateways, route tables, VPCs and Organizations. CIS 4.1-4.15 ask for a metric filter and an alarm on each.',
  fix: 'Use the SecureTrail construct, which creates every CIS metric filter and alarm; or, for each missing event, add a `logs.MetricFilter` on the trail\'s log group with the CIS filter pattern (exported as `CIS_METRIC_FILTERS`) and a `cloudwatch.Alarm` on its metric (`filter.metric()`), notifying an SNS topic. CloudFormation: an `AWS::Logs::MetricFilter` with `LogGroupName` of the trail\'s group, and an `AWS::CloudWatch::Alarm` with the filter\'s `MetricName` and `Namespace`.',
  controls: ['CIS 4.1', 'CIS 4.2', 'CIS 4.3', 'CIS 4.4', 'CIS 4.5', 'CIS 4.6', 'CIS 4.7', 'CIS 4.8', 'CIS 4.9', 'CIS 4.10', 'CIS 4.11', 'CIS 4.12', 'CIS 4.13', 'CIS 4.14', 'CIS 4.15'],
  resourceTypes: ['AWS::CloudTrail::Trail'],
  references: ['https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html'],
  check(trail, ctx) {
    if (managementEvents(trail).any === 'no') return;
    const filters = filtersOf(ctx.template);
    const alarms = alarmsOf(ctx.template);
    const alarmed = (f: FilterInfo) => f.metrics.some((m) => alarms.metrics.has(metricKey(m.namespace, m.name)));
    const missing = new Set<CisMetricFilter>();
    const unproven = new Set<CisMetricFilter>();

    for (const arn of ctx.variants(trail.prop('CloudWatchLogsLogGroupArn'))) {
      if (isAbsent(arn)) continue; // not delivering in this alternative: LOG4's finding
      const names = deliveryGroupNames(ctx.template, arn);
      if (!names) {
        ctx.unresolved('Properties.CloudWatchLogsLogGroupArn', `The log group of ${trail.displayName}, and so its metric filters,`);
        return;
      }
      const onGroup = [...new Set(names.flatMap((n) => filters.byGroup.get(n) ?? []))];
      const elsewhere = filters.anyGroup.filter((f) => !onGroup.includes(f));
      for (const cis of CIS_METRIC_FILTERS) {
        // Every alternative of the pattern must watch for the event.
        const matches = (f: FilterInfo) => !f.uncertainPattern && f.patterns.length > 0 && f.patterns.every((p) => matchesCisFilter(p, cis));
        if (onGroup.some((f) => matches(f) && alarmed(f))) continue;
        // Not proven: could an unknown pattern, metric, alarm or log group still cover it?
        const maybe =
          onGroup.some((f) => f.uncertain || (matches(f) && alarms.uncertain)) ||
          elsewhere.some((f) => f.uncertain || (matches(f) && (alarmed(f) || alarms.uncertain)));
        (maybe ? unproven : missing).add(cis);
      }
    }
    if (missing.size > 0) {
      const list = CIS_METRIC_FILTERS.filter((c) => missing.has(c));
      const what = list.length === CIS_METRIC_FILTERS.length ? 'any of the CIS monitoring events' : list.map((c) => `${c.name} (CIS ${c.cisControl})`).join(', ');
      ctx.report({
        detail: `Missing::${list.map((c) => c.id).join(',')}`,
        message: `${trail.displayName} has no metric filter with an alarm on its log group for ${what}`,
      });
    }
    if (unproven.size > 0) {
      const list = CIS_METRIC_FILTERS.filter((c) => unproven.has(c)).map((c) => c.id);
      ctx.unresolved('MetricFilter', `The metric filters and alarms for ${list.join(', ')} on the log group of ${trail.displayName}`);
    }
  },
};
