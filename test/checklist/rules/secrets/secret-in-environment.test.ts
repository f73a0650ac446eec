import { CfnParameter, Fn, SecretValue } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { FAKE } from './fake-credentials';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

function fn(stack: ReturnType<typeof newStack>, environment: Record<string, string>) {
  return new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.PYTHON_3_13,
    handler: 'index.handler',
    code: lambda.Code.fromInline('def handler(event, context): pass'),
    environment,
  });
}

/** A raw template with one Lambda function whose environment variables are `variables`. */
function lambdaTemplate(variables: unknown, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    Resources: {
      ...((extra.Resources as object) ?? {}),
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: { Runtime: 'python3.13', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/fn', Code: { ZipFile: 'x' }, Environment: { Variables: variables } },
      },
    },
  };
}

describe('SEC1 literal secrets in environment variables', () => {
  describe('Lambda functions', () => {
    test('fails when a function has a literal DB_PASSWORD', () => {
      const stack = newStack();
      fn(stack, { DB_PASSWORD: 'hunter2hunter2', LOG_LEVEL: 'debug' });
      const findings = checkStack(stack);
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Variable::DB_PASSWORD]']);
      const [f] = findingsOf(findings, 'SEC1');
      expect(f.path).toBe('TestStack/Fn/Resource');
      expect(f.message).toContain('DB_PASSWORD');
      expect(f.message).not.toContain('hunter2');
      // The same variable is SEC1's only: SEC3 does not report it again.
      expect(idsOf(findings, 'SEC3')).toEqual([]);
    });

    test('fails when a variable with an ordinary name holds an AWS access key', () => {
      const stack = newStack();
      fn(stack, { UPSTREAM_CONFIG: `key=${FAKE.awsAccessKey}` });
      const findings = checkStack(stack);
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Variable::UPSTREAM_CONFIG]']);
      expect(findingsOf(findings, 'SEC1')[0].message).toContain('AWS access key');
      expect(idsOf(findings, 'SEC3')).toEqual([]);
    });

    test('fails when a variable holds a URL with a password', () => {
      const stack = newStack();
      fn(stack, { DATABASE_URL: FAKE.urlWithPassword });
      expect(idsOf(checkStack(stack), 'SEC1')).toEqual(['Hardened-SEC1[Variable::DATABASE_URL]']);
    });

    test('fails on a raw function with a literal CamelCase ApiKey', () => {
      const findings = checkTemplate(lambdaTemplate({ StripeApiKey: 'not-a-real-key-but-literal', TableName: 'orders' }));
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Variable::StripeApiKey]']);
      expect(findingsOf(findings, 'SEC1')[0].logicalId).toBe('Fn');
    });

    test('passes when the function gets only references to its secrets', () => {
      const stack = newStack();
      const secret = new secretsmanager.Secret(stack, 'DbSecret');
      fn(stack, {
        DB_PASSWORD_PARAM: '/app/db/password',
        DB_PASSWORD: '/app/db/password',
        API_KEY: '{{resolve:secretsmanager:prod/api:SecretString:key}}',
        STRIPE_TOKEN: '{{resolve:ssm-secure:/app/stripe/token}}',
        DB_SECRET_ARN: secret.secretArn,
        DB_SECRET: secret.secretName,
        SIGNING_SECRET: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/signing',
        EMPTY_TOKEN: '',
        LOG_LEVEL: 'debug',
      });
      expect(idsOf(checkStack(stack), 'SEC1')).toEqual([]);
    });

    test('fails when a secret-looking variable takes a template parameter, even NoEcho', () => {
      const stack = newStack();
      const password = new CfnParameter(stack, 'DbPasswordInput', { noEcho: true });
      fn(stack, { DB_PASSWORD: password.valueAsString });
      const findings = checkStack(stack);
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Variable::DB_PASSWORD]']);
      expect(findingsOf(findings, 'SEC1')[0].message).toContain('template parameter DbPasswordInput');
    });

    test('fails when the value is an SSM parameter-typed template parameter', () => {
      const findings = checkTemplate(
        lambdaTemplate({ DB_PASSWORD: { Ref: 'DbPasswordValue' } }, { Parameters: { DbPasswordValue: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/app/db/password' } } }),
      );
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Variable::DB_PASSWORD]']);
    });

    test('fails Unresolved when a secret-looking variable is an imported value', () => {
      const findings = checkTemplate(lambdaTemplate({ DB_PASSWORD: { 'Fn::ImportValue': 'SharedDbPassword' } }));
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Unresolved::Properties.Environment.Variables.DB_PASSWORD]']);
    });

    test('fails Unresolved when a secret-looking variable is a CDK token of an imported value', () => {
      const stack = newStack();
      fn(stack, { AUTH_TOKEN: Fn.importValue('SharedToken') });
      expect(idsOf(checkStack(stack), 'SEC1')).toEqual(['Hardened-SEC1[Unresolved::Properties.Environment.Variables.AUTH_TOKEN]']);
    });

    test('passes when an imported value sits under a name that only refers to a secret', () => {
      const findings = checkTemplate(lambdaTemplate({ DB_PASSWORD_ARN: { 'Fn::ImportValue': 'SharedDbPasswordArn' } }));
      expect(idsOf(findings, 'SEC1')).toEqual([]);
    });

    test('fails when one branch of an Fn::If is a literal', () => {
      const findings = checkTemplate(
        lambdaTemplate(
          { DB_PASSWORD: { 'Fn::If': ['IsProd', '{{resolve:secretsmanager:prod/db}}', 'devpassword123'] } },
          { Conditions: { IsProd: { 'Fn::Equals': ['a', 'b'] } } },
        ),
      );
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Variable::DB_PASSWORD]']);
    });

    test('passes when both branches of an Fn::If are references or absent', () => {
      const findings = checkTemplate(
        lambdaTemplate(
          {
            DB_PASSWORD: { 'Fn::If': ['IsProd', '{{resolve:secretsmanager:prod/db}}', '{{resolve:secretsmanager:dev/db}}'] },
            API_TOKEN: { 'Fn::If': ['IsProd', '{{resolve:ssm-secure:/prod/token}}', { Ref: 'AWS::NoValue' }] },
          },
          { Conditions: { IsProd: { 'Fn::Equals': ['a', 'b'] } } },
        ),
      );
      expect(idsOf(findings, 'SEC1')).toEqual([]);
    });

    test('passes when the whole environment is behind an Fn::If with AWS::NoValue and the other branch is clean', () => {
      const template = lambdaTemplate({}, { Conditions: { IsProd: { 'Fn::Equals': ['a', 'b'] } } });
      (template.Resources.Fn.Properties as any).Environment = {
        'Fn::If': ['IsProd', { Variables: { DB_PASSWORD_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db' } }, { Ref: 'AWS::NoValue' }],
      };
      expect(idsOf(checkTemplate(template), 'SEC1')).toEqual([]);
    });

    test('passes when every allowed value of the parameter is a reference, fails when one is a literal', () => {
      const params = (allowed: string[]) => ({ Parameters: { Secret: { Type: 'String', AllowedValues: allowed } } });
      const refs = ['{{resolve:secretsmanager:prod/db}}', '{{resolve:secretsmanager:dev/db}}'];
      // A parameter with AllowedValues is judged by its allowed values, each a literal in the template.
      expect(idsOf(checkTemplate(lambdaTemplate({ DB_PASSWORD: { Ref: 'Secret' } }, params(refs))), 'SEC1')).toEqual([]);
      expect(idsOf(checkTemplate(lambdaTemplate({ DB_PASSWORD: { Ref: 'Secret' } }, params([...refs, 'letmein-please']))), 'SEC1')).toEqual([
        'Hardened-SEC1[Variable::DB_PASSWORD]',
      ]);
    });

    test('fails when a variable holds the secret access key of an IAM access key', () => {
      const findings = checkTemplate(
        lambdaTemplate(
          { UPSTREAM: { 'Fn::GetAtt': ['Key', 'SecretAccessKey'] } },
          { Resources: { Key: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'ci' } } } },
        ),
      );
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Variable::UPSTREAM]']);
      expect(findingsOf(findings, 'SEC1')[0].message).toContain('secret access key of Key');
    });

    test('fails on a SAM function with a literal secret', () => {
      const findings = checkTemplate({
        Transform: 'AWS::Serverless-2016-10-31',
        Resources: {
          Api: {
            Type: 'AWS::Serverless::Function',
            Properties: { Runtime: 'python3.13', Handler: 'app.handler', CodeUri: '.', Environment: { Variables: { JWT_SECRET: 'changeme-changeme' } } },
          },
        },
      });
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Variable::JWT_SECRET]']);
    });
  });

  describe('ECS task definitions', () => {
    test('fails when a container has a literal password in its environment, not in its secrets', () => {
      const stack = newStack();
      const secret = new secretsmanager.Secret(stack, 'ApiSecret');
      const task = new ecs.FargateTaskDefinition(stack, 'Task');
      task.addContainer('web', {
        image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest'),
        environment: { DB_PASSWORD: 'hunter2hunter2', PORT: '8080' },
        secrets: { API_KEY: ecs.Secret.fromSecretsManager(secret) },
      });
      const findings = checkStack(stack);
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Variable::DB_PASSWORD]']);
      const [f] = findingsOf(findings, 'SEC1');
      expect(f.path).toBe('TestStack/Task/Resource');
      expect(f.message).toContain('container web');
      expect(f.fix).toContain('ecs.Secret.fromSecretsManager');
    });

    test('passes when secrets come through the container secrets', () => {
      const stack = newStack();
      const secret = new secretsmanager.Secret(stack, 'ApiSecret');
      const task = new ecs.FargateTaskDefinition(stack, 'Task');
      task.addContainer('web', {
        image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest'),
        environment: { PORT: '8080', DB_PASSWORD_ARN: secret.secretArn },
        secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(secret) },
      });
      expect(idsOf(checkStack(stack), 'SEC1')).toEqual([]);
    });

    test('fails Unresolved on a raw container whose variable name is a parameter and value a literal', () => {
      const findings = checkTemplate({
        Parameters: { VarName: { Type: 'String' } },
        Resources: {
          Task: {
            Type: 'AWS::ECS::TaskDefinition',
            Properties: {
              ContainerDefinitions: [{ Name: 'app', Image: 'nginx', Environment: [{ Name: { Ref: 'VarName' }, Value: 'some-literal' }, { Name: 'PORT', Value: '80' }] }],
            },
          },
        },
      });
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Unresolved::Properties.ContainerDefinitions.0.Environment.Name]']);
    });

    test('fails on a raw container holding a GitHub token under any name', () => {
      const findings = checkTemplate({
        Resources: {
          Task: {
            Type: 'AWS::ECS::TaskDefinition',
            Properties: { ContainerDefinitions: [{ Name: 'app', Image: 'nginx', Environment: [{ Name: 'GH', Value: FAKE.githubToken }] }] },
          },
        },
      });
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Variable::GH]']);
      expect(idsOf(findings, 'SEC3')).toEqual([]);
    });
  });

  describe('CodeBuild projects', () => {
    test('fails when a plaintext variable holds a token', () => {
      const stack = newStack();
      new codebuild.Project(stack, 'Build', {
        buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2' }),
        environmentVariables: { NPM_TOKEN: { value: 'npm-token-literal-value' } },
      });
      const findings = checkStack(stack);
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Variable::NPM_TOKEN]']);
      expect(findingsOf(findings, 'SEC1')[0].path).toBe('TestStack/Build/Resource');
    });

    test('passes when the variable is a Secrets Manager or Parameter Store reference', () => {
      const stack = newStack();
      new codebuild.Project(stack, 'Build', {
        buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2' }),
        environmentVariables: {
          NPM_TOKEN: { type: codebuild.BuildEnvironmentVariableType.SECRETS_MANAGER, value: 'ci/npm:token' },
          DB_PASSWORD: { type: codebuild.BuildEnvironmentVariableType.PARAMETER_STORE, value: '/ci/db/password' },
          STAGE: { value: 'prod' },
        },
      });
      expect(idsOf(checkStack(stack), 'SEC1')).toEqual([]);
    });

    const project = (variable: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      ...extra,
      Resources: {
        Build: {
          Type: 'AWS::CodeBuild::Project',
          Properties: {
            Artifacts: { Type: 'NO_ARTIFACTS' },
            Source: { Type: 'NO_SOURCE', BuildSpec: 'version: 0.2' },
            ServiceRole: 'arn:aws:iam::123456789012:role/build',
            Environment: { Type: 'LINUX_CONTAINER', ComputeType: 'BUILD_GENERAL1_SMALL', Image: 'aws/codebuild/standard:7.0', EnvironmentVariables: [variable] },
          },
        },
      },
    });

    test('fails on a raw variable without a Type (PLAINTEXT by default)', () => {
      expect(idsOf(checkTemplate(project({ Name: 'GITHUB_TOKEN', Value: 'literal-token' })), 'SEC1')).toEqual(['Hardened-SEC1[Variable::GITHUB_TOKEN]']);
    });

    test('fails Unresolved when the Type is a parameter and the value would be a plain-text secret', () => {
      const findings = checkTemplate(project({ Name: 'GITHUB_TOKEN', Value: 'ci/github', Type: { Ref: 'VarType' } }, { Parameters: { VarType: { Type: 'String' } } }));
      expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Unresolved::Properties.Environment.EnvironmentVariables.GITHUB_TOKEN.Type]']);
    });

    test('passes when the Type is a parameter whose allowed values are all references', () => {
      const findings = checkTemplate(
        project(
          { Name: 'GITHUB_TOKEN', Value: 'ci/github', Type: { Ref: 'VarType' } },
          { Parameters: { VarType: { Type: 'String', AllowedValues: ['SECRETS_MANAGER', 'PARAMETER_STORE'] } } },
        ),
      );
      expect(idsOf(findings, 'SEC1')).toEqual([]);
    });
  });

  test('a SecretValue unwrapped into a variable is a dynamic reference, so SEC1 passes it', () => {
    const stack = newStack();
    fn(stack, { DB_PASSWORD: SecretValue.secretsManager('prod/db').unsafeUnwrap() });
    expect(idsOf(checkStack(stack), 'SEC1')).toEqual([]);
  });
});
