import { CfnParameter } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const withParameters = (parameters: Record<string, unknown>) => ({
  Parameters: parameters,
  Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: {} } },
});

describe('SEC4 secret-looking template parameters', () => {
  test('fails when a CfnParameter named DbPassword is not NoEcho', () => {
    const stack = newStack();
    new CfnParameter(stack, 'DbPassword', { type: 'String' });
    new sns.Topic(stack, 'Topic');
    const findings = checkStack(stack);
    expect(idsOf(findings, 'SEC4')).toEqual(['Hardened-SEC4[Parameter::DbPassword]']);
    const [f] = findingsOf(findings, 'SEC4');
    // A template parameter is not a resource: the finding lands on the template.
    expect(f.logicalId).toBeNull();
    expect(f.stack).toBe('TestStack');
    expect(f.message).toContain('DbPassword');
    expect(f.message).toContain('not NoEcho');
  });

  test('fails when a NoEcho parameter has a Default', () => {
    const stack = newStack();
    new CfnParameter(stack, 'ApiToken', { noEcho: true, default: 'changeme' });
    new sns.Topic(stack, 'Topic');
    const findings = checkStack(stack);
    expect(idsOf(findings, 'SEC4')).toEqual(['Hardened-SEC4[Parameter::ApiToken]']);
    expect(findingsOf(findings, 'SEC4')[0].message).toContain('has a Default');
  });

  test('passes when a secret-looking parameter is NoEcho without a Default', () => {
    const stack = newStack();
    new CfnParameter(stack, 'DbPassword', { noEcho: true });
    new sns.Topic(stack, 'Topic');
    expect(idsOf(checkStack(stack), 'SEC4')).toEqual([]);
  });

  test('accepts NoEcho as the string "true" and judges snake and CamelCase names alike', () => {
    const findings = checkTemplate(
      withParameters({
        DbPassword: { Type: 'String', NoEcho: 'true' },
        GithubOauthToken: { Type: 'String', NoEcho: 'false' },
        SLACK_WEBHOOK_SECRET: { Type: 'String' },
        ApiKeyParameterName: { Type: 'String', Default: '/app/api-key' },
        DbPasswordSecretArn: { Type: 'String' },
        Environment: { Type: 'String', Default: 'prod' },
      }),
    );
    expect(idsOf(findings, 'SEC4')).toEqual(['Hardened-SEC4[Parameter::GithubOauthToken]', 'Hardened-SEC4[Parameter::SLACK_WEBHOOK_SECRET]']);
  });

  test('an SSM parameter-typed parameter\'s Default is a parameter name, but it must still be NoEcho', () => {
    const findings = checkTemplate(
      withParameters({
        DbPassword: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/app/db/password', NoEcho: true },
        ApiSecret: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/app/api/secret' },
      }),
    );
    expect(idsOf(findings, 'SEC4')).toEqual(['Hardened-SEC4[Parameter::ApiSecret]']);
  });
});
