import { trailTemplate } from './fixtures';
import { CIS_METRIC_FILTERS } from '../../../../src/checklist/rules/logging/cis-patterns';
import { checkTemplate, findingsOf, idsOf } from '../../helpers';

const ALL_IDS = CIS_METRIC_FILTERS.map((c) => c.id).join(',');
const ROOT = CIS_METRIC_FILTERS.find((c) => c.id === 'RootAccountUsage')!;
const UNRESOLVED = 'Hardened-LOG7[Unresolved::MetricFilter]';
const PARAM = { Type: 'String' };

/** A metric filter and an alarm on its metric for each CIS entry, on log group `group`. */
function cisResources(group: unknown = { Ref: 'Logs' }, entries = CIS_METRIC_FILTERS): Record<string, any> {
  const out: Record<string, any> = {};
  for (const cis of entries) {
    out[`${cis.id}Filter`] = {
      Type: 'AWS::Logs::MetricFilter',
      Properties: {
        LogGroupName: group,
        FilterPattern: cis.pattern,
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

const log7 = (t: object) => findingsOf(checkTemplate(t), 'LOG7');
const ids = (t: object) => idsOf(checkTemplate(t), 'LOG7');

describe('LOG7 CIS metric filters and alarms: edge cases', () => {
  describe("the filter's metric", () => {
    test('a filter whose metric namespace or name is an unknown parameter is unresolved, not missing', () => {
      for (const key of ['MetricNamespace', 'MetricName']) {
        const resources = cisResources();
        resources.RootAccountUsageFilter.Properties.MetricTransformations[0][key] = { Ref: 'P' };
        expect(ids(trailTemplate({}, { resources, parameters: { P: PARAM } }))).toEqual([UNRESOLVED]);
      }
    });

    test('a filter whose metric has no name (malformed) is unresolved, not missing', () => {
      const resources = cisResources();
      delete resources.RootAccountUsageFilter.Properties.MetricTransformations[0].MetricName;
      expect(ids(trailTemplate({}, { resources }))).toEqual([UNRESOLVED]);
    });

    test('a filter publishing two metrics passes when one of them has an alarm', () => {
      const resources = cisResources();
      resources.RootAccountUsageFilter.Properties.MetricTransformations.unshift({ MetricNamespace: 'Other', MetricName: 'NoAlarm', MetricValue: '1' });
      expect(ids(trailTemplate({}, { resources }))).toEqual([]);
    });
  });

  describe('the filter pattern', () => {
    test('a pattern that is not a string (malformed) is unresolved, not missing', () => {
      const resources = cisResources();
      resources.RootAccountUsageFilter.Properties.FilterPattern = [ROOT.pattern];
      expect(ids(trailTemplate({}, { resources }))).toEqual([UNRESOLVED]);
    });

    test('a pattern with one unknown Fn::If branch is unresolved even when the other branch matches', () => {
      const resources = cisResources();
      resources.RootAccountUsageFilter.Properties.FilterPattern = { 'Fn::If': ['C', ROOT.pattern, { Ref: 'P' }] };
      const t = trailTemplate({}, { resources, parameters: { P: PARAM }, conditions: { C: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } } });
      expect(ids(t)).toEqual([UNRESOLVED]);
    });

    test('the unresolved finding lands on the trail and names only the events in doubt, and the trail', () => {
      const resources = cisResources();
      resources.RootAccountUsageFilter.Properties.FilterPattern = { Ref: 'P' };
      const f = log7(trailTemplate({}, { resources, parameters: { P: PARAM } }));
      expect(f.map((x) => x.id)).toEqual([UNRESOLVED]);
      expect(f[0].logicalId).toBe('Trail');
      expect(f[0].message).toContain('RootAccountUsage');
      expect(f[0].message).toContain('Trail');
      expect(f[0].message).not.toContain('VpcChanges');
    });
  });

  describe('alarms', () => {
    const withoutRootAlarm = () => {
      const resources = cisResources();
      delete resources.RootAccountUsageAlarm;
      return resources;
    };

    test('an alarm whose namespace or metric name is an unknown parameter could watch the filter: unresolved', () => {
      for (const key of ['Namespace', 'MetricName']) {
        const resources = withoutRootAlarm();
        resources.VpcChangesAlarm2 = { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'CISBenchmark', MetricName: 'VpcChanges', Threshold: 1, EvaluationPeriods: 1 } };
        resources.VpcChangesAlarm2.Properties[key] = { Ref: 'P' };
        expect(ids(trailTemplate({}, { resources, parameters: { P: PARAM } }))).toEqual([UNRESOLVED]);
      }
    });

    test('an alarm with a namespace but no metric name (malformed) is unresolved', () => {
      const resources = withoutRootAlarm();
      resources.Odd = { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'CISBenchmark', Threshold: 1, EvaluationPeriods: 1 } };
      expect(ids(trailTemplate({}, { resources }))).toEqual([UNRESOLVED]);
    });

    test('a metric math alarm on other metrics does not cover a filter without an alarm', () => {
      const resources = withoutRootAlarm();
      resources.Math = {
        Type: 'AWS::CloudWatch::Alarm',
        Properties: {
          Metrics: [
            { Id: 'e1', Expression: 'm1 * 2' },
            { Id: 'm1', MetricStat: { Metric: { Namespace: 'CISBenchmark', MetricName: 'VpcChanges' }, Period: 300, Stat: 'Sum' }, ReturnData: false },
          ],
          Threshold: 1,
          EvaluationPeriods: 1,
        },
      };
      expect(ids(trailTemplate({}, { resources }))).toEqual(['Hardened-LOG7[Missing::RootAccountUsage]']);
    });

    test('a metric math alarm whose metrics or metric are imported could watch the filter: unresolved', () => {
      const unknowns = [
        { 'Fn::ImportValue': 'AlarmMetrics' },
        [{ Id: 'm1', MetricStat: { Metric: { 'Fn::ImportValue': 'AlarmMetric' }, Period: 300, Stat: 'Sum' } }],
      ];
      for (const metrics of unknowns) {
        const resources = withoutRootAlarm();
        resources.Math = { Type: 'AWS::CloudWatch::Alarm', Properties: { Metrics: metrics, Threshold: 1, EvaluationPeriods: 1 } };
        expect(ids(trailTemplate({}, { resources }))).toEqual([UNRESOLVED]);
      }
    });

    test('an alarm whose properties are imported wholesale could watch the filter: unresolved', () => {
      const resources = withoutRootAlarm();
      resources.Imported = { Type: 'AWS::CloudWatch::Alarm', Properties: { 'Fn::ImportValue': 'AlarmProps' } };
      expect(ids(trailTemplate({}, { resources }))).toEqual([UNRESOLVED]);
    });
  });

  describe("the filter's log group", () => {
    test('filters on a parameter or imported log group could be on the trail group: unresolved', () => {
      for (const group of [{ Ref: 'GroupParam' }, { 'Fn::ImportValue': 'GroupName' }]) {
        const resources = { ...cisResources({ Ref: 'Logs' }, CIS_METRIC_FILTERS.filter((c) => c !== ROOT)), ...cisResources(group, [ROOT]) };
        expect(ids(trailTemplate({}, { resources, parameters: { GroupParam: PARAM } }))).toEqual([UNRESOLVED]);
      }
    });

    test('a matching filter on an unknown log group without any alarm is still missing', () => {
      const resources = { ...cisResources({ Ref: 'Logs' }, CIS_METRIC_FILTERS.filter((c) => c !== ROOT)), ...cisResources({ Ref: 'GroupParam' }, [ROOT]) };
      delete resources.RootAccountUsageAlarm;
      expect(ids(trailTemplate({}, { resources, parameters: { GroupParam: PARAM } }))).toEqual(['Hardened-LOG7[Missing::RootAccountUsage]']);
    });

    test('a certain filter on an unknown log group that watches something else does not make the event unresolved', () => {
      const resources = cisResources({ Ref: 'Logs' }, CIS_METRIC_FILTERS.filter((c) => c !== ROOT));
      Object.assign(resources, cisResources({ Ref: 'GroupParam' }, [{ ...ROOT, id: 'Other', pattern: '{ $.eventName = "GetObject" }' }]));
      expect(ids(trailTemplate({}, { resources, parameters: { GroupParam: PARAM } }))).toEqual(['Hardened-LOG7[Missing::RootAccountUsage]']);
    });
  });

  describe("the trail's log group", () => {
    test('filters naming the literal LogGroupName of the GetAtt target group count', () => {
      const t = trailTemplate({}, { resources: cisResources('trail-logs') }) as any;
      t.Resources.Logs.Properties.LogGroupName = 'trail-logs';
      expect(ids(t)).toEqual([]);
    });

    test('a literal ARN finds the group of that name, so filters on a Ref to it count', () => {
      const t = trailTemplate(
        { CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:trail-logs:*' },
        { resources: cisResources({ Ref: 'Named' }) },
      ) as any;
      t.Resources.Named = { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'trail-logs', RetentionInDays: 365 } };
      expect(ids(t)).toEqual([]);
    });

    test('an ARN that is no log group ARN is unresolved on the trail, naming it', () => {
      const f = log7(trailTemplate({ CloudWatchLogsLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:destination:elsewhere' }, { resources: cisResources() }));
      expect(f.map((x) => x.id)).toEqual(['Hardened-LOG7[Unresolved::Properties.CloudWatchLogsLogGroupArn]']);
      expect(f[0].logicalId).toBe('Trail');
      expect(f[0].message).toContain('Trail');
    });

    test('a GetAtt of a custom resource is unresolved, not a group of its own', () => {
      const t = trailTemplate({ CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': ['Custom', 'Arn'] } }, { resources: cisResources({ Ref: 'Custom' }) }) as any;
      t.Resources.Custom = { Type: 'Custom::LogGroup', Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:f' } };
      expect(ids(t)).toEqual(['Hardened-LOG7[Unresolved::Properties.CloudWatchLogsLogGroupArn]']);
    });

    describe('an ARN built from the same parameters as the group\'s name finds that group', () => {
      const arnOf = (name: string, vars?: Record<string, unknown>) => {
        const text = `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${name}:*`;
        return { 'Fn::Sub': vars ? [text, vars] : text };
      };
      const named = (arn: unknown, groupName: unknown, parameters: Record<string, unknown> = { GroupName: PARAM }) => {
        const t = trailTemplate({ CloudWatchLogsLogGroupArn: arn }, { resources: cisResources(), parameters }) as any;
        t.Resources.Logs.Properties.LogGroupName = groupName;
        return t;
      };

      test('a parameter: filters on a Ref to the group count', () => {
        expect(ids(named(arnOf('${GroupName}'), { Ref: 'GroupName' }))).toEqual([]);
      });

      test('a parameter and the stack name in one Fn::Sub', () => {
        const name = { 'Fn::Sub': '${AWS::StackName}-${GroupName}' };
        expect(ids(named(arnOf('${AWS::StackName}-${GroupName}'), name))).toEqual([]);
      });

      test('another parameter names another group: the filters on this one do not count', () => {
        const t = named(arnOf('${OtherName}'), { Ref: 'GroupName' }, { GroupName: PARAM, OtherName: PARAM });
        expect(ids(t)).toEqual([`Hardened-LOG7[Missing::${ALL_IDS}]`]);
      });

      test('two imports look alike but may differ: the filters on the group do not count', () => {
        const t = named(arnOf('${Name}', { Name: { 'Fn::ImportValue': 'TrailGroupName' } }), {
          'Fn::Sub': ['${Name}', { Name: { 'Fn::ImportValue': 'SomeOtherGroupName' } }],
        });
        expect(ids(t)).toEqual([`Hardened-LOG7[Missing::${ALL_IDS}]`]);
      });
    });

    test('with no filters at all, the missing finding names every event', () => {
      expect(ids(trailTemplate())).toEqual([`Hardened-LOG7[Missing::${ALL_IDS}]`]);
    });
  });
});
