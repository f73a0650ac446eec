// Edge cases of SEC1 found by mutation testing: what the findings say for each kind of
// resource, environments that cannot be read, and values that are references, literals
// or unknown.
import { FAKE } from './fake-credentials';
import { checkTemplate, findingsOf } from '../../helpers';

const conditions = { IsProd: { 'Fn::Equals': ['a', 'b'] } };
const secret = { Type: 'AWS::SecretsManager::Secret', Properties: {} };

/** SEC1 findings of a Lambda function whose `Environment` is `environment`. */
function lambda(environment: unknown, extra: Record<string, unknown> = {}) {
  return findingsOf(
    checkTemplate({
      ...extra,
      Resources: {
        ...((extra.Resources as object) ?? {}),
        Fn: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'python3.13', Handler: 'index.handler', Code: { ZipFile: 'x' }, Environment: environment } },
      },
    }),
    'SEC1',
  );
}

/** SEC1 findings of a Lambda function with these environment variables. */
const variables = (vars: unknown, extra: Record<string, unknown> = {}) => lambda({ Variables: vars }, extra);

/** SEC1 findings of a task definition with these container definitions. */
function task(containers: unknown, extra: Record<string, unknown> = {}) {
  return findingsOf(checkTemplate({ ...extra, Resources: { Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: containers } } } }), 'SEC1');
}

/** SEC1 findings of a CodeBuild project with this `Environment`. */
function project(environment: unknown, extra: Record<string, unknown> = {}) {
  return findingsOf(
    checkTemplate({
      ...extra,
      Resources: {
        Build: {
          Type: 'AWS::CodeBuild::Project',
          Properties: { Artifacts: { Type: 'NO_ARTIFACTS' }, Source: { Type: 'NO_SOURCE', BuildSpec: 'version: 0.2' }, Environment: environment },
        },
      },
    }),
    'SEC1',
  );
}
const buildVariables = (vars: unknown[], extra: Record<string, unknown> = {}) =>
  project({ Type: 'LINUX_CONTAINER', ComputeType: 'BUILD_GENERAL1_SMALL', Image: 'aws/codebuild/standard:7.0', EnvironmentVariables: vars }, extra);

