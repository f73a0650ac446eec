// Edge cases of the identity-policy reading shared by IAM1-IAM3, IAM7 and SEC6 (policy-statements.ts),
// found by mutation testing: each test pins one reading decision the main tests left open.
import { Lazy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ROLE, allow, policyTemplate } from './fixtures';
import { checkTemplate, checkTree, findingsOf, newStack } from '../../helpers';

const imported = { 'Fn::ImportValue': 'Shared' };
const conditions = { On: { 'Fn::Equals': ['a', 'b'] } };

const ids = (template: object, rule: string) =>
  findingsOf(checkTemplate(template), rule)
    .map((f) => `${f.logicalId} ${f.id}`)
    .sort();

function roleWith(policies: unknown) {
  return { Conditions: conditions, Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { ...ROLE.Properties, Policies: policies } } } };
}

function samFunction(policies: unknown) {
  return {
    Transform: 'AWS::Serverless-2016-10-31',
    Conditions: conditions,
    Resources: { Fn: { Type: 'AWS::Serverless::Function', Properties: { Runtime: 'python3.12', Handler: 'a.h', CodeUri: 's3://b/k', Policies: policies } } },
  };
}

describe('identity policy reading', () => {
  test('a role whose properties cannot be rendered is unresolved, named in a capitalised message', () => {
    const stack = newStack();
    const boom = Lazy.string({
      produce: () => {
        throw new Error('cannot render');
      },
    });
    new iam.CfnRole(stack, 'Broken', { roleName: boom, assumeRolePolicyDocument: {} });
    const iam1 = findingsOf(checkTree(stack), 'IAM1');
    expect(iam1.map((f) => f.id)).toEqual(['Hardened-IAM1[Unresolved::Properties]']);
    expect(iam1[0].message).toContain('The properties of TestStack/Broken');
  });

  test('an inline policy that is not an object is unresolved at its index, or at Policies when the list is unknown', () => {
    expect(ids(roleWith(['not-a-policy']), 'IAM1')).toEqual(['Role Hardened-IAM1[Unresolved::Properties.Policies.0]']);
    expect(findingsOf(checkTemplate(roleWith(['not-a-policy'])), 'IAM1')[0].message).toContain('An inline policy of Role');
    expect(ids(roleWith(imported), 'IAM1')).toEqual(['Role Hardened-IAM1[Unresolved::Properties.Policies]']);
  });

  test('an inline policy is named by its PolicyName, or by its position when the name is not one known string', () => {
    const wild = (svc: string) => ({ Statement: [allow(`${svc}:*`)] });
    const findings = findingsOf(
      checkTemplate(
        roleWith([
          { PolicyName: 'Named', PolicyDocument: wild('s3') },
          { PolicyName: { 'Fn::If': ['On', 'A', 'B'] }, PolicyDocument: wild('sqs') },
          { PolicyName: imported, PolicyDocument: wild('sns') },
        ]),
      ),
      'IAM1',
    );
    const message = (svc: string) => findings.find((f) => f.id === `Hardened-IAM1[Action::${svc}:*]`)!.message;
    expect(message('s3')).toContain("inline policy 'Named'");
    expect(message('sqs')).toContain('inline policy 2');
    expect(message('sqs')).not.toContain("'A'");
    expect(message('sns')).toContain('inline policy 3');
  });

  test('unresolved parts of an inline policy carry the path of the policy document', () => {
    expect(ids(roleWith([{ PolicyName: 'P', PolicyDocument: { Statement: [allow(imported)] } }]), 'IAM1')).toEqual([
      'Role Hardened-IAM1[Unresolved::Properties.Policies.0.PolicyDocument.Statement.0.Action]',
    ]);
    expect(ids(policyTemplate([allow('s3:GetObject'), allow(imported)]), 'IAM1')).toEqual(['Pol Hardened-IAM1[Unresolved::Properties.PolicyDocument.Statement.1.Action]']);
  });

  test('null and AWS::NoValue entries are absent, not unreadable', () => {
    expect(ids(roleWith([null, { PolicyName: 'P', PolicyDocument: { Statement: [null, allow(['s3:*', null])] } }]), 'IAM1')).toEqual(['Role Hardened-IAM1[Action::s3:*]']);
    expect(ids(policyTemplate([allow('s3:*')]), 'IAM3')).toEqual([]);
    expect(ids(policyTemplate([{ Effect: 'Allow', Action: 's3:*', Resource: '*', NotResource: [{ Ref: 'AWS::NoValue' }] }]), 'IAM3')).toEqual([]);
  });

  test('a policy document that is not JSON or not an object is unresolved; a JSON string is read', () => {
    expect(ids(policyTemplate(undefined, { Resources: { Pol: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: '{not json' } } } }), 'IAM1')).toEqual([
      'Pol Hardened-IAM1[Unresolved::Properties.PolicyDocument]',
    ]);
    const numeric = findingsOf(checkTemplate({ Resources: { Pol: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: 5 } } } }), 'IAM1');
    expect(numeric.map((f) => f.id)).toEqual(['Hardened-IAM1[Unresolved::Properties.PolicyDocument]']);
    expect(numeric[0].message).toContain('The policy document of Pol');
    const json = JSON.stringify({ Statement: [allow('sqs:*')] });
    expect(ids({ Resources: { Pol: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: json } } } }, 'IAM1')).toEqual(['Pol Hardened-IAM1[Action::sqs:*]']);
  });

  test('a trust policy that is not JSON is unresolved at AssumeRolePolicyDocument (IAM8)', () => {
    expect(ids({ Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: '{not json' } } } }, 'IAM8')).toEqual([
      'Role Hardened-IAM8[Unresolved::Properties.AssumeRolePolicyDocument]',
    ]);
  });

  test('a statement that is not an object is unresolved and named by its position', () => {
    const findings = findingsOf(checkTemplate(policyTemplate([allow('s3:GetObject'), 'oops'])), 'IAM1');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-IAM1[Unresolved::Properties.PolicyDocument.Statement.1]']);
    expect(findings[0].message).toContain('Statement 2 of the policy document of Pol');
  });

  test('a statement is named by its position and its Sid when the Sid is a non-empty string', () => {
    const findings = findingsOf(
      checkTemplate(policyTemplate([{ Sid: 'First', ...allow('s3:*') }, { Sid: '', ...allow('sqs:*') }, { Sid: 7, ...allow('sns:*') }])),
      'IAM1',
    );
    const message = (svc: string) => findings.find((f) => f.id === `Hardened-IAM1[Action::${svc}:*]`)!.message;
    expect(message('s3')).toContain('statement 1 ("First") of the policy document');
    expect(message('sqs')).toContain('statement 2 of the policy document');
    expect(message('sns')).toContain('statement 3 of the policy document');
  });

  test('a statement is an Allow unless every value of its Effect is Deny, in any case and spacing', () => {
    const eff = (effect: unknown) => ids(policyTemplate([{ Effect: effect, Action: 's3:*', Resource: '*' }], { Conditions: conditions }), 'IAM1');
    expect(eff(' DENY ')).toEqual([]);
    expect(eff({ 'Fn::If': ['On', 'Deny', 'deny'] })).toEqual([]);
    expect(eff({ 'Fn::If': ['On', 'Deny', 'Allow'] })).toEqual(['Pol Hardened-IAM1[Action::s3:*]']);
    expect(eff(imported)).toEqual(['Pol Hardened-IAM1[Action::s3:*]']);
  });

  test('IAM1, IAM2 and IAM7 leave statements with NotAction or NotResource to IAM3', () => {
    const template = policyTemplate([
      { Effect: 'Allow', Action: 'iam:*', NotAction: 's3:GetObject', Resource: '*' },
      { Effect: 'Allow', Action: 'iam:*', NotResource: 'arn:aws:s3:::b' },
    ]);
    expect(ids(template, 'IAM3')).toEqual(['Pol Hardened-IAM3[NotAction]', 'Pol Hardened-IAM3[NotResource]']);
    for (const rule of ['IAM1', 'IAM2', 'IAM7']) expect(ids(template, rule)).toEqual([]);
  });

  test('numbers and booleans are read as strings, lists from Fn::If as their elements, other objects as unknown', () => {
    expect(ids(policyTemplate([allow(['s3:GetObject', 42, true], 'arn:aws:s3:::b/k')]), 'IAM1')).toEqual([]);
    expect(ids(policyTemplate([allow([{ 'Fn::If': ['On', ['s3:*', 'sqs:*'], 'sns:Publish'] }])], { Conditions: conditions }), 'IAM1')).toEqual([
      'Pol Hardened-IAM1[Action::s3:*]',
      'Pol Hardened-IAM1[Action::sqs:*]',
    ]);
    const odd = findingsOf(checkTemplate(policyTemplate([allow('s3:GetObject', [{ NotAnIntrinsic: 1 }])])), 'IAM2');
    expect(odd.map((f) => f.id)).toEqual(['Hardened-IAM2[Unresolved::Properties.PolicyDocument.Statement.0.Resource]']);
    expect(odd[0].message).toContain('NotAnIntrinsic');
    expect(ids(policyTemplate([allow([{ NotAnIntrinsic: 1 }])]), 'IAM1')).toEqual(['Pol Hardened-IAM1[Unresolved::Properties.PolicyDocument.Statement.0.Action]']);
  });

  test('repeated values are listed once in messages', () => {
    const findings = findingsOf(checkTemplate(policyTemplate([allow(['s3:GetObject', 's3:GetObject'])])), 'IAM2');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-IAM2[Resource::*]']);
    expect(findings[0].message.split('s3:GetObject').length).toBe(2);
  });

  test('long action lists are cut after five with a count of the rest', () => {
    const seven = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket', 's3:GetBucketPolicy', 'sqs:SendMessage', 'sns:Publish'];
    const cut = findingsOf(checkTemplate(policyTemplate([allow(seven)])), 'IAM2')[0].message;
    expect(cut).toContain('s3:GetBucketPolicy and 2 more');
    expect(cut).not.toContain('sqs:SendMessage');
    const five = findingsOf(checkTemplate(policyTemplate([allow(seven.slice(0, 5))])), 'IAM2')[0].message;
    expect(five).toContain('s3:GetBucketPolicy');
    expect(five).not.toContain('more');
  });

  describe('SAM function Policies', () => {
    test('policy documents are named by position, or as the Policies document when Policies is one document', () => {
      const listed = findingsOf(checkTemplate(samFunction([{ Statement: [allow('s3:*')] }])), 'IAM1');
      expect(listed.map((f) => f.id)).toEqual(['Hardened-IAM1[Action::s3:*]']);
      expect(listed[0].message).toContain('policy document 1 of Policies');
      expect(ids(samFunction([{ Statement: [allow(imported)] }]), 'IAM1')).toEqual(['Fn Hardened-IAM1[Unresolved::Properties.Policies.0.Statement.0.Action]']);
      const single = findingsOf(checkTemplate(samFunction({ Statement: [allow('s3:*')] })), 'IAM1');
      expect(single[0].message).toContain('the Policies document');
      expect(ids(samFunction({ Statement: [allow(imported)] }), 'IAM1')).toEqual(['Fn Hardened-IAM1[Unresolved::Properties.Policies.Statement.0.Action]']);
    });

    test('an entry that is neither a document, a template nor a policy name is unresolved', () => {
      const findings = findingsOf(checkTemplate(samFunction(['AWSLambdaBasicExecutionRole', 5])), 'IAM1');
      expect(findings.map((f) => f.id)).toEqual(['Hardened-IAM1[Unresolved::Properties.Policies.1]']);
      expect(findings[0].message).toContain('An entry of Policies of Fn');
    });

    test('an unknown managed policy name is unresolved at Policies (IAM4)', () => {
      expect(ids(samFunction([imported]), 'IAM4')).toEqual(['Fn Hardened-IAM4[Unresolved::Properties.Policies]']);
    });
  });
});
