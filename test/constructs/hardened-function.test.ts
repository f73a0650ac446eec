import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { isWildcardOnlyAction } from '../../src/checklist/rules/iam/action-catalog';
import { SecurityChecklist } from '../../src/checklist/security-checklist';
import { TrailRequirement } from '../../src/checklist/severity';
import { HardenedFunction, HardenedFunctionProps } from '../../src/constructs/hardened-function';
import { HardenedVpc } from '../../src/constructs/hardened-vpc';
import { LockedDownSecurityGroup } from '../../src/constructs/locked-down-security-group';
import { SecureBucket } from '../../src/constructs/secure-bucket';
import { SecureParameter } from '../../src/constructs/secure-parameter';
import { isAllResources } from '../../src/private/statement-judge';
import { checkStack, newStack } from '../checklist/helpers';

const basics: HardenedFunctionProps = {
  code: lambda.Code.fromInline('def handler(event, context):\n    return {}\n'),
  handler: 'index.handler',
  runtime: lambda.Runtime.PYTHON_3_14,
};

/** The function `Fn` (a stack may hold CDK's and SecureParameter's provider functions too). */
function fnResource(stack: Stack): any {
  const all = Object.entries(Template.fromStack(stack).findResources('AWS::Lambda::Function'))
    .filter(([id]) => id.startsWith('Fn'))
    .map(([, r]) => r);
  expect(all).toHaveLength(1);
  return all[0];
}

/** Every statement of the policies attached to roles whose logical ID starts with `rolePrefix`. */
function statementsOf(stack: Stack, rolePrefix: string): Array<{ policy: string; statement: any }> {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  return Object.entries(policies)
    .filter(([, p]) => p.Properties.Roles.some((r: any) => r.Ref?.startsWith(rolePrefix)))
    .flatMap(([id, p]) => p.Properties.PolicyDocument.Statement.map((statement: any) => ({ policy: id, statement })));
}

const actionsOf = (stack: Stack, rolePrefix: string) => statementsOf(stack, rolePrefix).flatMap(({ statement }) => [statement.Action].flat());

function nagErrors(scope: Stack | App): string[] {
  return new AwsSolutionsChecks()
    .validateScope(scope)
    .violations.filter((v) => v.severity === 'error')
    .map((v) => `${v.ruleName} @ ${v.violatingResources.map((r: any) => r.constructPath).join(', ')}`);
}

/** The unacknowledged findings, as plain data (a finding's construct cannot be printed). */
const unacknowledged = (stack: Stack) =>
  checkStack(stack, { trail: TrailRequirement.OFF })
    .filter((f) => !f.acknowledged)
    .map((f) => ({ id: f.id, path: f.path, message: f.message }));

describe('role', () => {
  test('is its own, with no AWS managed policy', () => {
    const stack = newStack();
    new HardenedFunction(stack, 'Fn', basics);

    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
    expect(Object.keys(roles)).toHaveLength(1);
    const [role] = Object.values(roles);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
    ]);
    expect(fnResource(stack).Properties.Role).toEqual({ 'Fn::GetAtt': [Object.keys(roles)[0], 'Arn'] });
  });

  test('may write logs only to the function\'s own log group', () => {
    const stack = newStack();
    new HardenedFunction(stack, 'Fn', basics);

    const [logGroupId] = Object.keys(Template.fromStack(stack).findResources('AWS::Logs::LogGroup'));
    expect(statementsOf(stack, 'FnServiceRole').map((s) => s.statement)).toEqual([
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [logGroupId, 'Arn'] } },
    ]);
  });

  test('gets no X-Ray permission when tracing is off (the default)', () => {
    const stack = newStack();
    new HardenedFunction(stack, 'Fn', basics);

    expect(actionsOf(stack, 'FnServiceRole').filter((a) => a.startsWith('xray:'))).toEqual([]);
    expect(fnResource(stack).Properties.TracingConfig).toBeUndefined();
  });

  test('gets X-Ray write permissions on "*" (wildcard-only actions) when tracing is on', () => {
    const stack = newStack();
    new HardenedFunction(stack, 'Fn', { ...basics, tracing: lambda.Tracing.ACTIVE });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^FnWildcardOnlyPolicy'),
      PolicyDocument: { Statement: [{ Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Effect: 'Allow', Resource: '*' }] },
    });
    expect(fnResource(stack).Properties.TracingConfig).toEqual({ Mode: 'Active' });
  });

  test('gets no network interface permission outside a VPC', () => {
    const stack = newStack();
    new HardenedFunction(stack, 'Fn', basics);

    expect(actionsOf(stack, 'FnServiceRole').filter((a) => a.startsWith('ec2:'))).toEqual([]);
  });
});