describe('SEC1 edge cases', () => {
  describe('what a finding says, for each kind of resource', () => {
    test('a function: names the variable, the function and the word that looks secret; the fix is Lambda\'s', () => {
      const [f] = variables({ DB_PASSWORD: 'hunter2hunter2' });
      expect(f.id).toBe('Hardened-SEC1[Variable::DB_PASSWORD]');
      expect(f.message).toContain('Environment variable DB_PASSWORD of function Fn holds a literal value (14 characters)');
      expect(f.message).toContain("its name looks secret ('password')");
      expect(f.message).toContain("view the function's configuration");
      expect(f.fix).toContain('`secret.grantRead(fn)`');
    });

    test('a container: names the container when it has a literal name, and the task definition; the fix is ECS\'s', () => {
      const [named] = task([{ Name: 'web', Environment: [{ Name: 'API_TOKEN', Value: 'literal-token' }] }]);
      expect(named.message).toContain('Environment variable API_TOKEN of container web of task definition Task holds a literal value');
      expect(named.message).toContain("view the task definition's configuration");
      expect(named.fix).toContain('`ContainerDefinitions[].Secrets`');
      const [unnamed] = task([{ Name: { Ref: 'AppName' }, Environment: [{ Name: 'API_TOKEN', Value: 'literal-token' }] }], {
        Parameters: { AppName: { Type: 'String' } },
      });
      expect(unnamed.message).toContain('Environment variable API_TOKEN of task definition Task holds a literal value');
    });

    test('a CodeBuild project: names the project; the fix is CodeBuild\'s', () => {
      const [f] = buildVariables([{ Name: 'NPM_TOKEN', Value: 'literal-token' }]);
      expect(f.message).toContain('Environment variable NPM_TOKEN of CodeBuild project Build holds a literal value');
      expect(f.message).toContain("view the CodeBuild project's configuration");
      expect(f.fix).toContain('set the variable\'s `Type` to `SECRETS_MANAGER` or `PARAMETER_STORE`');
    });

    test('a value with credentials of two formats: one finding that lists both', () => {
      const [f] = variables({ UPSTREAM: `${FAKE.awsAccessKey}:${FAKE.githubToken}` });
      expect(f.id).toBe('Hardened-SEC1[Variable::UPSTREAM]');
      expect(f.message).toContain('Environment variable UPSTREAM of function Fn holds an AWS access key ID (AKIA…), a GitHub token (ghp_…) in plain text');
    });
  });

  describe('environments that cannot be read are unresolved, naming the resource', () => {
    test('a function\'s Environment or Variables imported from another stack', () => {
      const env = lambda({ 'Fn::ImportValue': 'SharedEnvironment' });
      expect(env.map((f) => f.id)).toEqual(['Hardened-SEC1[Unresolved::Properties.Environment]']);
      expect(env[0].message).toMatch(/^The environment of function Fn cannot be verified/);
      const vars = variables({ 'Fn::ImportValue': 'SharedVariables' });
      expect(vars.map((f) => f.id)).toEqual(['Hardened-SEC1[Unresolved::Properties.Environment.Variables]']);
      expect(vars[0].message).toMatch(/^The environment variables of function Fn cannot be verified/);
    });

    test('a function whose Environment has no Variables has nothing to judge', () => {
      expect(lambda({})).toEqual([]);
    });

    test('a container definition or an environment entry imported from another stack', () => {
      const container = task([{ 'Fn::ImportValue': 'SharedContainer' }]);
      expect(container.map((f) => f.id)).toEqual(['Hardened-SEC1[Unresolved::Properties.ContainerDefinitions.0]']);
      expect(container[0].message).toMatch(/^A container definition of task definition Task cannot be verified/);
      const entry = task([{ Name: 'app', Environment: [{ Name: 'PORT', Value: '80' }, { 'Fn::ImportValue': 'SharedEntry' }] }]);
      expect(entry.map((f) => f.id)).toEqual(['Hardened-SEC1[Unresolved::Properties.ContainerDefinitions.0.Environment]']);
      expect(entry[0].message).toMatch(/^An environment entry of task definition Task cannot be verified/);
    });

    test('a CodeBuild build environment or one of its variables imported from another stack', () => {
      const env = project({ 'Fn::ImportValue': 'SharedBuildEnvironment' });
      expect(env.map((f) => f.id)).toEqual(['Hardened-SEC1[Unresolved::Properties.Environment]']);
      expect(env[0].message).toMatch(/^The build environment of CodeBuild project Build cannot be verified/);
      const entry = buildVariables([{ 'Fn::ImportValue': 'SharedVariable' }]);
      expect(entry.map((f) => f.id)).toEqual(['Hardened-SEC1[Unresolved::Properties.Environment.EnvironmentVariables]']);
      expect(entry[0].message).toMatch(/^An environment variable of CodeBuild project Build cannot be verified/);
    });

    test('a CodeBuild build environment that an Fn::If may drop has nothing to judge in that branch', () => {
      const env = { 'Fn::If': ['IsProd', { EnvironmentVariables: [{ Name: 'STAGE', Value: 'prod' }] }, { Ref: 'AWS::NoValue' }] };
      expect(project(env, { Conditions: conditions })).toEqual([]);
    });
  });

  describe('names', () => {
    test('an entry without a name or with a numeric name does not look secret', () => {
      expect(task([{ Name: 'app', Environment: [{ Value: 'some-literal' }, { Name: 42, Value: 'some-literal' }] }])).toEqual([]);
      expect(buildVariables([{ Value: 'some-literal' }, { Name: 7, Value: 'some-literal' }])).toEqual([]);
    });

    test('a name imported from another stack decides whether a literal value is a secret: unresolved', () => {
      const findings = task([{ Name: 'app', Environment: [{ Name: { 'Fn::ImportValue': 'SharedName' }, Value: 'some-literal' }] }]);
      expect(findings.map((f) => f.id)).toEqual(['Hardened-SEC1[Unresolved::Properties.ContainerDefinitions.0.Environment.Name]']);
      expect(findings[0].message).toMatch(/^The name of an environment variable of container app of task definition Task \(<Fn::ImportValue>\)/);
    });

    test('a name built from a parameter says which variable it is in the message', () => {
      const findings = task([{ Name: 'app', Environment: [{ Name: { 'Fn::Sub': 'DB_${Part}' }, Value: 'some-literal' }] }], { Parameters: { Part: { Type: 'String' } } });
      expect(findings.map((f) => f.id)).toEqual(['Hardened-SEC1[Unresolved::Properties.ContainerDefinitions.0.Environment.Name]']);
      expect(findings[0].message).toContain('of container app of task definition Task (DB_${Ref.Part})');
    });
  });

  describe('values', () => {
    test('an absent, empty or null value holds no secret', () => {
      // `Value:` left empty in YAML is null.
      expect(task([{ Name: 'app', Environment: [{ Name: 'DB_PASSWORD' }, { Name: 'API_TOKEN', Value: '' }, { Name: 'AUTH_TOKEN', Value: null }] }])).toEqual([]);
    });

    test('a number under a secret-looking name is a literal', () => {
      const findings = task([{ Name: 'app', Environment: [{ Name: 'ADMIN_PASSWORD', Value: 20240101 }] }]);
      expect(findings.map((f) => f.id)).toEqual(['Hardened-SEC1[Variable::ADMIN_PASSWORD]']);
      expect(findings[0].message).toContain('holds a literal value (8 characters)');
    });

    test('a Ref to a secret or to an SSM parameter of the template is a reference', () => {
      const param = { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'x' } };
      expect(variables({ DB_PASSWORD: { Ref: 'DbSecret' }, API_TOKEN: { Ref: 'TokenParam' } }, { Resources: { DbSecret: secret, TokenParam: param } })).toEqual([]);
    });

    test('a piece cut out of a secret\'s ARN (CDK\'s secret.secretName), alone or after a pseudo parameter, is a reference', () => {
      const name = { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [6, { 'Fn::Split': [':', { Ref: 'DbSecret' }] }] }] }] };
      expect(
        variables({ DB_SECRET: name, REGIONAL_SECRET: { 'Fn::Join': ['/', [{ Ref: 'AWS::Region' }, name]] } }, { Resources: { DbSecret: secret } }),
      ).toEqual([]);
    });

    test('a value from a custom resource, or from a name the template does not declare, is unresolved', () => {
      const custom = (type: string) => ({ Type: type, Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:make' } });
      const findings = variables(
        {
          DB_PASSWORD: { Ref: 'Maker' },
          API_TOKEN: { 'Fn::Select': [0, { 'Fn::Split': [',', { 'Fn::GetAtt': ['Generic', 'Tokens'] }] }] },
          SESSION_SECRET: { 'Fn::Join': ['', [{ Ref: 'DbSecret' }, { 'Fn::GetAtt': ['Maker', 'Suffix'] }]] },
          SIGNING_KEY_SECRET: { Ref: 'NotDeclared' },
        },
        { Resources: { Maker: custom('Custom::Maker'), Generic: custom('AWS::CloudFormation::CustomResource'), DbSecret: secret } },
      );
      expect(findings.map((f) => f.id).sort()).toEqual([
        'Hardened-SEC1[Unresolved::Properties.Environment.Variables.API_TOKEN]',
        'Hardened-SEC1[Unresolved::Properties.Environment.Variables.DB_PASSWORD]',
        'Hardened-SEC1[Unresolved::Properties.Environment.Variables.SESSION_SECRET]',
        'Hardened-SEC1[Unresolved::Properties.Environment.Variables.SIGNING_KEY_SECRET]',
      ]);
    });

    test('a value that mixes a resource with an imported value is unresolved, however the import is nested', () => {
      const imported = { 'Fn::ImportValue': 'SharedSuffix' };
      const findings = variables(
        {
          DB_PASSWORD: { 'Fn::Join': ['', [{ Ref: 'DbSecret' }, imported]] },
          API_TOKEN: { 'Fn::Sub': ['${Arn}:${Suffix}', { Arn: { Ref: 'DbSecret' }, Suffix: imported }] },
          AUTH_TOKEN: { 'Fn::Join': [':', [{ Ref: 'DbSecret' }, { 'Fn::Select': [0, [imported]] }]] },
        },
        { Resources: { DbSecret: secret } },
      );
      expect(findings.map((f) => f.id).sort()).toEqual([
        'Hardened-SEC1[Unresolved::Properties.Environment.Variables.API_TOKEN]',
        'Hardened-SEC1[Unresolved::Properties.Environment.Variables.AUTH_TOKEN]',
        'Hardened-SEC1[Unresolved::Properties.Environment.Variables.DB_PASSWORD]',
      ]);
    });

    test('a value computed from nothing in the template (an availability zone, a CIDR block) is unresolved', () => {
      const findings = variables({
        DB_PASSWORD: { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] },
        API_TOKEN: { 'Fn::Join': ['-', ['token', { 'Fn::Select': [0, { 'Fn::Cidr': ['10.0.0.0/16', 2, 8] }] }]] },
      });
      expect(findings.map((f) => f.id).sort()).toEqual([
        'Hardened-SEC1[Unresolved::Properties.Environment.Variables.API_TOKEN]',
        'Hardened-SEC1[Unresolved::Properties.Environment.Variables.DB_PASSWORD]',
      ]);
    });

    test('the unresolved finding names the variable, the resource and what could not be resolved', () => {
      const [imported] = variables({ DB_PASSWORD: { 'Fn::ImportValue': 'SharedDbPassword' } });
      expect(imported.message).toMatch(/^The value of secret-looking environment variable DB_PASSWORD of function Fn \(Fn::ImportValue\) cannot be verified/);
      const [joined] = variables({ DB_PASSWORD: { 'Fn::Join': ['', ['pw-', { 'Fn::ImportValue': 'SharedSuffix' }]] } });
      expect(joined.message).toMatch(/^The value of secret-looking environment variable DB_PASSWORD of function Fn \(pw-\$\{Fn.ImportValue\}\) cannot be verified/);
    });
  });

  describe('CodeBuild variable types', () => {
    const params = { Parameters: { VarType: { Type: 'String' } } };

    test('a Type that is PLAINTEXT in one branch of an Fn::If is judged as plain text', () => {
      const findings = buildVariables([{ Name: 'GITHUB_TOKEN', Value: 'ci/github', Type: { 'Fn::If': ['IsProd', 'SECRETS_MANAGER', 'PLAINTEXT'] } }], {
        Conditions: conditions,
      });
      expect(findings.map((f) => f.id)).toEqual(['Hardened-SEC1[Variable::GITHUB_TOKEN]']);
    });

    test('a Type that may be anything is unresolved when the value would be a finding as plain text, imported or not', () => {
      const path = 'Properties.Environment.EnvironmentVariables';
      expect(buildVariables([{ Name: 'GITHUB_TOKEN', Value: 'ci/github', Type: { 'Fn::ImportValue': 'SharedType' } }]).map((f) => f.id)).toEqual([
        `Hardened-SEC1[Unresolved::${path}.GITHUB_TOKEN.Type]`,
      ]);
      const oneBranch = buildVariables([{ Name: 'GITHUB_TOKEN', Value: 'ci/github', Type: { 'Fn::If': ['IsProd', 'SECRETS_MANAGER', { Ref: 'VarType' }] } }], {
        ...params,
        Conditions: conditions,
      });
      expect(oneBranch.map((f) => f.id)).toEqual([`Hardened-SEC1[Unresolved::${path}.GITHUB_TOKEN.Type]`]);
      // The value itself unknown: as plain text it would be unresolved, so the type decides.
      const unknownValue = buildVariables([{ Name: 'GITHUB_TOKEN', Value: { 'Fn::ImportValue': 'SharedToken' }, Type: { Ref: 'VarType' } }], params);
      expect(unknownValue.map((f) => f.id)).toEqual([`Hardened-SEC1[Unresolved::${path}.GITHUB_TOKEN.Type]`]);
      expect(unknownValue[0].message).toMatch(/^The type of environment variable GITHUB_TOKEN of CodeBuild project Build \(PLAINTEXT or a reference\) cannot be verified/);
    });

    test('a Type that may be anything does not matter when the value would pass as plain text', () => {
      expect(buildVariables([{ Name: 'LOG_LEVEL', Value: 'debug', Type: { Ref: 'VarType' } }], params)).toEqual([]);
    });

    test('a variable whose name is one of two names lists both when its Type is unknown', () => {
      const findings = buildVariables([{ Name: { 'Fn::If': ['IsProd', 'GITHUB_TOKEN', 'NPM_TOKEN'] }, Value: 'ci/token', Type: { Ref: 'VarType' } }], {
        ...params,
        Conditions: conditions,
      });
      expect(findings.map((f) => f.id)).toEqual(['Hardened-SEC1[Unresolved::Properties.Environment.EnvironmentVariables.GITHUB_TOKEN or NPM_TOKEN.Type]']);
      expect(findings[0].message).toMatch(/^The type of environment variable GITHUB_TOKEN or NPM_TOKEN of CodeBuild project Build/);
    });
  });
});
