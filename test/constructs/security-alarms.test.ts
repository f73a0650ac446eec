import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TrailRequirement } from '../../src/checklist/severity';
import { SecurityAlarms, SecurityAlarmsProps } from '../../src/constructs/security-alarms';
import { checkStack, findingsOf, newStack } from '../checklist/helpers';

/**
 * The filter patterns of the CIS AWS Foundations Benchmark v3.0.0, recommendations
 * 4.1-4.15, as the benchmark's remediation gives them (written out here, not read from
 * the source, so a change to the shared list shows up as a failing test).
 */
const BENCHMARK: ReadonlyArray<[string, string, string]> = [
  ['4.1', 'UnauthorizedApiCalls', '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }'],
  ['4.2', 'ConsoleSignInWithoutMfa', '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'],
  ['4.3', 'RootAccountUsage', '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'],
  ['4.4', 'IamPolicyChanges', '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}'],
  ['4.5', 'CloudTrailConfigChanges', '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }'],
  ['4.6', 'ConsoleAuthenticationFailures', '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'],
  ['4.7', 'CmkDisableOrDeletion', '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }'],
  ['4.8', 'S3BucketPolicyChanges', '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }'],
  ['4.9', 'ConfigChanges', '{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel) ||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }'],
  ['4.10', 'SecurityGroupChanges', '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }'],
  ['4.11', 'NaclChanges', '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }'],
  ['4.12', 'NetworkGatewayChanges', '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }'],
  ['4.13', 'RouteTableChanges', '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }'],
  ['4.14', 'VpcChanges', '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }'],
  ['4.15', 'OrganizationsChanges', '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }'],
];

interface AlarmsStack {
  readonly stack: Stack;
  readonly alarms: SecurityAlarms;
  readonly logGroup: logs.LogGroup;
}

function stackWithAlarms(props: Partial<SecurityAlarmsProps> = {}): AlarmsStack {
  const stack = newStack();
  const logGroup = new logs.LogGroup(stack, 'TrailLogs', { retention: logs.RetentionDays.ONE_YEAR });
  const alarms = new SecurityAlarms(stack, 'Alarms', { logGroup, ...props });
  return { stack, alarms, logGroup };
}

function resourcesOf(template: Template, type: string): Array<[string, any]> {
  return Object.entries(template.findResources(type));
}

describe('SecurityAlarms: CIS AWS Foundations Benchmark v3.0 4.1-4.15', () => {
  test('creates exactly one metric filter and one alarm per CIS monitoring recommendation', () => {
    const { stack } = stackWithAlarms();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::MetricFilter', 15);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 15);
  });

  test.each(BENCHMARK)('CIS %s (%s): the metric filter uses the benchmark pattern on the log group', (_control, metricName, pattern) => {
    const { stack, logGroup } = stackWithAlarms();
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: pattern,
      LogGroupName: stack.resolve(logGroup.logGroupName),
      MetricTransformations: [{ MetricName: metricName, MetricNamespace: 'CISBenchmark', MetricValue: '1' }],
    });
  });

  test.each(BENCHMARK)('CIS %s (%s): an alarm on the filter metric notifies the topic on the first event', (control, metricName, pattern) => {
    const { stack, alarms } = stackWithAlarms();
    const template = Template.fromStack(stack);
    const filter = resourcesOf(template, 'AWS::Logs::MetricFilter').find(([, r]) => r.Properties.FilterPattern === pattern);
    expect(filter).toBeDefined();
    const transformation = filter![1].Properties.MetricTransformations[0];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: transformation.MetricName,
      Namespace: transformation.MetricNamespace,
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [stack.resolve(alarms.topic.topicArn)],
      AlarmDescription: Match.stringLikeRegexp(`CIS AWS Foundations Benchmark v3\\.0 ${control.replace('.', '\\.')}\\b`),
    });
    expect(transformation.MetricName).toEqual(metricName);
  });

  test('names the Security Hub control in the alarm description (root usage is CloudWatch.1)', () => {
    const { stack } = stackWithAlarms();
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'RootAccountUsage',
      AlarmDescription: Match.stringLikeRegexp('Security Hub CloudWatch\\.1\\)'),
    });
  });

  test('exposes the filters and alarms in benchmark order', () => {
    const { alarms } = stackWithAlarms();
    expect(alarms.metricFilters).toHaveLength(15);
    expect(alarms.alarms).toHaveLength(15);
    expect(alarms.metricFilters[0].node.id).toEqual('UnauthorizedApiCalls');
    expect(alarms.metricFilters[14].node.id).toEqual('OrganizationsChanges');
  });
});