describe('log group', () => {
  test('is explicit, kept one year by default, retained, and the function logs to it', () => {
    const stack = newStack();
    new HardenedFunction(stack, 'Fn', basics);

    const groups = Template.fromStack(stack).findResources('AWS::Logs::LogGroup');
    const [[id, group]] = Object.entries(groups);
    expect(group.Properties.RetentionInDays).toBe(365);
    expect(group.DeletionPolicy).toBe('Retain');
    expect(fnResource(stack).Properties.LoggingConfig).toEqual({ LogGroup: { Ref: id } });
  });

  test('takes a retention period and a KMS key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'LogKey', { enableKeyRotation: true });
    new HardenedFunction(stack, 'Fn', { ...basics, logRetention: logs.RetentionDays.THREE_MONTHS, logEncryptionKey: key });

    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: 90,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogKey'), 'Arn'] },
    });
  });
});

describe('in a VPC', () => {
  function vpcStack() {
    const stack = newStack();
    const vpc = new HardenedVpc(stack, 'Vpc', { maxAzs: 2 });
    return { stack, vpc };
  }

  test('gets a security group with no egress', () => {
    const { stack, vpc } = vpcStack();
    new HardenedFunction(stack, 'Fn', { ...basics, vpc });

    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Security group of Lambda function TestStack/Fn',
      SecurityGroupEgress: [{ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic', IpProtocol: 'icmp', FromPort: 252, ToPort: 86 }],
    });
    const [groupId] = Object.keys(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: 'Security group of Lambda function TestStack/Fn' } }));
    expect(fnResource(stack).Properties.VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [groupId, 'GroupId'] }]);
  });

  test('with allowAllOutbound, opens egress and leaves an acknowledgeable Hardened-NET4 warning', () => {
    const { stack, vpc } = vpcStack();
    new HardenedFunction(stack, 'Fn', { ...basics, vpc, allowAllOutbound: true });

    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Security group of Lambda function TestStack/Fn',
      SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: '-1' }],
    });
    Annotations.fromStack(stack).hasWarning('/TestStack/Fn/SecurityGroup', Match.stringLikeRegexp('allowAllOutbound'));
  });

  test('gets the describe permissions on "*" (wildcard-only) and the others scoped to the VPC', () => {
    const { stack, vpc } = vpcStack();
    new HardenedFunction(stack, 'Fn', { ...basics, vpc });

    const byPolicy = statementsOf(stack, 'FnServiceRole');
    const describe = byPolicy.find((s) => [s.statement.Action].flat().includes('ec2:DescribeNetworkInterfaces'))!;
    expect(describe.statement).toEqual({ Action: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'], Effect: 'Allow', Resource: '*' });

    const eni = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:123456789012:network-interface/*']] };
    const inVpc = {
      ArnEqualsIfExists: { 'ec2:Vpc': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-east-1:123456789012:vpc/', { Ref: Match.stringLikeRegexp('^Vpc') }]] } },
    };
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^FnVpcAccessPolicy'),
      PolicyDocument: {
        Statement: [
          {
            Action: 'ec2:CreateNetworkInterface',
            Effect: 'Allow',
            Condition: inVpc,
            Resource: [
              eni,
              { 'Fn::Join': ['', [Match.anyValue(), Match.anyValue(), ':ec2:us-east-1:123456789012:subnet/', { Ref: Match.stringLikeRegexp('^VpcIsolatedSubnet1') }]] },
              { 'Fn::Join': ['', [Match.anyValue(), Match.anyValue(), ':ec2:us-east-1:123456789012:subnet/', { Ref: Match.stringLikeRegexp('^VpcIsolatedSubnet2') }]] },
              {
                'Fn::Join': ['', [Match.anyValue(), Match.anyValue(), ':ec2:us-east-1:123456789012:security-group/', { 'Fn::GetAtt': [Match.stringLikeRegexp('^FnSecurityGroup'), 'GroupId'] }]],
              },
            ],
          },
          {
            Action: ['ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
            Effect: 'Allow',
            Condition: inVpc,
            Resource: eni,
          },
        ],
      },
    });
  });

  test('creates the function only after its network interface permissions, and deletes it before them', () => {
    const { stack, vpc } = vpcStack();
    new HardenedFunction(stack, 'Fn', { ...basics, vpc });

    const policyIds = Object.keys(Template.fromStack(stack).findResources('AWS::IAM::Policy')).filter((id) => /^Fn(VpcAccess|WildcardOnly)Policy/.test(id));
    expect(policyIds).toHaveLength(2);
    expect(fnResource(stack).DependsOn).toEqual(expect.arrayContaining(policyIds));
  });

  test('acknowledges the network-interface/* finding (Hardened-IAM2) on its VPC access policy only, with the reason', () => {
    const { stack, vpc } = vpcStack();
    new HardenedFunction(stack, 'Fn', { ...basics, vpc });

    const iam2 = checkStack(stack, { trail: TrailRequirement.OFF }).filter((f) => f.ruleId === 'IAM2');
    expect(iam2.map((f) => [f.path, f.acknowledged])).toEqual([['TestStack/Fn/VpcAccessPolicy/Resource', true]]);
    expect(iam2[0].acknowledgement?.reason).toContain('network-interface/*');
  });

  test('refuses allowAllOutbound outside a VPC', () => {
    expect(() => new HardenedFunction(newStack(), 'Fn', { ...basics, allowAllOutbound: false })).toThrow(
      /allowAllOutbound needs a vpc\. Fix: remove allowAllOutbound/,
    );
  });
});

describe('refusals', () => {
  test('refuses a deprecated runtime (Hardened-LMB1), naming the fix', () => {
    expect(() => new HardenedFunction(newStack(), 'Fn', { ...basics, runtime: lambda.Runtime.PYTHON_3_9 })).toThrow(
      /runtime python3\.9 was deprecated by AWS on 2025-12-15.*\(Hardened-LMB1\)\. Fix: use a supported runtime/,
    );
  });

  test('accepts a runtime AWS still supports', () => {
    const stack = newStack();
    new HardenedFunction(stack, 'Fn', { ...basics, runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>1') });

    expect(fnResource(stack).Properties.Runtime).toBe('nodejs22.x');
  });

  test('refuses a literal secret in an environment variable (Hardened-SEC1), pointing to SecureParameter', () => {
    expect(() => new HardenedFunction(newStack(), 'Fn', { ...basics, environment: { DB_PASSWORD: 'hunter2hunter2' } })).toThrow(
      /environment variable DB_PASSWORD has a secret-looking name \('password'\) and a literal value.*\(Hardened-SEC1\)\. Fix: store the secret in a SecureParameter and pass its name with fn\.readSecureParameter/,
    );
  });

  test('refuses a credential in any environment variable added later (Hardened-SEC1)', () => {
    const fn = new HardenedFunction(newStack(), 'Fn', basics);
    expect(() => fn.addEnvironment('GITHUB', 'ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ')).toThrow(/holds a GitHub token.*\(Hardened-SEC1\)/);
  });

  test('accepts a secret-looking variable that holds a parameter name, and plain settings', () => {
    const stack = newStack();
    new HardenedFunction(stack, 'Fn', { ...basics, environment: { DB_PASSWORD: '/app/db/password', LOG_LEVEL: 'INFO' } });

    expect(fnResource(stack).Properties.Environment.Variables).toEqual({ DB_PASSWORD: '/app/db/password', LOG_LEVEL: 'INFO' });
  });

  test('refuses a wildcard action (Hardened-IAM1)', () => {
    const fn = new HardenedFunction(newStack(), 'Fn', basics);
    expect(() => fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::my-bucket/*'] }))).toThrow(
      /refuses a role policy statement \(Hardened-IAM1\): it allows the wildcard action s3:\*\. Fix: name the exact actions.*addToRolePolicyAcknowledged/,
    );
  });

  test('refuses a partial wildcard action (Hardened-IAM1)', () => {
    const fn = new HardenedFunction(newStack(), 'Fn', basics);
    expect(() => fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:Get*'], resources: ['arn:aws:dynamodb:us-east-1:123456789012:table/orders'] }))).toThrow(
      /\(Hardened-IAM1\): it allows the wildcard action dynamodb:Get\*/,
    );
  });

  test('refuses Resource "*" for an action that supports resource-level permissions (Hardened-IAM2)', () => {
    const fn = new HardenedFunction(newStack(), 'Fn', basics);
    expect(() => fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }))).toThrow(
      /\(Hardened-IAM2\): it allows s3:GetObject on all resources \(\*\)/,
    );
  });

  test('refuses an all-resources ARN (Hardened-IAM2)', () => {
    const fn = new HardenedFunction(newStack(), 'Fn', basics);
    const stack = Stack.of(fn);
    const all = stack.formatArn({ service: 'ssm', resource: 'parameter', resourceName: '*' });
    expect(() => fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ssm:GetParameter'], resources: [all] }))).toThrow(/\(Hardened-IAM2\)/);
  });

  test('refuses NotAction (Hardened-IAM3)', () => {
    const fn = new HardenedFunction(newStack(), 'Fn', basics);
    expect(() => fn.addToRolePolicy(new iam.PolicyStatement({ notActions: ['iam:*'], resources: ['*'] }))).toThrow(/\(Hardened-IAM3\)/);
  });

  test('judges initialPolicy statements too', () => {
    expect(
      () => new HardenedFunction(newStack(), 'Fn', { ...basics, initialPolicy: [new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['*'] })] }),
    ).toThrow(/\(Hardened-IAM2\)/);
  });

  test('accepts "*" for wildcard-only actions, in its wildcard-only policy', () => {
    const stack = newStack();
    const fn = new HardenedFunction(stack, 'Fn', basics);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['ec2:DescribeInstances'], resources: ['*'] }));

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^FnWildcardOnlyPolicy'),
      PolicyDocument: { Statement: [{ Action: 'ec2:DescribeInstances', Effect: 'Allow', Resource: '*' }] },
    });
    expect(unacknowledged(stack)).toEqual([]);
    expect(nagErrors(stack)).toEqual([]);
  });

  test('accepts Deny statements whatever they name', () => {
    const stack = newStack();
    const fn = new HardenedFunction(stack, 'Fn', basics);
    fn.addToRolePolicy(new iam.PolicyStatement({ effect: iam.Effect.DENY, actions: ['s3:*'], resources: ['*'] }));

    expect(actionsOf(stack, 'FnServiceRole')).toContain('s3:*');
  });
});

