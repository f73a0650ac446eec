import * as fs from 'fs';
import * as https from 'https';
import * as path from 'path';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { App, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TrailRequirement } from '../../src/checklist/severity';
import { SecureParameter, SecureParameterValue } from '../../src/constructs/secure-parameter';
import { handler, SecureParameterResourceProperties, settings } from '../../src/constructs/secure-parameter-handler';
import { checkStack, newStack } from '../checklist/helpers';

jest.mock('https', () => ({ ...jest.requireActual('https'), request: jest.fn() }));

const CR = 'Custom::HardenedSecureParameter';
const PARAM_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:us-east-1:123456789012:parameter/app/db/password']] };

function resourcesOf(stack: Stack, type: string): Record<string, any> {
  return Template.fromStack(stack).findResources(type);
}

function onlyResource(stack: Stack, type: string): any {
  const all = Object.values(resourcesOf(stack, type));
  expect(all).toHaveLength(1);
  return all[0];
}

function nagErrors(scope: Stack | App): string[] {
  return new AwsSolutionsChecks()
    .validateScope(scope)
    .violations.filter((v) => v.severity === 'error')
    .map((v) => `${v.ruleName} @ ${v.violatingResources.map((r: any) => r.constructPath).join(', ')}`);
}

describe('the parameter', () => {
  test('is created by a custom resource as a generated SecureString, retained by default', () => {
    const stack = newStack();
    new SecureParameter(stack, 'Db', { parameterName: '/app/db/password' });

    const resource = onlyResource(stack, CR);
    expect(resource.Properties).toMatchObject({
      ParameterName: '/app/db/password',
      KeyArn: { 'Fn::GetAtt': [expect.stringMatching(/^DbKey/), 'Arn'] },
      ValueSource: 'GENERATED',
      Generator: { Length: 32 },
      RemovalPolicy: 'retain',
    });
    expect(resource.DeletionPolicy).toBe('Retain');
    expect(resource.UpdateReplacePolicy).toBe('Retain');
  });

  test('passes no value to CloudFormation: the custom resource has no Value property', () => {
    const stack = newStack();
    new SecureParameter(stack, 'Db', {
      parameterName: '/app/db/password',
      value: SecureParameterValue.generated({ length: 40, excludeCharacters: '"@/\\' }),
      rotationToken: '2026-11',
    });

    const resource = onlyResource(stack, CR);
    expect(Object.keys(resource.Properties).sort()).toEqual(
      ['Generator', 'KeyArn', 'ParameterName', 'RemovalPolicy', 'RotationToken', 'ServiceToken', 'ValueSource'].sort(),
    );
    expect(resource.Properties.Generator).toEqual({ Length: 40, ExcludeCharacters: '"@/\\' });
  });

  test('can be created with a placeholder value, to be set out of band', () => {
    const stack = newStack();
    new SecureParameter(stack, 'Db', { parameterName: '/app/db/password', value: SecureParameterValue.placeholder() });

    const resource = onlyResource(stack, CR);
    expect(resource.Properties.ValueSource).toBe('PLACEHOLDER');
    expect(resource.Properties.Generator).toBeUndefined();
  });

  test('is encrypted with a new customer managed key with rotation on, retained', () => {
    const stack = newStack();
    new SecureParameter(stack, 'Db', { parameterName: '/app/db/password' });

    const key = onlyResource(stack, 'AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
  });

  test('uses the given key and creates none', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555');
    new SecureParameter(stack, 'Db', { parameterName: '/app/db/password', encryptionKey: key });

    expect(resourcesOf(stack, 'AWS::KMS::Key')).toEqual({});
    expect(onlyResource(stack, CR).Properties.KeyArn).toBe(key.keyArn);
  });

  test('with removal policy DESTROY, deletes the parameter and schedules the key for deletion', () => {
    const stack = newStack();
    new SecureParameter(stack, 'Db', { parameterName: '/app/db/password', removalPolicy: RemovalPolicy.DESTROY });

    const resource = onlyResource(stack, CR);
    expect(resource.Properties.RemovalPolicy).toBe('destroy');
    expect(resource.DeletionPolicy).toBe('Delete');
    expect(onlyResource(stack, 'AWS::KMS::Key').DeletionPolicy).toBe('Delete');
  });

  test('defaults its name to one derived from its path', () => {
    const stack = newStack();
    const param = new SecureParameter(stack, 'Db');

    expect(param.parameterName).toMatch(/^\/cdk-hardened\/TestStackDb[0-9A-F]{8}$/);
    expect(onlyResource(stack, CR).Properties.ParameterName).toBe(param.parameterName);
  });

  test('carries the tags applied to it', () => {
    const stack = newStack();
    const param = new SecureParameter(stack, 'Db', { parameterName: '/app/db/password' });
    Tags.of(param).add('team', 'payments');

    expect(onlyResource(stack, CR).Properties.Tags).toEqual([{ Key: 'team', Value: 'payments' }]);
  });

  test('takes the name into the logical IDs, so a rename replaces the resource and its permissions', () => {
    const idsFor = (name: string) => {
      const stack = newStack();
      new SecureParameter(stack, 'Db', { parameterName: name });
      return [...Object.keys(resourcesOf(stack, CR)), ...Object.keys(resourcesOf(stack, 'AWS::IAM::Policy')).filter((id) => id.startsWith('Db'))];
    };

    expect(idsFor('/app/db/password')).toEqual(idsFor('/app/db/password'));
    const [resource, policy] = idsFor('/app/db/password');
    const [renamedResource, renamedPolicy] = idsFor('/app/db/password-v2');
    expect(renamedResource).not.toEqual(resource);
    expect(renamedPolicy).not.toEqual(policy);
  });
});

