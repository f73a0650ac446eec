import { Fn } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const code = lambda.Code.fromInline('exports.handler = async () => {};');
const fnProps = { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code };

/** A raw function `Fn` plus the given resources. */
function withFunction(resources: Record<string, unknown>, fnExtra: Record<string, unknown> = {}, parameters?: Record<string, unknown>) {
  return {
    Parameters: parameters,
    Conditions: { C: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
    Resources: {
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/r', Code: { ZipFile: 'x' }, ...fnExtra } },
      ...resources,
    },
  };
}

describe('LOG6 log retention', () => {
  describe('log groups', () => {
    test('fails on a logs.LogGroup with retention INFINITE, on the log group', () => {
      const stack = newStack();
      new logs.LogGroup(stack, 'Group', { retention: logs.RetentionDays.INFINITE });
      const findings = checkStack(stack);
      expect(idsOf(findings, 'LOG6')).toEqual(['Hardened-LOG6']);
      expect(findingsOf(findings, 'LOG6')[0].path).toBe('TestStack/Group/Resource');
    });

    test('passes on a logs.LogGroup with a retention period', () => {
      const stack = newStack();
      new logs.LogGroup(stack, 'Group', { retention: logs.RetentionDays.ONE_YEAR });
      expect(idsOf(checkStack(stack), 'LOG6')).toEqual([]);
    });

    test('fails on a raw log group without RetentionInDays', () => {
      const findings = checkTemplate({ Resources: { Group: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'app' } } } });
      expect(idsOf(findings, 'LOG6')).toEqual(['Hardened-LOG6']);
      expect(findingsOf(findings, 'LOG6')[0].logicalId).toBe('Group');
    });
  });

  describe('functions', () => {
    test('fails on a lambda.Function without a log group, on the function', () => {
      const stack = newStack();
      new lambda.Function(stack, 'Fn', fnProps);
      const findings = checkStack(stack);
      expect(idsOf(findings, 'LOG6')).toEqual(['Hardened-LOG6']);
      expect(findingsOf(findings, 'LOG6')[0].path).toBe('TestStack/Fn/Resource');
      expect(findingsOf(findings, 'LOG6')[0].message).toContain('has no explicit log group');
    });

    test('passes on a lambda.Function with logGroup: a LogGroup with retention', () => {
      const stack = newStack();
      new lambda.Function(stack, 'Fn', { ...fnProps, logGroup: new logs.LogGroup(stack, 'FnLogs', { retention: logs.RetentionDays.ONE_MONTH }) });
      expect(idsOf(checkStack(stack), 'LOG6')).toEqual([]);
    });

    test('fails on both the function and its log group when the group keeps logs forever', () => {
      const stack = newStack();
      new lambda.Function(stack, 'Fn', { ...fnProps, logGroup: new logs.LogGroup(stack, 'FnLogs', { retention: logs.RetentionDays.INFINITE }) });
      const findings = findingsOf(checkStack(stack), 'LOG6');
      expect(findings.map((f) => f.path).sort()).toEqual(['TestStack/Fn/Resource', 'TestStack/FnLogs/Resource']);
    });

    test('passes on a function with logRetention; the CDK log retention provider is reported as CdkInternal', () => {
      const stack = newStack();
      new lambda.Function(stack, 'Fn', { ...fnProps, logRetention: logs.RetentionDays.ONE_WEEK });
      const findings = findingsOf(checkStack(stack), 'LOG6');
      expect(findings.map((f) => f.id)).toEqual(['Hardened-LOG6[CdkInternal]']);
      expect(findings[0].path).toMatch(/^TestStack\/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a\//);
    });

    test('passes on a raw function with a /aws/lambda/ group built with Fn::Sub or Fn::Join', () => {
      const sub = withFunction({ Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { 'Fn::Sub': '/aws/lambda/${Fn}' }, RetentionInDays: 30 } } });
      expect(idsOf(checkTemplate(sub), 'LOG6')).toEqual([]);
      const join = withFunction({
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { 'Fn::Join': ['', ['/aws/lambda/', { Ref: 'Fn' }]] }, RetentionInDays: '30' } },
      });
      expect(idsOf(checkTemplate(join), 'LOG6')).toEqual([]);
    });

    test('passes on a raw function with a literal name and a group of the same name', () => {
      const t = withFunction({ Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/aws/lambda/orders', RetentionInDays: 30 } } }, { FunctionName: 'orders' });
      expect(idsOf(checkTemplate(t), 'LOG6')).toEqual([]);
    });

    test('fails on a raw function whose group is for another function', () => {
      const t = withFunction({ Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/aws/lambda/other', RetentionInDays: 30 } } }, { FunctionName: 'orders' });
      const findings = checkTemplate(t);
      expect(idsOf(findings, 'LOG6')).toEqual(['Hardened-LOG6']);
      expect(findingsOf(findings, 'LOG6')[0].logicalId).toBe('Fn');
    });

    test('judges a SAM function the same way', () => {
      const sam = (withGroup: boolean) => ({
        Transform: 'AWS::Serverless-2016-10-31',
        Resources: {
          Api: { Type: 'AWS::Serverless::Function', Properties: { Runtime: 'python3.12', Handler: 'app.handler', CodeUri: 'src/' } },
          ...(withGroup ? { ApiLogs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { 'Fn::Sub': '/aws/lambda/${Api}' }, RetentionInDays: 14 } } } : {}),
        },
      });
      expect(idsOf(checkTemplate(sam(false)), 'LOG6')).toEqual(['Hardened-LOG6']);
      expect(idsOf(checkTemplate(sam(true)), 'LOG6')).toEqual([]);
    });

    test('is unresolved when LoggingConfig names a log group outside the template', () => {
      const findings = checkTemplate(withFunction({}, { LoggingConfig: { LogGroup: 'shared-lambda-logs' } }));
      expect(idsOf(findings, 'LOG6')).toEqual(['Hardened-LOG6[Unresolved::Properties.LoggingConfig.LogGroup]']);
    });
  });

  describe('values unknown at synth time', () => {
    const group = (retention: unknown) => ({ Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: retention } } });

    test('is unresolved on the group and its function when the retention is a parameter without allowed values', () => {
      const t = withFunction(group({ Ref: 'Days' }), { LoggingConfig: { LogGroup: { Ref: 'Logs' } } }, { Days: { Type: 'Number' } });
      const findings = findingsOf(checkTemplate(t), 'LOG6');
      expect(findings.map((f) => `${f.logicalId} ${f.id}`).sort()).toEqual([
        'Fn Hardened-LOG6[Unresolved::Properties.LoggingConfig]',
        'Logs Hardened-LOG6[Unresolved::Properties.RetentionInDays]',
      ]);
    });

    test('passes when the retention parameter has allowed values', () => {
      const t = withFunction(group({ Ref: 'Days' }), { LoggingConfig: { LogGroup: { Ref: 'Logs' } } }, { Days: { Type: 'Number', AllowedValues: [30, 365] } });
      expect(idsOf(checkTemplate(t), 'LOG6')).toEqual([]);
    });

    test('fires on both when an Fn::If branch removes the retention', () => {
      const t = withFunction(group({ 'Fn::If': ['C', 30, { Ref: 'AWS::NoValue' }] }), { LoggingConfig: { LogGroup: { Ref: 'Logs' } } });
      expect(findingsOf(checkTemplate(t), 'LOG6').map((f) => `${f.logicalId} ${f.id}`).sort()).toEqual(['Fn Hardened-LOG6', 'Logs Hardened-LOG6']);
    });

    test('is unresolved when the function logs to an imported group, in CDK too', () => {
      expect(idsOf(checkTemplate(withFunction({}, { LoggingConfig: { LogGroup: { 'Fn::ImportValue': 'Group' } } })), 'LOG6')).toEqual([
        'Hardened-LOG6[Unresolved::Properties.LoggingConfig.LogGroup]',
      ]);
      const stack = newStack();
      new lambda.Function(stack, 'Fn', { ...fnProps, logGroup: logs.LogGroup.fromLogGroupName(stack, 'Shared', Fn.importValue('SharedLogGroup')) });
      expect(idsOf(checkStack(stack), 'LOG6')).toEqual(['Hardened-LOG6[Unresolved::Properties.LoggingConfig.LogGroup]']);
    });
  });
});