describe('addToRolePolicyAcknowledged', () => {
  const reason = 'The legacy importer lists every queue of the account at start-up.';

  test('adds the statement in a policy of its own with the findings acknowledged, for the checklist and cdk-nag', () => {
    const stack = newStack();
    const fn = new HardenedFunction(stack, 'Fn', basics);
    fn.addToRolePolicyAcknowledged(new iam.PolicyStatement({ actions: ['sqs:GetQueueUrl', 'sqs:Get*'], resources: ['*'] }), reason);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^FnAcknowledgedPolicy1'),
      PolicyDocument: { Statement: [{ Action: ['sqs:GetQueueUrl', 'sqs:Get*'], Effect: 'Allow', Resource: '*' }] },
    });
    const findings = checkStack(stack, { trail: TrailRequirement.OFF });
    const mine = findings.filter((f) => f.path === 'TestStack/Fn/AcknowledgedPolicy1/Resource');
    expect(mine.map((f) => f.ruleId).sort()).toEqual(['IAM1', 'IAM2']);
    expect(mine.every((f) => f.acknowledged && f.acknowledgement?.reason === reason)).toBe(true);
    expect(findings.filter((f) => !f.acknowledged)).toEqual([]);
    expect(nagErrors(stack)).toEqual([]);
  });

  test('refuses a reason shorter than 10 characters', () => {
    const fn = new HardenedFunction(newStack(), 'Fn', basics);
    expect(() => fn.addToRolePolicyAcknowledged(new iam.PolicyStatement({ actions: ['sqs:*'], resources: ['*'] }), 'because')).toThrow(
      /needs a reason of at least 10 characters/,
    );
  });

  test('adds a compliant statement as addToRolePolicy does', () => {
    const stack = newStack();
    const fn = new HardenedFunction(stack, 'Fn', basics);
    fn.addToRolePolicyAcknowledged(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:us-east-1:123456789012:jobs'] }), reason);

    expect(fn.node.tryFindChild('AcknowledgedPolicy1')).toBeUndefined();
    expect(actionsOf(stack, 'FnServiceRole')).toContain('sqs:SendMessage');
  });
});