describe('SecurityAlarms: the alarm topic', () => {
  test('encrypts the topic with a customer managed KMS key that rotates', () => {
    const { stack, alarms } = stackWithAlarms();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: stack.resolve(alarms.topicEncryptionKey!.keyArn),
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  test('lets cloudwatch.amazonaws.com use the topic key only for alarms of this account', () => {
    const { stack } = stackWithAlarms();
    Template.fromStack(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:us-east-1:123456789012:alarm:*']] } },
            },
          }),
        ]),
      }),
    });
  });

  test('passes TLS7: the topic policy denies publishing when aws:SecureTransport is false', () => {
    const { stack, alarms } = stackWithAlarms();
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Resource: stack.resolve(alarms.topic.topicArn),
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      }),
    });
  });

  test('lets CloudWatch alarms of this account publish to the topic', () => {
    const { stack, alarms } = stackWithAlarms();
    Template.fromStack(stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: stack.resolve(alarms.topic.topicArn),
            Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': '123456789012' } }),
          }),
        ]),
      }),
    });
  });

  test('uses the key you pass for the topic it creates, and adds the CloudWatch statement to it', () => {
    const stack = newStack();
    const logGroup = new logs.LogGroup(stack, 'TrailLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    new SecurityAlarms(stack, 'Alarms', { logGroup, topicEncryptionKey: key });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: stack.resolve(key.keyArn) });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' } })]),
      }),
    });
  });

  test('sends the alarms to the topic you pass, and creates no topic or key', () => {
    const stack = newStack();
    const logGroup = new logs.LogGroup(stack, 'TrailLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const topic = sns.Topic.fromTopicArn(stack, 'Existing', 'arn:aws:sns:us-east-1:123456789012:security-alerts');
    const alarms = new SecurityAlarms(stack, 'Alarms', { logGroup, topic });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: ['arn:aws:sns:us-east-1:123456789012:security-alerts'] });
    expect(alarms.topicEncryptionKey).toBeUndefined();
  });

  test('subscribes the email addresses you pass', () => {
    const { stack, alarms } = stackWithAlarms({ emailSubscribers: ['security@example.com', 'oncall@example.com'] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'security@example.com',
      TopicArn: stack.resolve(alarms.topic.topicArn),
    });
  });
});

describe('SecurityAlarms: options', () => {
  test('publishes the metrics in the namespace you choose', () => {
    const { stack } = stackWithAlarms({ metricNamespace: 'Security/CIS' });
    const template = Template.fromStack(stack);
    template.allResourcesProperties('AWS::CloudWatch::Alarm', { Namespace: 'Security/CIS' });
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      MetricTransformations: [Match.objectLike({ MetricNamespace: 'Security/CIS' })],
    });
  });

  test('sums over the period you choose', () => {
    const { stack } = stackWithAlarms({ period: Duration.minutes(1) });
    Template.fromStack(stack).allResourcesProperties('AWS::CloudWatch::Alarm', { Period: 60 });
  });

  test('works on an imported log group (a trail defined in another stack)', () => {
    const stack = newStack();
    const logGroup = logs.LogGroup.fromLogGroupName(stack, 'Imported', 'org-trail-logs');
    new SecurityAlarms(stack, 'Alarms', { logGroup });
    Template.fromStack(stack).allResourcesProperties('AWS::Logs::MetricFilter', { LogGroupName: 'org-trail-logs' });
  });

  test('refuses an invalid metric namespace, naming the prop and the fix', () => {
    const stack = newStack();
    const logGroup = new logs.LogGroup(stack, 'TrailLogs', { retention: logs.RetentionDays.ONE_YEAR });
    expect(() => new SecurityAlarms(stack, 'Alarms', { logGroup, metricNamespace: 'CIS Benchmark!' })).toThrow(
      /metricNamespace 'CIS Benchmark!' is not a valid CloudWatch namespace.*CISBenchmark/,
    );
  });

  test('refuses a period that is not a whole number of minutes', () => {
    const stack = newStack();
    const logGroup = new logs.LogGroup(stack, 'TrailLogs', { retention: logs.RetentionDays.ONE_YEAR });
    expect(() => new SecurityAlarms(stack, 'Alarms', { logGroup, period: Duration.seconds(90) })).toThrow(
      /period 1 minute 30 seconds is not a whole number of minutes.*Duration\.minutes\(5\)/,
    );
  });

  test('refuses a subscriber that is not an email address', () => {
    const stack = newStack();
    const logGroup = new logs.LogGroup(stack, 'TrailLogs', { retention: logs.RetentionDays.ONE_YEAR });
    expect(() => new SecurityAlarms(stack, 'Alarms', { logGroup, emailSubscribers: ['security-team'] })).toThrow(
      /emailSubscribers holds 'security-team', which is not an email address/,
    );
  });
});

describe('SecurityAlarms: checklist and cdk-nag', () => {
  test('a stack of SecurityAlarms on a log group has zero unacknowledged checklist findings', () => {
    const { stack } = stackWithAlarms();
    expect(checkStack(stack, { trail: TrailRequirement.OFF }).filter((f) => !f.acknowledged)).toEqual([]);
  });

  test('passes LOG7 for a trail defined with plain aws-cdk-lib when added on its log group', () => {
    const stack = newStack();
    const logGroup = new logs.LogGroup(stack, 'TrailLogs', { retention: logs.RetentionDays.ONE_YEAR });
    new cloudtrail.Trail(stack, 'Trail', {
      bucket: new s3.Bucket(stack, 'TrailBucket'),
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: logGroup,
      managementEvents: cloudtrail.ReadWriteType.ALL,
    });
    new SecurityAlarms(stack, 'Alarms', { logGroup });
    expect(findingsOf(checkStack(stack), 'LOG7')).toEqual([]);
  });

  test('LOG7 fires for the same trail without SecurityAlarms (the rule sees what the construct adds)', () => {
    const stack = newStack();
    const logGroup = new logs.LogGroup(stack, 'TrailLogs', { retention: logs.RetentionDays.ONE_YEAR });
    new cloudtrail.Trail(stack, 'Trail', {
      bucket: new s3.Bucket(stack, 'TrailBucket'),
      sendToCloudWatchLogs: true,
      cloudWatchLogGroup: logGroup,
      managementEvents: cloudtrail.ReadWriteType.ALL,
    });
    expect(findingsOf(checkStack(stack), 'LOG7')).toHaveLength(1);
  });

  test('has zero unacknowledged cdk-nag AwsSolutions errors', () => {
    const { stack } = stackWithAlarms();
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.filter((v) => v.severity === 'error').map((v) => v.ruleName)).toEqual([]);
  });
});
