// The secrets rules as catalogued (RULES.md is generated from these entries) and as their
// findings carry them: family, severity and controls from CHECKLIST.md, title, why and fix.
import { RULES_BY_ID } from '../../../../src/checklist/catalog';
import { RULES } from '../../../../src/checklist/rules/secrets';
import { Severity } from '../../../../src/checklist/severity';
import { checkTemplate, findingsOf } from '../../helpers';

const rule = (id: string) => RULES_BY_ID.get(id)!;

describe('secrets rule catalog', () => {
  test('the family holds SEC1 to SEC5, in ID order, with the severities of CHECKLIST.md', () => {
    expect(RULES.map((r) => `${r.family} ${r.id} ${r.severity}`)).toEqual([
      'secrets SEC1 error',
      'secrets SEC2 error',
      'secrets SEC3 error',
      'secrets SEC4 error',
      'secrets SEC5 warning',
    ]);
    expect(RULES.map((r) => RULES_BY_ID.get(r.id))).toEqual(RULES);
  });

  test('each rule judges the resource types it names; SEC3 and SEC4 judge the whole template', () => {
    expect(Object.fromEntries(RULES.map((r) => [r.id, r.resourceTypes]))).toEqual({
      SEC1: ['AWS::Lambda::Function', 'AWS::Serverless::Function', 'AWS::ECS::TaskDefinition', 'AWS::CodeBuild::Project'],
      SEC2: ['AWS::SSM::Parameter'],
      SEC3: [],
      SEC4: [],
      SEC5: ['AWS::SecretsManager::Secret'],
    });
    expect(RULES.filter((r) => r.checkTemplate).map((r) => r.id)).toEqual(['SEC3', 'SEC4']);
  });

  test('SEC1 serves CodeBuild.2 and SEC5 SecretsManager.1; SEC2 to SEC4 serve no control', () => {
    expect(Object.fromEntries(RULES.map((r) => [r.id, r.controls]))).toEqual({
      SEC1: ['CodeBuild.2'],
      SEC2: [],
      SEC3: [],
      SEC4: [],
      SEC5: ['SecretsManager.1'],
    });
    const [finding] = findingsOf(
      checkTemplate({
        Resources: {
          Build: {
            Type: 'AWS::CodeBuild::Project',
            Properties: { Environment: { EnvironmentVariables: [{ Name: 'NPM_TOKEN', Value: 'literal-token-value' }] } },
          },
        },
      }),
      'SEC1',
    );
    expect(finding.controls).toEqual(['CodeBuild.2']);
    expect(finding.severity).toBe(Severity.ERROR);
  });

  test('the titles say what each rule checks', () => {
    expect(RULES.map((r) => r.title)).toEqual([
      'Environment variables hold no literal secrets',
      'SSM parameters that hold secrets are SecureString',
      'No credentials are written into the template',
      'Secret-looking template parameters are NoEcho and have no default',
      'Secrets rotate at least every 90 days and are encrypted with a customer managed KMS key',
    ]);
  });

  test('each rule says why it matters and how to fix a finding', () => {
    expect(rule('SEC1').explanation).toMatch(/^Environment variables of Lambda functions, ECS containers and CodeBuild projects are stored in plain text/);
    expect(rule('SEC1').fix).toContain('`environment: { DB_PASSWORD_ARN: secret.secretArn }` with `secret.grantRead(fn)`');
    expect(rule('SEC2').explanation).toMatch(/^A String or StringList SSM parameter is stored unencrypted/);
    expect(rule('SEC2').fix).toMatch(/^Create the secret as a SecureString outside the template/);
    expect(rule('SEC3').explanation).toMatch(/^A template is copied to S3, to the cloud assembly, to source control and to CI logs/);
    expect(rule('SEC3').fix).toMatch(/^Remove the credential from the template and revoke it/);
    expect(rule('SEC4').explanation).toMatch(/^Without NoEcho, CloudFormation shows a parameter's value in the console/);
    expect(rule('SEC4').fix).toContain("`new CfnParameter(this, 'DbPassword', { noEcho: true })`");
    expect(rule('SEC5').explanation).toMatch(/^Rotation limits how long a leaked secret stays useful/);
    expect(rule('SEC5').fix).toContain('`RotationRules.ScheduleExpression: rate(30 days)`');
  });
});
