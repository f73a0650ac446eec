import { Fn } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as logs from 'aws-cdk-lib/aws-logs';
import { trailTemplate } from './fixtures';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

describe('LOG4 trail delivers to CloudWatch Logs', () => {
  test('fails on a cloudtrail.Trail with CDK defaults, on the trail', () => {
    const stack = newStack();
    new cloudtrail.Trail(stack, 'Trail');
    const findings = checkStack(stack);
    expect(idsOf(findings, 'LOG4')).toEqual(['Hardened-LOG4']);
    const f = findingsOf(findings, 'LOG4')[0];
    expect(f.path).toBe('TestStack/Trail/Resource');
    expect(f.message).toContain('no CloudWatchLogsLogGroupArn and no CloudWatchLogsRoleArn');
  });

  test('passes with sendToCloudWatchLogs', () => {
    const stack = newStack();
    new cloudtrail.Trail(stack, 'Trail', { sendToCloudWatchLogs: true });
    expect(idsOf(checkStack(stack), 'LOG4')).toEqual([]);
  });

  test('fails on a raw trail with a log group but no role', () => {
    const findings = checkTemplate(trailTemplate({ CloudWatchLogsRoleArn: undefined }));
    expect(idsOf(findings, 'LOG4')).toEqual(['Hardened-LOG4']);
    expect(findingsOf(findings, 'LOG4')[0].message).toContain('no CloudWatchLogsRoleArn');
  });

  test('passes on a raw trail with both', () => {
    expect(idsOf(checkTemplate(trailTemplate()), 'LOG4')).toEqual([]);
  });

  describe('values unknown at synth time', () => {
    test('is unresolved when the log group ARN is a parameter without allowed values', () => {
      const t = trailTemplate({ CloudWatchLogsLogGroupArn: { Ref: 'GroupArn' } }, { parameters: { GroupArn: { Type: 'String' } } });
      expect(idsOf(checkTemplate(t), 'LOG4')).toEqual(['Hardened-LOG4[Unresolved::Properties.CloudWatchLogsLogGroupArn]']);
    });

    test('passes when the parameter allows only ARNs, fires when it allows an empty value', () => {
      const arn = 'arn:aws:logs:us-east-1:123456789012:log-group:trail:*';
      const ok = trailTemplate({ CloudWatchLogsLogGroupArn: { Ref: 'G' } }, { parameters: { G: { Type: 'String', AllowedValues: [arn] } } });
      expect(idsOf(checkTemplate(ok), 'LOG4')).toEqual([]);
      const bad = trailTemplate({ CloudWatchLogsLogGroupArn: { Ref: 'G' } }, { parameters: { G: { Type: 'String', AllowedValues: [arn, ''] } } });
      expect(idsOf(checkTemplate(bad), 'LOG4')).toEqual(['Hardened-LOG4']);
    });

    test('fires when an Fn::If branch drops the delivery', () => {
      const t = trailTemplate(
        { CloudWatchLogsLogGroupArn: { 'Fn::If': ['C', { 'Fn::GetAtt': ['Logs', 'Arn'] }, { Ref: 'AWS::NoValue' }] } },
        { conditions: { C: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } } },
      );
      expect(idsOf(checkTemplate(t), 'LOG4')).toEqual(['Hardened-LOG4']);
    });

    test('passes when a CDK trail delivers to an imported log group (the ARN is known to be set)', () => {
      const stack = newStack();
      new cloudtrail.Trail(stack, 'Trail', {
        sendToCloudWatchLogs: true,
        cloudWatchLogGroup: logs.LogGroup.fromLogGroupArn(stack, 'Group', Fn.importValue('TrailLogGroupArn')),
      });
      expect(idsOf(checkStack(stack), 'LOG4')).toEqual([]);
    });

    test('is unresolved when the log group ARN is wholly imported', () => {
      const stack = newStack();
      const trail = new cloudtrail.Trail(stack, 'Trail', { sendToCloudWatchLogs: true });
      (trail.node.defaultChild as cloudtrail.CfnTrail).cloudWatchLogsLogGroupArn = Fn.importValue('TrailLogGroupArn');
      expect(idsOf(checkStack(stack), 'LOG4')).toEqual(['Hardened-LOG4[Unresolved::Properties.CloudWatchLogsLogGroupArn]']);
    });
  });
});
