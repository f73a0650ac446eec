import { Fn, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { trailTemplate } from './fixtures';
import { CIS_METRIC_FILTERS } from '../../../../src/checklist/rules/logging/cis-patterns';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const ALL_IDS = CIS_METRIC_FILTERS.map((c) => c.id).join(',');

/** A CDK trail delivering to CloudWatch Logs, with a filter and an alarm for every CIS event except `skip`. */
function cdkTrailWithFilters(skip: string[] = [], stack: Stack = newStack()) {
  const trail = new cloudtrail.Trail(stack, 'Trail', { sendToCloudWatchLogs: true });
  for (const cis of CIS_METRIC_FILTERS) {
    if (skip.includes(cis.id)) continue;
    const filter = new logs.MetricFilter(stack, cis.id, {
      logGroup: trail.logGroup!,
      filterPattern: logs.FilterPattern.literal(cis.pattern),
      metricNamespace: 'CISBenchmark',
      metricName: cis.id,
    });
    new cloudwatch.Alarm(stack, `${cis.id}Alarm`, { metric: filter.metric(), threshold: 1, evaluationPeriods: 1 });
  }
  return stack;
}

/** Raw filter + alarm resources on the fixture's `Logs` group for the given CIS entries. */
function rawFilters(entries = CIS_METRIC_FILTERS, group: unknown = { Ref: 'Logs' }, pattern?: (p: string) => unknown) {
  const out: Record<string, unknown> = {};
  for (const cis of entries) {
    out[`${cis.id}Filter`] = {
      Type: 'AWS::Logs::MetricFilter',
      Properties: {
        LogGroupName: group,
        FilterPattern: pattern ? pattern(cis.pattern) : cis.pattern,
        MetricTransformations: [{ MetricNamespace: 'CISBenchmark', MetricName: cis.id, MetricValue: '1' }],
      },
    };
    out[`${cis.id}Alarm`] = {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: { Namespace: 'CISBenchmark', MetricName: cis.id, Statistic: 'Sum', Period: 300, Threshold: 1, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' },
    };
  }
  return out;
}

describe('LOG7 CIS metric filters and alarms', () => {
  test('fails on a trail delivering to CloudWatch Logs with no filters, naming every event, on the trail', () => {
    const stack = newStack();
    new cloudtrail.Trail(stack, 'Trail', { sendToCloudWatchLogs: true });
    const findings = checkStack(stack);
    expect(idsOf(findings, 'LOG7')).toEqual([`Hardened-LOG7[Missing::${ALL_IDS}]`]);
    expect(findingsOf(findings, 'LOG7')[0].path).toBe('TestStack/Trail/Resource');
    expect(findingsOf(findings, 'LOG7')[0].message).toContain('any of the CIS monitoring events');
  });

  test('passes when every CIS filter has an alarm', () => {
    expect(idsOf(checkStack(cdkTrailWithFilters()), 'LOG7')).toEqual([]);
  });

  test('fails naming the events that are missing', () => {
    const findings = checkStack(cdkTrailWithFilters(['RootAccountUsage', 'VpcChanges']));
    expect(idsOf(findings, 'LOG7')).toEqual(['Hardened-LOG7[Missing::RootAccountUsage,VpcChanges]']);
    expect(findingsOf(findings, 'LOG7')[0].message).toContain('Usage of the "root" account (CIS 4.3), VPC changes (CIS 4.14)');
  });

  test('does not apply to a trail that does not deliver to CloudWatch Logs', () => {
    const stack = newStack();
    new cloudtrail.Trail(stack, 'Trail');
    expect(idsOf(checkStack(stack), 'LOG7')).toEqual([]);
  });

  describe('raw CloudFormation', () => {
    test('passes with every filter and alarm on the trail group', () => {
      expect(idsOf(checkTemplate(trailTemplate({}, { resources: rawFilters() })), 'LOG7')).toEqual([]);
    });

    test('fails on the trail when filters are on another log group', () => {
      const resources = { ...rawFilters(CIS_METRIC_FILTERS, 'some-other-group') };
      const findings = checkTemplate(trailTemplate({}, { resources }));
      expect(idsOf(findings, 'LOG7')).toEqual([`Hardened-LOG7[Missing::${ALL_IDS}]`]);
      expect(findingsOf(findings, 'LOG7')[0].logicalId).toBe('Trail');
    });

    test('counts a filter without an alarm as missing', () => {
      const resources = rawFilters() as any;
      delete resources.ConfigChangesAlarm;
      expect(idsOf(checkTemplate(trailTemplate({}, { resources })), 'LOG7')).toEqual(['Hardened-LOG7[Missing::ConfigChanges]']);
    });

    test('recognises the patterns whatever their spacing and quoting, and older forms of them', () => {
      const resources = rawFilters(CIS_METRIC_FILTERS, { Ref: 'Logs' }, (p) =>
        p === CIS_METRIC_FILTERS[0].pattern
          ? '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}'
          : p.replace(/\s*(\|\||&&|!=|=|\(|\)|\{|\})\s*/g, '$1').replace(/"([^"\s]*)"/g, '$1'),
      );
      expect(idsOf(checkTemplate(trailTemplate({}, { resources })), 'LOG7')).toEqual([]);
    });

    test('finds the group by a literal name in the trail ARN', () => {
      const t = trailTemplate({ CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:org-trail:*' }, { resources: rawFilters(CIS_METRIC_FILTERS, 'org-trail') });
      expect(idsOf(checkTemplate(t), 'LOG7')).toEqual([]);
    });

    test('accepts alarms on metric math', () => {
      const resources = rawFilters() as any;
      resources.VpcChangesAlarm.Properties = {
        Metrics: [{ Id: 'm1', MetricStat: { Metric: { Namespace: 'CISBenchmark', MetricName: 'VpcChanges' }, Period: 300, Stat: 'Sum' } }],
        Threshold: 1,
        EvaluationPeriods: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      };
      expect(idsOf(checkTemplate(trailTemplate({}, { resources })), 'LOG7')).toEqual([]);
    });

    test('does not apply to a trail that records no management events', () => {
      const t = trailTemplate({ EventSelectors: [{ IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }] });
      expect(idsOf(checkTemplate(t), 'LOG7')).toEqual([]);
    });
  });

  describe('values unknown at synth time', () => {
    test('is unresolved when a filter pattern is a parameter without allowed values', () => {
      const resources = rawFilters() as any;
      resources.RootAccountUsageFilter.Properties.FilterPattern = { Ref: 'RootPattern' };
      const t = trailTemplate({}, { resources, parameters: { RootPattern: { Type: 'String' } } });
      expect(idsOf(checkTemplate(t), 'LOG7')).toEqual(['Hardened-LOG7[Unresolved::MetricFilter]']);
    });

    test('passes when every allowed value of the pattern matches, fires when one does not', () => {
      const root = CIS_METRIC_FILTERS.find((c) => c.id === 'RootAccountUsage')!.pattern;
      const make = (allowed: string[]) => {
        const resources = rawFilters() as any;
        resources.RootAccountUsageFilter.Properties.FilterPattern = { Ref: 'RootPattern' };
        return trailTemplate({}, { resources, parameters: { RootPattern: { Type: 'String', AllowedValues: allowed } } });
      };
      expect(idsOf(checkTemplate(make([root, root.replace(/ /g, '')])), 'LOG7')).toEqual([]);
      expect(idsOf(checkTemplate(make([root, '{ $.eventName = "GetObject" }'])), 'LOG7')).toEqual(['Hardened-LOG7[Missing::RootAccountUsage]']);
    });

    test('fires when one Fn::If branch of a pattern does not match', () => {
      const resources = rawFilters() as any;
      resources.NaclChangesFilter.Properties.FilterPattern = { 'Fn::If': ['C', CIS_METRIC_FILTERS[10].pattern, '{ $.eventName = CreateVpc }'] };
      const t = trailTemplate({}, { resources, conditions: { C: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } } });
      expect(idsOf(checkTemplate(t), 'LOG7')).toEqual(['Hardened-LOG7[Missing::NaclChanges]']);
    });

    test('is unresolved when the trail delivers to an imported log group', () => {
      const t = trailTemplate({ CloudWatchLogsLogGroupArn: { 'Fn::ImportValue': 'TrailGroupArn' } }, { resources: rawFilters() });
      expect(idsOf(checkTemplate(t), 'LOG7')).toEqual(['Hardened-LOG7[Unresolved::Properties.CloudWatchLogsLogGroupArn]']);
    });

    test('matches filters and trail that name the same parameter group', () => {
      const parameters = { GroupName: { Type: 'String' } };
      const t = trailTemplate(
        { CloudWatchLogsLogGroupArn: { 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${GroupName}:*' } },
        { parameters, resources: rawFilters(CIS_METRIC_FILTERS, { Ref: 'GroupName' }) },
      );
      expect(idsOf(checkTemplate(t), 'LOG7')).toEqual([]);
    });

    test('is unresolved for the events a CDK filter on an imported log group could cover', () => {
      const stack = newStack();
      new cloudtrail.Trail(stack, 'Trail', { sendToCloudWatchLogs: true });
      const imported = logs.LogGroup.fromLogGroupName(stack, 'Imported', Fn.importValue('TrailGroupName'));
      const root = CIS_METRIC_FILTERS.find((c) => c.id === 'RootAccountUsage')!;
      const filter = new logs.MetricFilter(stack, 'Root', {
        logGroup: imported,
        filterPattern: logs.FilterPattern.literal(root.pattern),
        metricNamespace: 'CIS',
        metricName: 'Root',
      });
      new cloudwatch.Alarm(stack, 'RootAlarm', { metric: filter.metric(), threshold: 1, evaluationPeriods: 1 });
      const others = CIS_METRIC_FILTERS.filter((c) => c !== root).map((c) => c.id).join(',');
      expect(idsOf(checkStack(stack), 'LOG7')).toEqual([`Hardened-LOG7[Missing::${others}]`, 'Hardened-LOG7[Unresolved::MetricFilter]']);
    });
  });
});
