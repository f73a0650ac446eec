import * as ssm from 'aws-cdk-lib/aws-ssm';
import { FAKE } from './fake-credentials';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const parameter = (props: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...extra,
  Resources: { Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'x', ...props } } },
});

describe('SEC2 secrets in plain SSM parameters', () => {
  test('fails when a StringParameter is named /app/db/password', () => {
    const stack = newStack();
    new ssm.StringParameter(stack, 'DbPassword', { parameterName: '/app/db/password', stringValue: 'hunter2hunter2' });
    const findings = checkStack(stack);
    expect(idsOf(findings, 'SEC2')).toEqual(['Hardened-SEC2[Name::/app/db/password]']);
    const [f] = findingsOf(findings, 'SEC2');
    expect(f.path).toBe('TestStack/DbPassword/Resource');
    expect(f.message).not.toContain('hunter2');
  });

  test('fails when a StringListParameter holds a Stripe key', () => {
    const stack = newStack();
    new ssm.StringListParameter(stack, 'Keys', { parameterName: '/app/keys', stringListValue: ['pk_live_public', FAKE.stripeKey] });
    const findings = checkStack(stack);
    expect(idsOf(findings, 'SEC2')).toEqual(['Hardened-SEC2[Credential::StripeKey]']);
    // The value is SEC2's: SEC3 does not report the same credential again.
    expect(idsOf(findings, 'SEC3')).toEqual([]);
  });

  test('fails when an unnamed parameter\'s logical ID looks secret (CloudFormation names it after the ID)', () => {
    const stack = newStack();
    const p = new ssm.StringParameter(stack, 'ApiToken', { stringValue: 'abc' });
    const findings = checkStack(stack);
    const logicalId = stack.getLogicalId(p.node.defaultChild as ssm.CfnParameter);
    expect(idsOf(findings, 'SEC2')).toEqual([`Hardened-SEC2[Name::${logicalId}]`]);
  });

  test('fails on a raw parameter with a kebab-case secret name', () => {
    const findings = checkTemplate(parameter({ Name: '/prod/payments/api-key' }));
    expect(idsOf(findings, 'SEC2')).toEqual(['Hardened-SEC2[Name::/prod/payments/api-key]']);
    expect(findingsOf(findings, 'SEC2')[0].logicalId).toBe('Param');
  });

  test('passes when the parameter only names where a secret lives or holds configuration', () => {
    const stack = newStack();
    new ssm.StringParameter(stack, 'SecretArn', { parameterName: '/app/db/password-arn', stringValue: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db' });
    new ssm.StringParameter(stack, 'Host', { parameterName: '/app/db/host', stringValue: 'db.example.com' });
    expect(idsOf(checkStack(stack), 'SEC2')).toEqual([]);
  });

  test('fails Unresolved when part of the name is a parameter that could make it secret', () => {
    const findings = checkTemplate(parameter({ Name: { 'Fn::Sub': '/app/db/${Suffix}' } }, { Parameters: { Suffix: { Type: 'String' } } }));
    expect(idsOf(findings, 'SEC2')).toEqual(['Hardened-SEC2[Unresolved::Properties.Name]']);
  });

  test('passes when an unknown part inside the name only qualifies it (an environment prefix)', () => {
    const findings = checkTemplate(parameter({ Name: { 'Fn::Sub': '/app/${Env}/db/host' } }, { Parameters: { Env: { Type: 'String' } } }));
    expect(idsOf(findings, 'SEC2')).toEqual([]);
  });

  test('fails when a secret word sits in a literal part of a name with an unknown part', () => {
    const findings = checkTemplate(parameter({ Name: { 'Fn::Sub': '/app/${Env}/db/password' } }, { Parameters: { Env: { Type: 'String' } } }));
    expect(idsOf(findings, 'SEC2')).toEqual(['Hardened-SEC2[Name::/app/${Ref.Env}/db/password]']);
  });

  test('fails Unresolved when the name is an imported value', () => {
    const findings = checkTemplate(parameter({ Name: { 'Fn::ImportValue': 'ParamName' } }));
    expect(idsOf(findings, 'SEC2')).toEqual(['Hardened-SEC2[Unresolved::Properties.Name]']);
  });

  test('judges both branches of an Fn::If name', () => {
    const findings = checkTemplate(
      parameter({ Name: { 'Fn::If': ['IsProd', '/prod/db/host', '/dev/db/password'] } }, { Conditions: { IsProd: { 'Fn::Equals': ['a', 'b'] } } }),
    );
    expect(idsOf(findings, 'SEC2')).toEqual(['Hardened-SEC2[Name::/dev/db/password]']);
  });
});