describe('the provider', () => {
  test('is one function per stack, however many parameters', () => {
    const stack = newStack();
    new SecureParameter(stack, 'A', { parameterName: '/app/a' });
    new SecureParameter(stack, 'B', { parameterName: '/app/b' });

    expect(Object.keys(resourcesOf(stack, 'AWS::Lambda::Function'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(stack, CR))).toHaveLength(2);
  });

  test('runs on the newest Node.js runtime, with its own log group kept one year and no managed policy', () => {
    const stack = newStack();
    new SecureParameter(stack, 'Db', { parameterName: '/app/db/password' });

    const fn = onlyResource(stack, 'AWS::Lambda::Function');
    expect(fn.Properties.Runtime).toBe('nodejs24.x');
    expect(fn.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.stringMatching(/^CdkHardenedSecureParameterProviderLogGroup/) });
    expect(onlyResource(stack, 'AWS::Logs::LogGroup').Properties.RetentionInDays).toBe(365);
    expect(onlyResource(stack, 'AWS::IAM::Role').Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('may only write, delete and tag this parameter, and encrypt with its key through Parameter Store for it', () => {
    const stack = newStack();
    new SecureParameter(stack, 'Db', { parameterName: '/app/db/password' });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('^TestStackDb'),
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource', 'ssm:ListTagsForResource'],
            Resource: PARAM_ARN,
          },
          {
            Effect: 'Allow',
            Action: 'kms:Encrypt',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbKey'), 'Arn'] },
            Condition: {
              StringEquals: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com', 'kms:EncryptionContext:PARAMETER_ARN': PARAM_ARN },
            },
          },
        ],
      },
    });
  });

  test('is called only once the parameter\'s permissions exist', () => {
    const stack = newStack();
    new SecureParameter(stack, 'Db', { parameterName: '/app/db/password' });

    const policyId = Object.keys(resourcesOf(stack, 'AWS::IAM::Policy')).find((id) => id.startsWith('DbProviderPolicy'));
    expect(onlyResource(stack, CR).DependsOn).toEqual([policyId]);
  });
});

describe('grantRead', () => {
  test('grants ssm:GetParameter(s) on the parameter only and kms:Decrypt through Parameter Store for it', () => {
    const stack = newStack();
    const param = new SecureParameter(stack, 'Db', { parameterName: '/app/db/password' });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    param.grantRead(role);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Reader') }],
      PolicyDocument: {
        Statement: [
          { Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: PARAM_ARN },
          {
            Effect: 'Allow',
            Action: 'kms:Decrypt',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DbKey'), 'Arn'] },
            Condition: {
              StringEquals: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com', 'kms:EncryptionContext:PARAMETER_ARN': PARAM_ARN },
            },
          },
        ],
      },
    });
  });
});

