// Edge cases of LMB2 found by mutation testing (npx projen mutation): each test pins one
// decision of the rule that the main tests left open.
import { RULES_BY_ID } from '../../../../src/checklist/catalog';
import { checkTemplate, findingsOf } from '../../helpers';

const permission = (props: Record<string, unknown>, parameters: Record<string, unknown> = {}) =>
  findingsOf(
    checkTemplate({
      Parameters: parameters,
      Resources: {
        Perm: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: 'fn', ...props } },
      },
    }),
    'LMB2',
  );

const url = (authType: unknown, parameters: Record<string, unknown> = {}) =>
  findingsOf(
    checkTemplate({ Parameters: parameters, Resources: { Url: { Type: 'AWS::Lambda::Url', Properties: { TargetFunctionArn: 'arn', AuthType: authType } } } }),
    'LMB2',
  );

const samUrl = (config: unknown, parameters: Record<string, unknown> = {}) =>
  findingsOf(
    checkTemplate({
      Parameters: parameters,
      Conditions: { On: { 'Fn::Equals': ['a', 'b'] } },
      Resources: { Fn: { Type: 'AWS::Serverless::Function', Properties: { Runtime: 'python3.13', Handler: 'a.b', FunctionUrlConfig: config } } },
    }),
    'LMB2',
  );

