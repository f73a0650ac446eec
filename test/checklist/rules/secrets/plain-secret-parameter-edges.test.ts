// Edge cases of SEC2 found by mutation testing: which parameter types it judges, the
// CDK hash of a generated name, and what the findings say.
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { FAKE } from './fake-credentials';
import { checkStack, checkTemplate, findingsOf, newStack } from '../../helpers';

const conditions = { IsProd: { 'Fn::Equals': ['a', 'b'] } };

/** The SEC2 findings of a template with one SSM parameter `Param`. */
const sec2Of = (props: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  findingsOf(checkTemplate({ ...extra, Resources: { Param: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'x', ...props } } } }), 'SEC2');

describe('SEC2 edge cases', () => {
  test('an unnamed parameter whose logical ID only refers to a secret passes: the CDK hash is not a word of its name', () => {
    const stack = newStack();
    const p = new ssm.StringParameter(stack, 'DbPasswordArn', { stringValue: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db' });
    expect(stack.getLogicalId(p.node.defaultChild as ssm.CfnParameter)).toMatch(/^DbPasswordArn[0-9A-F]{8}$/);
    expect(findingsOf(checkStack(stack), 'SEC2')).toEqual([]);
  });

  test('a parameter of a type CloudFormation does not create (SecureString) is not SEC2\'s', () => {
    expect(sec2Of({ Type: 'SecureString', Name: '/app/db/password', Value: FAKE.stripeKey })).toEqual([]);
  });

  test('a type that is String in one branch of an Fn::If, or given by a parameter, is judged', () => {
    const branch = sec2Of({ Type: { 'Fn::If': ['IsProd', 'SecureString', 'String'] }, Name: '/app/db/password' }, { Conditions: conditions });
    expect(branch.map((f) => f.id)).toEqual(['Hardened-SEC2[Name::/app/db/password]']);
    const param = sec2Of({ Type: { Ref: 'ParamType' }, Name: '/app/db/password' }, { Parameters: { ParamType: { Type: 'String' } } });
    expect(param.map((f) => f.id)).toEqual(['Hardened-SEC2[Name::/app/db/password]']);
  });

  test('the messages name the parameter, the word that looks secret and the credential found', () => {
    const [named] = sec2Of({ Name: '/app/db/password' });
    expect(named.message).toMatch(/^SSM parameter \/app\/db\/password \(Param\) is a plain String but its name looks secret \('password'\)/);
    const [unnamed] = findingsOf(checkTemplate({ Resources: { ApiToken: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'x' } } } }), 'SEC2');
    expect(unnamed.id).toBe('Hardened-SEC2[Name::ApiToken]');
    expect(unnamed.message).toMatch(/^SSM parameter ApiToken, whose name CloudFormation generates from its logical ID ApiToken, is a plain String but its name looks secret \('token'\)/);
    const [credential] = sec2Of({ Name: '/app/config', Value: FAKE.stripeKey });
    expect(credential.id).toBe('Hardened-SEC2[Credential::StripeKey]');
    expect(credential.message).toMatch(/^SSM parameter Param is a plain String holding a Stripe secret or restricted key \(sk_l…\)/);
    const [unresolved] = sec2Of({ Name: { 'Fn::Sub': '/app/db/${Leaf}' } }, { Parameters: { Leaf: { Type: 'String' } } });
    expect(unresolved.message).toMatch(/^The name of SSM parameter \/app\/db\/\$\{Ref\.Leaf\} \(Param\), which decides whether it holds a secret, cannot be verified/);
  });
});

describe('SEC2 on a name that may be left out', () => {
  const make = (logicalId: string, name: unknown) =>
    findingsOf(
      checkTemplate({
        Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } },
        Resources: { [logicalId]: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'x', Name: name } } },
      }),
      'SEC2',
    );

  test('fires when an Fn::If branch drops the name and the generated one (from the logical ID) looks secret (a bug fixed: it passed)', () => {
    const findings = make('DbPassword', { 'Fn::If': ['IsProd', '/app/host', { Ref: 'AWS::NoValue' }] });
    expect(findings.map((f) => f.id)).toEqual(['Hardened-SEC2[Name::DbPassword]']);
    expect(findings[0].message).toContain('whose name CloudFormation generates from its logical ID DbPassword');
  });

  test('passes when neither the given name nor the generated one looks secret', () => {
    expect(make('AppHost', { 'Fn::If': ['IsProd', '/app/host', { Ref: 'AWS::NoValue' }] })).toEqual([]);
  });

  test('judges both: a secret given name and a secret logical ID give two findings', () => {
    const findings = make('ApiToken', { 'Fn::If': ['IsProd', '/app/db/password', { Ref: 'AWS::NoValue' }] });
    expect(findings.map((f) => f.id).sort()).toEqual(['Hardened-SEC2[Name::/app/db/password]', 'Hardened-SEC2[Name::ApiToken]']);
  });
});