describe('fromSecureParameterName', () => {
  test('imports a parameter by name, with or without a leading slash', () => {
    const stack = newStack();
    const hierarchical = SecureParameter.fromSecureParameterName(stack, 'A', '/legacy/api-token');
    const flat = SecureParameter.fromSecureParameterName(stack, 'B', 'legacy-token');

    expect(hierarchical.parameterName).toBe('/legacy/api-token');
    expect(stack.resolve(hierarchical.parameterArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:us-east-1:123456789012:parameter/legacy/api-token']],
    });
    expect(stack.resolve(flat.parameterArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:us-east-1:123456789012:parameter/legacy-token']],
    });
  });

  test('grants kms:Decrypt only when the key is given', () => {
    const stack = newStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555');
    const withKey = SecureParameter.fromSecureParameterName(stack, 'A', '/legacy/a', key);
    const withoutKey = SecureParameter.fromSecureParameterName(stack, 'B', '/legacy/b');
    const a = new iam.Role(stack, 'RoleA', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    const b = new iam.Role(stack, 'RoleB', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    withKey.grantRead(a);
    withoutKey.grantRead(b);

    const policies = Object.values(resourcesOf(stack, 'AWS::IAM::Policy'));
    const actionsOf = (role: string) =>
      policies
        .filter((p) => p.Properties.Roles[0].Ref.startsWith(role))
        .flatMap((p) => p.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat()));
    expect(actionsOf('RoleA')).toEqual(['ssm:GetParameter', 'ssm:GetParameters', 'kms:Decrypt']);
    expect(actionsOf('RoleB')).toEqual(['ssm:GetParameter', 'ssm:GetParameters']);
  });
});

describe('refusals', () => {
  test('refuses a parameter name that is a token, naming the prop and the fix', () => {
    const stack = newStack();
    expect(() => new SecureParameter(stack, 'Db', { parameterName: `/app/${stack.urlSuffix}` })).toThrow(
      /parameterName must be a literal string.*Fix: pass the name itself/,
    );
  });

  test('refuses a name Parameter Store reserves', () => {
    expect(() => new SecureParameter(newStack(), 'Db', { parameterName: '/aws/reference/x' })).toThrow(/starts with 'aws' or 'ssm'.*Fix: choose another name/);
  });

  test('refuses a name with invalid characters', () => {
    expect(() => new SecureParameter(newStack(), 'Db', { parameterName: '/app/db password' })).toThrow(/is not a valid parameter name/);
  });

  test('refuses a rotation token on a placeholder value', () => {
    expect(
      () =>
        new SecureParameter(newStack(), 'Db', { parameterName: '/app/db/password', value: SecureParameterValue.placeholder(), rotationToken: '2' }),
    ).toThrow(/rotationToken only applies to generated values.*Fix: remove rotationToken/);
  });

  test('refuses the SNAPSHOT removal policy', () => {
    expect(() => new SecureParameter(newStack(), 'Db', { parameterName: '/app/x', removalPolicy: RemovalPolicy.SNAPSHOT })).toThrow(
      /SNAPSHOT is not supported.*Fix: use RETAIN or DESTROY/,
    );
  });

  test('refuses a length a standard parameter cannot hold', () => {
    expect(() => SecureParameterValue.generated({ length: 5000 })).toThrow(/length must be an integer from 1 to 4096/);
  });

  test('refuses exclusions that empty a required character class', () => {
    expect(() => SecureParameterValue.generated({ excludeCharacters: '0123456789' })).toThrow(
      /removes every one of the digits.*Fix: exclude that class too, or set requireEachIncludedType: false/,
    );
  });

  test('refuses options that leave nothing to generate from', () => {
    expect(() =>
      SecureParameterValue.generated({ excludeLowercase: true, excludeUppercase: true, excludeNumbers: true, excludePunctuation: true }),
    ).toThrow(/leave no character to generate from/);
  });
});

describe('the checklist', () => {
  test('finds nothing on a parameter with its defaults', () => {
    const stack = newStack();
    new SecureParameter(stack, 'Db', { parameterName: '/app/db/password' });

    expect(checkStack(stack, { trail: TrailRequirement.OFF }).filter((f) => !f.acknowledged)).toEqual([]);
  });

  test('cdk-nag AwsSolutions reports no error on a parameter with its defaults', () => {
    const stack = newStack();
    new SecureParameter(stack, 'Db', { parameterName: '/app/db/password' });

    expect(nagErrors(stack)).toEqual([]);
  });
});

describe('the value', () => {
  const ssm = mockClient(SSMClient);

  beforeEach(() => {
    ssm.reset();
    ssm.onAnyCommand().resolves({});
    settings.retryDelayMs = 0;
    (https.request as unknown as jest.Mock).mockImplementation((_options: unknown, callback: (res: any) => void) => ({
      on: jest.fn(),
      write: jest.fn(),
      end: () => callback({ resume: () => undefined, on: (event: string, fn: () => void) => event === 'end' && fn() }),
    }));
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  function filesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = path.join(dir, e.name);
      return e.isDirectory() ? filesUnder(p) : [p];
    });
  }

  test('never appears in the template nor in any file of the cloud assembly', async () => {
    const app = new App();
    const stack = new Stack(app, 'Values', { env: { account: '123456789012', region: 'us-east-1' } });
    new SecureParameter(stack, 'Db', {
      parameterName: '/app/db/password',
      value: SecureParameterValue.generated({ length: 24, excludeCharacters: 'MARKER' }),
    });
    const assembly = app.synth();

    // Deploy it as CloudFormation would: the provider gets the synthesized properties.
    const template = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'Values.template.json'), 'utf8'));
    const [properties] = Object.values(template.Resources as Record<string, any>)
      .filter((r) => r.Type === CR)
      .map((r) => r.Properties as SecureParameterResourceProperties);
    await handler({
      RequestType: 'Create',
      ResponseURL: 'https://example.invalid/response',
      StackId: 'stack',
      RequestId: 'request',
      LogicalResourceId: 'Db',
      ResourceType: CR,
      ResourceProperties: properties,
    });
    const value = ssm.commandCalls(PutParameterCommand)[0].args[0].input.Value!;
    expect(value).toHaveLength(24);
    expect(value).not.toMatch(/[MARKER]/);

    const files = filesUnder(assembly.directory);
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      expect({ file, holdsValue: fs.readFileSync(file).toString('latin1').includes(value) }).toEqual({ file, holdsValue: false });
    }
  });
});