describe('readSecureParameter', () => {
  test('grants reading the parameter and passes its name in a derived environment variable', () => {
    const stack = newStack();
    const param = new SecureParameter(stack, 'Db', { parameterName: '/app/db/password' });
    const fn = new HardenedFunction(stack, 'Fn', basics);

    expect(fn.readSecureParameter(param)).toBe('APP_DB_PASSWORD_PARAM');
    expect(fnResource(stack).Properties.Environment.Variables).toEqual({ APP_DB_PASSWORD_PARAM: '/app/db/password' });
    expect(actionsOf(stack, 'FnServiceRole')).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'ssm:GetParameter', 'ssm:GetParameters', 'kms:Decrypt']);
  });

  test('takes the environment variable name', () => {
    const stack = newStack();
    const param = new SecureParameter(stack, 'Db', { parameterName: '/app/db/password' });
    const fn = new HardenedFunction(stack, 'Fn', basics);

    expect(fn.readSecureParameter(param, 'DB_PASSWORD_PARAM')).toBe('DB_PASSWORD_PARAM');
    expect(fnResource(stack).Properties.Environment.Variables).toEqual({ DB_PASSWORD_PARAM: '/app/db/password' });
  });

  test('refuses an invalid environment variable name', () => {
    const stack = newStack();
    const param = SecureParameter.fromSecureParameterName(stack, 'Db', '/app/db/password');
    const fn = new HardenedFunction(stack, 'Fn', basics);

    expect(() => fn.readSecureParameter(param, 'db-password')).toThrow(/'db-password' is not a valid environment variable name/);
  });
});

