import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Finding } from '../../src/checklist/engine';
import { isCdkInternal } from '../../src/checklist/rules/logging/cdk-internal';
import { TrailRequirement } from '../../src/checklist/severity';
import { HardenedVpc, HardenedVpcProps } from '../../src/constructs/hardened-vpc';
import { LockedDownSecurityGroup } from '../../src/constructs/locked-down-security-group';
import { SecureBucket } from '../../src/constructs/secure-bucket';
import { checkStack, findingsOf, newStack } from '../checklist/helpers';

function vpcStack(props: HardenedVpcProps = {}): { stack: Stack; vpc: HardenedVpc; template: Template } {
  const stack = newStack();
  const vpc = new HardenedVpc(stack, 'Vpc', props);
  return { stack, vpc, template: Template.fromStack(stack) };
}

/** Unacknowledged findings, split into those on CDK's own provider resources and the rest. */
function unacknowledged(stack: Stack): { internal: Finding[]; others: Finding[] } {
  const findings = checkStack(stack, { trail: TrailRequirement.OFF }).filter((f) => !f.acknowledged);
  const internal = findings.filter((f) => f.resource !== undefined && isCdkInternal(f.resource));
  return { internal, others: findings.filter((f) => !internal.includes(f)) };
}

function nagErrors(scope: Stack | App): string[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations
    .filter((v) => v.severity === 'error')
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`));
}

describe('HardenedVpc: default security group (NET5)', () => {
  test('restricts the default security group', () => {
    const { stack, vpc, template } = vpcStack();
    template.hasResourceProperties('Custom::VpcRestrictDefaultSG', {
      DefaultSecurityGroupId: stack.resolve(vpc.vpcDefaultSecurityGroup),
    });
  });

  test('gives the default-security-group provider function a log group kept one year (LOG6)', () => {
    const { stack, template } = vpcStack();
    const fn = Object.values(template.findResources('AWS::Lambda::Function')) as any[];
    expect(fn).toHaveLength(1);
    const groupRef = fn[0].Properties.LoggingConfig.LogGroup;
    expect(groupRef).toEqual({ Ref: expect.stringMatching(/^CustomVpcRestrictDefaultSGCustomResourceProviderHardenedLogGroup/) });
    expect(template.toJSON().Resources[groupRef.Ref].Properties).toEqual({ RetentionInDays: 365 });
    expect(findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'LOG6')).toEqual([]);
  });

  test('two HardenedVpcs in a stack share the provider and its one log group', () => {
    const stack = newStack();
    new HardenedVpc(stack, 'A');
    new HardenedVpc(stack, 'B');
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::VpcRestrictDefaultSG', 2);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) => id.includes('HardenedLogGroup'))).toHaveLength(1);
  });
});

describe('HardenedVpc: flow log (NET7)', () => {
  test('records all traffic to CloudWatch Logs by default', () => {
    const { stack, vpc, template } = vpcStack();
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceId: stack.resolve(vpc.vpcId),
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: stack.resolve(vpc.flowLogGroup!.logGroupName),
    });
    expect(vpc.flowLogBucket).toBeUndefined();
  });

  test('keeps flow logs one year by default, and retains the log group', () => {
    const { stack, vpc, template } = vpcStack();
    const id = stack.resolve(vpc.flowLogGroup!.logGroupName).Ref;
    expect(template.toJSON().Resources[id]).toMatchObject({ Properties: { RetentionInDays: 365 }, DeletionPolicy: 'Retain' });
  });

  test('honours flowLogRetention', () => {
    const { template } = vpcStack({ flowLogRetention: logs.RetentionDays.TEN_YEARS });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 3653 });
  });

  test('the flow log role can only be assumed by VPC Flow Logs for this account', () => {
    const { template } = vpcStack();
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:123456789012:vpc-flow-log/*']] } },
            },
          },
        ],
      },
    });
  });

  test('the flow log role may only write to its log group', () => {
    const { stack, vpc, template } = vpcStack();
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as any[];
    expect(policies).toHaveLength(1);
    expect(policies[0].Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        Resource: stack.resolve(vpc.flowLogGroup!.logGroupArn),
      },
    ]);
  });

  test('delivers to a new SecureBucket when flowLogDestinationType is S3, expiring logs after the retention', () => {
    const { stack, vpc, template } = vpcStack({ flowLogDestinationType: ec2.FlowLogDestinationType.S3 });
    expect(vpc.flowLogBucket).toBeInstanceOf(SecureBucket);
    expect(vpc.flowLogGroup).toBeUndefined();
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      TrafficType: 'ALL',
      LogDestinationType: 's3',
      LogDestination: stack.resolve(vpc.flowLogBucket!.bucketArn),
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 365, Status: 'Enabled' })] },
    });
    expect(JSON.stringify(template.findResources('AWS::IAM::Role'))).not.toContain('vpc-flow-logs.amazonaws.com');
  });

  test('lets only log delivery for this account write flow logs into the bucket', () => {
    const { stack, vpc, template } = vpcStack({ flowLogDestinationType: ec2.FlowLogDestinationType.S3 });
    const sourceArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:123456789012:*']] };
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: stack.resolve(vpc.flowLogBucket!.bucketName),
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'AWSLogDeliveryWrite',
            Effect: 'Allow',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: stack.resolve(vpc.flowLogBucket!.arnForObjects('AWSLogs/123456789012/*')),
            Condition: {
              StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': '123456789012' },
              ArnLike: { 'aws:SourceArn': sourceArn },
            },
          },
          {
            Sid: 'AWSLogDeliveryAclCheck',
            Effect: 'Allow',
            Principal: { Service: 'delivery.logs.amazonaws.com' },
            Action: ['s3:GetBucketAcl', 's3:ListBucket'],
            Resource: stack.resolve(vpc.flowLogBucket!.bucketArn),
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': sourceArn } },
          },
        ]),
      },
    });
  });

  test('delivers to a given flowLogBucket (S3 implied)', () => {
    const stack = newStack();
    const bucket = new SecureBucket(stack, 'Logs');
    const vpc = new HardenedVpc(stack, 'Vpc', { flowLogBucket: bucket });
    expect(vpc.flowLogBucket).toBe(bucket);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', { LogDestinationType: 's3', LogDestination: stack.resolve(bucket.bucketArn) });
  });
});

describe('HardenedVpc: subnets', () => {
  test('has only isolated subnets, no internet gateway and no NAT by default', () => {
    const { vpc, template } = vpcStack();
    expect(vpc.publicSubnets).toHaveLength(0);
    expect(vpc.privateSubnets).toHaveLength(0);
    expect(vpc.isolatedSubnets.length).toBeGreaterThan(0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::Route', 0);
  });

  test('allowPublicSubnets adds public subnets that do not assign public IPv4 addresses, and keeps the others isolated', () => {
    const { vpc, template } = vpcStack({ allowPublicSubnets: true });
    expect(vpc.publicSubnets.length).toBeGreaterThan(0);
    expect(vpc.isolatedSubnets.length).toBeGreaterThan(0);
    expect(vpc.privateSubnets).toHaveLength(0);
    template.resourceCountIs('AWS::EC2::InternetGateway', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
  });

  test('NAT (natGateways with allowPublicSubnets) gives PRIVATE_WITH_EGRESS subnets', () => {
    const { vpc, template } = vpcStack({ allowPublicSubnets: true, natGateways: 1 });
    expect(vpc.privateSubnets.length).toBeGreaterThan(0);
    expect(vpc.isolatedSubnets).toHaveLength(0);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
  });

  test('public subnets of a subnetConfiguration do not assign public IPv4 addresses unless they say so', () => {
    const { template } = vpcStack({
      allowPublicSubnets: true,
      subnetConfiguration: [
        { name: 'Web', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'Data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
  });
});

describe('HardenedVpc: refusals', () => {
  const construct = (props: HardenedVpcProps) => () => new HardenedVpc(newStack(), 'Vpc', props);

  test('fails on natGateways without allowPublicSubnets, naming the fix', () => {
    expect(construct({ natGateways: 1 })).toThrow(
      /vpc TestStack\/Vpc: natGateways: 1 needs public subnets for the NAT gateways.*unless allowPublicSubnets is true\. Fix: set allowPublicSubnets: true as well, or keep natGateways at 0/,
    );
  });

  test('fails on a PUBLIC subnet group without allowPublicSubnets', () => {
    expect(construct({ subnetConfiguration: [{ name: 'Web', subnetType: ec2.SubnetType.PUBLIC }] })).toThrow(
      /subnetConfiguration has the PUBLIC subnet group\(s\) 'Web'.*Fix: use PRIVATE_ISOLATED/,
    );
  });

  test('fails on Firehose flow logs', () => {
    expect(construct({ flowLogDestinationType: ec2.FlowLogDestinationType.KINESIS_DATA_FIREHOSE })).toThrow(
      /flowLogDestinationType: kinesis-data-firehose is not supported by HardenedVpc\. Fix: use CLOUD_WATCH_LOGS/,
    );
  });

  test('fails on flow logs kept forever in CloudWatch Logs (LOG6)', () => {
    expect(construct({ flowLogRetention: logs.RetentionDays.INFINITE })).toThrow(
      /flowLogRetention: INFINITE keeps flow logs forever: log groups must have a retention period \(Hardened-LOG6\)\. Fix: choose a finite retention/,
    );
  });

  test('fails on a flowLogBucket with CloudWatch Logs delivery', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Logs');
    expect(() => new HardenedVpc(stack, 'Vpc', { flowLogBucket: bucket, flowLogDestinationType: ec2.FlowLogDestinationType.CLOUD_WATCH_LOGS })).toThrow(
      /flowLogBucket is set but flowLogDestinationType is cloud-watch-logs\. Fix: /,
    );
  });

  test('fails on flowLogRetention with a given flowLogBucket', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Logs');
    expect(() => new HardenedVpc(stack, 'Vpc', { flowLogBucket: bucket, flowLogRetention: logs.RetentionDays.ONE_MONTH })).toThrow(
      /flowLogRetention applies to the bucket this construct creates, not to flowLogBucket\. Fix: /,
    );
  });
});

describe('HardenedVpc: the hardened guarantee', () => {
  test('has zero unacknowledged checklist findings with its defaults (CDK-internal resources: warnings only)', () => {
    const { stack } = vpcStack();
    const { internal, others } = unacknowledged(stack);
    expect(others.map((f) => `${f.id} ${f.logicalId}`)).toEqual([]);
    expect(internal.filter((f) => f.severity !== 'warning').map((f) => f.id)).toEqual([]);
  });

  test('has zero unacknowledged checklist findings with S3 flow logs', () => {
    const { stack } = vpcStack({ flowLogDestinationType: ec2.FlowLogDestinationType.S3 });
    const { internal, others } = unacknowledged(stack);
    expect(others.map((f) => `${f.id} ${f.logicalId}`)).toEqual([]);
    expect(internal.filter((f) => f.severity !== 'warning').map((f) => f.id)).toEqual([]);
  });

  test('a stack of a HardenedVpc, a LockedDownSecurityGroup and a SecureBucket with defaults has zero unacknowledged findings', () => {
    const stack = newStack();
    const vpc = new HardenedVpc(stack, 'Vpc');
    new LockedDownSecurityGroup(stack, 'Sg', { vpc });
    new SecureBucket(stack, 'Bucket');
    const { internal, others } = unacknowledged(stack);
    expect(others.map((f) => `${f.id} ${f.logicalId}`)).toEqual([]);
    expect(internal.filter((f) => f.severity !== 'warning').map((f) => f.id)).toEqual([]);
  });

  test('the same stack has zero unacknowledged cdk-nag AwsSolutions errors', () => {
    const stack = newStack();
    const vpc = new HardenedVpc(stack, 'Vpc');
    new LockedDownSecurityGroup(stack, 'Sg', { vpc });
    new SecureBucket(stack, 'Bucket');
    new HardenedVpc(stack, 'S3Vpc', { flowLogDestinationType: ec2.FlowLogDestinationType.S3 });
    expect(nagErrors(stack)).toEqual([]);
  });

  test('is an ec2.Vpc, usable wherever IVpc is', () => {
    const { vpc } = vpcStack();
    expect(vpc).toBeInstanceOf(ec2.Vpc);
  });
});