describe('LMB2 edge cases', () => {
  test('fails on a principal written with spaces around *, and on * inside an AWS principal list', () => {
    expect(permission({ Principal: ' * ' }).map((f) => f.id)).toEqual(['Hardened-LMB2[Principal::*]']);
    expect(permission({ Principal: { AWS: ['arn:aws:iam::123456789012:root', '*'] } }).map((f) => f.id)).toEqual(['Hardened-LMB2[Principal::*]']);
  });

  test('passes on a service principal object and on a list of specific accounts', () => {
    expect(permission({ Principal: { Service: 's3.amazonaws.com' } })).toEqual([]);
    expect(permission({ Principal: { AWS: ['arn:aws:iam::123456789012:root'] } })).toEqual([]);
    expect(permission({ Principal: 's3.amazonaws.com' })).toEqual([]);
  });

  test('each restricting property alone makes * pass: SourceArn, SourceAccount, PrincipalOrgID', () => {
    expect(permission({ Principal: '*', SourceArn: 'arn:aws:s3:::bucket' })).toEqual([]);
    expect(permission({ Principal: '*', SourceAccount: '123456789012' })).toEqual([]);
    expect(permission({ Principal: '*', PrincipalOrgID: 'o-abc123' })).toEqual([]);
    expect(permission({ Principal: '*', SourceAccount: '*' }).map((f) => f.id)).toEqual(['Hardened-LMB2[Principal::*]']);
  });

  test('a principal that is wholly unknown is unresolved; one that is partly known and not * passes', () => {
    const imported = permission({ Principal: { 'Fn::ImportValue': 'Shared-Principal' } });
    expect(imported.map((f) => f.id)).toEqual(['Hardened-LMB2[Unresolved::Properties.Principal]']);
    expect(imported[0].message).toMatch(/principal of Lambda permission Perm/);
    const param = permission({ Principal: { Ref: 'Who' } }, { Who: { Type: 'String' } });
    expect(param.map((f) => f.id)).toEqual(['Hardened-LMB2[Unresolved::Properties.Principal]']);
    expect(permission({ Principal: { 'Fn::Sub': 'arn:aws:iam::${Acct}:root' } }, { Acct: { Type: 'String' } })).toEqual([]);
    expect(permission({ Principal: { AWS: { Ref: 'Who' } } }, { Who: { Type: 'String' } }).map((f) => f.id)).toEqual([
      'Hardened-LMB2[Unresolved::Properties.Principal]',
    ]);
    expect(permission({ Principal: { AWS: { 'Fn::ImportValue': 'X' } } }).map((f) => f.id)).toEqual(['Hardened-LMB2[Unresolved::Properties.Principal]']);
    expect(permission({ Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${Acct}:root' } } }, { Acct: { Type: 'String' } })).toEqual([]);
  });

  test('a principal only partly unknown passes when it cannot be *; one that is unknown apart from spaces is unresolved', () => {
    const acct = { Svc: { Type: 'String' }, RoleName: { Type: 'String' }, Who: { Type: 'String' } };
    // Neither '${Svc}.amazonaws.com' nor '...:role/${RoleName}' can be '*', written alone or under AWS.
    expect(permission({ Principal: { 'Fn::Sub': '${Svc}.amazonaws.com' } }, acct)).toEqual([]);
    expect(permission({ Principal: { 'Fn::Sub': 'arn:aws:iam::123456789012:role/${RoleName}' } }, acct)).toEqual([]);
    expect(permission({ Principal: { Service: { 'Fn::Sub': '${Svc}.amazonaws.com' } } }, acct)).toEqual([]);
    expect(permission({ Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::123456789012:role/${RoleName}' } } }, acct)).toEqual([]);
    // ' * ' is *, so ' ${Who} ' could be.
    expect(permission({ Principal: { 'Fn::Sub': ' ${Who} ' } }, acct).map((f) => f.id)).toEqual(['Hardened-LMB2[Unresolved::Properties.Principal]']);
  });

  test('an AWS principal with any unknown part is unresolved: one unknown key among known ones, or an unknown entry of a list', () => {
    const who = { Who: { Type: 'String' } };
    expect(permission({ Principal: { Service: 's3.amazonaws.com', AWS: { Ref: 'Who' } } }, who).map((f) => f.id)).toEqual([
      'Hardened-LMB2[Unresolved::Properties.Principal]',
    ]);
    expect(permission({ Principal: { AWS: ['arn:aws:iam::123456789012:root', { Ref: 'Who' }] } }, who).map((f) => f.id)).toEqual([
      'Hardened-LMB2[Unresolved::Properties.Principal]',
    ]);
    expect(permission({ Principal: { AWS: [{ 'Fn::ImportValue': 'SharedAccount' }] } }).map((f) => f.id)).toEqual([
      'Hardened-LMB2[Unresolved::Properties.Principal]',
    ]);
    expect(permission({ Principal: { AWS: ['arn:aws:iam::123456789012:root', 'arn:aws:iam::210987654321:root'] } })).toEqual([]);
  });

  test('an account ID written as a number (unquoted YAML) passes, and an empty principal does not stop the check', () => {
    expect(permission({ Principal: 123456789012 })).toEqual([]);
    expect(() => permission({ Principal: null })).not.toThrow();
    expect(permission({ Principal: null })).toEqual([]);
  });

  test('names the permission and the missing restrictions in its message', () => {
    const [f] = permission({ Principal: '*' });
    expect(f.message).toMatch(/Lambda permission Perm lets anyone \(principal \*\).*SourceArn, SourceAccount or PrincipalOrgID/);
  });

  test('AuthType is judged case-insensitively, and an unknown AuthType is unresolved', () => {
    expect(url(' none ').map((f) => f.id)).toEqual(['Hardened-LMB2[AuthType::NONE]']);
    expect(url(' none ')[0].message).toMatch(/Function URL Url has AuthType NONE/);
    expect(url('AWS_IAM')).toEqual([]);
    const unknown = url({ Ref: 'Auth' }, { Auth: { Type: 'String' } });
    expect(unknown.map((f) => f.id)).toEqual(['Hardened-LMB2[Unresolved::Properties.AuthType]']);
    expect(unknown[0].message).toMatch(/AuthType of Function URL Url/);
    expect(url({ 'Fn::ImportValue': 'Auth' }).map((f) => f.id)).toEqual(['Hardened-LMB2[Unresolved::Properties.AuthType]']);
  });

  test('SAM FunctionUrlConfig: absent or removed passes, unknown is unresolved, NONE fires on the function', () => {
    expect(samUrl(undefined)).toEqual([]);
    expect(samUrl({ 'Fn::If': ['On', { AuthType: 'AWS_IAM' }, { Ref: 'AWS::NoValue' }] })).toEqual([]);
    const unknown = samUrl({ Ref: 'Cfg' }, { Cfg: { Type: 'String' } });
    expect(unknown.map((f) => f.id)).toEqual(['Hardened-LMB2[Unresolved::Properties.FunctionUrlConfig]']);
    expect(unknown[0].message).toMatch(/function URL of Fn/);
    const unknownAuth = samUrl({ AuthType: { Ref: 'Auth' } }, { Auth: { Type: 'String' } });
    expect(unknownAuth.map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Fn Hardened-LMB2[Unresolved::Properties.FunctionUrlConfig.AuthType]']);
    expect(unknownAuth[0].message).toMatch(/^The AuthType of The function URL of Fn \(\$\{Ref\.Auth\}\)/);
    const none = samUrl({ AuthType: 'NONE' });
    expect(none.map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Fn Hardened-LMB2[AuthType::NONE]']);
    expect(none[0].message).toMatch(/function URL of Fn/i);
  });

  test('is catalogued as the lambda family\'s error serving Lambda.1', () => {
    const rule = RULES_BY_ID.get('LMB2')!;
    expect({ family: rule.family, severity: rule.severity, controls: rule.controls }).toEqual({ family: 'lambda', severity: 'error', controls: ['Lambda.1'] });
    expect(rule.title).toBe('Lambda functions are not public');
    expect(rule.explanation).toMatch(/principal \*/);
    expect(rule.fix).toMatch(/AuthType: AWS_IAM/);
  });
});