describe('readBucketObjects', () => {
  test('grants s3:GetObject on the bucket\'s objects only', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    const fn = new HardenedFunction(stack, 'Fn', basics);
    fn.readBucketObjects(bucket, 'reports/*');

    const [bucketId] = Object.keys(Template.fromStack(stack).findResources('AWS::S3::Bucket'));
    const statements = statementsOf(stack, 'FnServiceRole').map((s) => s.statement);
    expect(statements.filter((s) => [s.Action].flat().some((a: string) => a.startsWith('s3:')))).toEqual([
      { Action: 's3:GetObject', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/reports/*']] } },
    ]);
  });

  test('grants kms:Decrypt through S3 only when the bucket has a key', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Bucket', { encryption: s3.BucketEncryption.KMS });
    const fn = new HardenedFunction(stack, 'Fn', basics);
    fn.readBucketObjects(bucket);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'kms:Decrypt',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^BucketKey'), 'Arn'] },
            Condition: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
          },
        ]),
      },
    });
  });
});

describe('the checklist', () => {
  test('finds nothing on a function with its defaults', () => {
    const stack = newStack();
    new HardenedFunction(stack, 'Fn', basics);

    expect(unacknowledged(stack)).toEqual([]);
  });

  test('cdk-nag AwsSolutions reports no error on a function with its defaults', () => {
    const stack = newStack();
    new HardenedFunction(stack, 'Fn', basics);

    expect(nagErrors(stack)).toEqual([]);
  });
});

describe('acceptance: a traced function in a VPC reading a SecureParameter and one bucket', () => {
  function acceptanceStack() {
    const app = new App();
    const stack = new Stack(app, 'Acceptance', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new HardenedVpc(stack, 'Vpc', { maxAzs: 2, gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } } });
    const endpointGroup = new LockedDownSecurityGroup(stack, 'SsmEndpointGroup', { vpc, description: 'SSM interface endpoint' });
    vpc.addInterfaceEndpoint('Ssm', { service: ec2.InterfaceVpcEndpointAwsService.SSM, securityGroups: [endpointGroup], open: false });

    const password = new SecureParameter(stack, 'DbPassword', { parameterName: '/acceptance/db/password' });
    const reports = new SecureBucket(stack, 'Reports');
    const fn = new HardenedFunction(stack, 'Reader', {
      code: lambda.Code.fromAsset(path.join(__dirname, '..', '..', 'examples', 'lambda')),
      handler: 'handler.handler',
      runtime: lambda.Runtime.PYTHON_3_14,
      tracing: lambda.Tracing.ACTIVE,
      vpc,
    });
    fn.readSecureParameter(password, 'DB_PASSWORD_PARAM');
    fn.readBucketObjects(reports);
    fn.addEnvironment('REPORTS_BUCKET', reports.bucketName);
    // HTTPS to the Parameter Store endpoint. The egress rule names the VPC's range rather than the
    // endpoint's group: CDK writes a rule to another group as a separate resource and drops the
    // group's inline "no traffic" rule, which leaves AWS's default allow-all egress (Hardened-NET4).
    fn.connections.allowTo(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(443), 'HTTPS to the VPC endpoints');
    endpointGroup.allowHttpsFrom(fn.connections.securityGroups[0], 'Parameter Store for the reader function');

    // Not about these constructs: aws-cdk-lib picks the runtime of its own provider for the VPC's
    // restrictDefaultSecurityGroup (nodejs22.x, deprecating within 180 days of the test date).
    SecurityChecklist.acknowledge(stack.node.findChild('Custom::VpcRestrictDefaultSGCustomResourceProvider'), 'LMB1', {
      reason: 'CDK-internal provider whose runtime aws-cdk-lib chooses; upgrading aws-cdk-lib moves it.',
    });
    return { app, stack };
  }

  test('has zero unacknowledged findings from the full checklist', () => {
    const { stack } = acceptanceStack();

    expect(unacknowledged(stack)).toEqual([]);
  });

  test('has zero unacknowledged cdk-nag AwsSolutions errors', () => {
    const { app } = acceptanceStack();

    expect(nagErrors(app)).toEqual([]);
  });

  test('the function\'s role names only specific resources, except for wildcard-only actions and its acknowledged network interfaces', () => {
    const { stack } = acceptanceStack();

    const flat = (v: any): string =>
      typeof v === 'string' ? v : v['Fn::Join'] ? v['Fn::Join'][1].map(flat).join(v['Fn::Join'][0]) : 'resource';
    const statements = statementsOf(stack, 'ReaderServiceRole');
    expect(statements.length).toBeGreaterThan(5);
    for (const { policy, statement } of statements) {
      expect(statement.Effect).toBe('Allow');
      const actions: string[] = [statement.Action].flat();
      for (const resource of [statement.Resource].flat().map(flat)) {
        if (resource === '*') {
          expect({ policy, actions, wildcardOnly: actions.every((a) => isWildcardOnlyAction(a)) }).toEqual({ policy, actions, wildcardOnly: true });
        } else if (isAllResources(resource)) {
          // The one acknowledged exception: network interfaces Lambda creates, limited to the VPC.
          expect({ policy, resource }).toEqual({ policy: expect.stringMatching(/^ReaderVpcAccessPolicy/), resource: expect.stringMatching(/:network-interface\/\*$/) });
          expect(Object.keys(statement.Condition.ArnEqualsIfExists)).toEqual(['ec2:Vpc']);
        }
      }
      expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    }
  });
});
