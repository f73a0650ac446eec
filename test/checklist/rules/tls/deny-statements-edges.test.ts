// How TLS1, TLS2 and TLS7 read a resource policy, beyond the main tests: documents as
// JSON text or odd values, and each part of a Deny statement (Effect, Principal,
// Action/NotAction, Condition), with what is unknown reported unresolved.
import { checkTemplate, idsOf } from '../../helpers';

const INSECURE = { Bool: { 'aws:SecureTransport': 'false' } };
const BUCKET_ARNS = [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, { 'Fn::Sub': '${Bucket.Arn}/*' }];

const FIRES = ['Hardened-TLS1'];
const UNRESOLVED = ['Hardened-TLS1[Unresolved::Policy.PolicyDocument]'];

/** The statement CDK's `enforceSSL` writes, with `overrides` (a key set to undefined is left out). */
function deny(overrides: Record<string, unknown> = {}) {
  const st: Record<string, unknown> = { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: BUCKET_ARNS, Condition: INSECURE, ...overrides };
  return Object.fromEntries(Object.entries(st).filter(([, v]) => v !== undefined));
}

/** A bucket with one policy whose `PolicyDocument` is `document`. */
function withDocument(document: unknown, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    Resources: {
      Bucket: { Type: 'AWS::S3::Bucket' },
      Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Bucket' }, PolicyDocument: document } },
    },
  };
}

const withStatements = (statements: unknown, extra: Record<string, unknown> = {}) => withDocument({ Version: '2012-10-17', Statement: statements }, extra);
const tls1 = (template: object) => idsOf(checkTemplate(template), 'TLS1');
const tls2 = (template: object) => idsOf(checkTemplate(template), 'TLS2');
const stringParam = (name: string, more: Record<string, unknown> = {}) => ({ Parameters: { [name]: { Type: 'String', ...more } } });

describe('TLS1/TLS2/TLS7: the policy document', () => {
  test('a bucket policy without a PolicyDocument denies nothing', () => {
    const template = { Resources: { Bucket: { Type: 'AWS::S3::Bucket' }, Policy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Bucket' } } } } };
    expect(tls1(template)).toEqual(FIRES);
  });

  test('a document given as JSON text is read like a mapping', () => {
    const json = JSON.stringify({ Statement: [deny({ Resource: ['${Bucket.Arn}', '${Bucket.Arn}/*'] })] });
    expect(tls1(withDocument({ 'Fn::Sub': json }))).toEqual([]);
    expect(tls1(withDocument(JSON.stringify({ Statement: [deny({ Resource: '*' })] })))).toEqual([]);
  });

  test('JSON text that does not parse denies nothing, unless a part that could be anything may make it parse', () => {
    expect(tls1(withDocument('{"Statement": [{"Effect": "Deny"'))).toEqual(FIRES);
    expect(tls1(withDocument({ 'Fn::Sub': '{"Statement": ${Statements}}' }, stringParam('Statements')))).toEqual(UNRESOLVED);
  });

  test('a document that is a bare list of statements, not a mapping, denies nothing', () => {
    expect(tls1(withDocument([deny()]))).toEqual(FIRES);
  });

  test('a document that exists in only one branch of an Fn::If fires (the other branch has no policy document)', () => {
    const conditions = { Conditions: { Strict: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } } };
    expect(tls1(withDocument({ 'Fn::If': ['Strict', { Statement: [deny()] }, { Ref: 'AWS::NoValue' }] }, conditions))).toEqual(FIRES);
  });

  test('an imported Statement list is unresolved', () => {
    expect(tls1(withStatements({ 'Fn::ImportValue': 'SharedStatements' }))).toEqual(UNRESOLVED);
  });
});

describe('TLS1/TLS2/TLS7: Effect and Principal', () => {
  test('an Effect from a parameter is judged by its AllowedValues, and unresolved without them', () => {
    const effect = (more: Record<string, unknown>) => withStatements([deny({ Effect: { Ref: 'Effect' } })], stringParam('Effect', more));
    expect(tls1(effect({ AllowedValues: ['Deny'] }))).toEqual([]);
    expect(tls1(effect({ AllowedValues: ['Allow', 'Deny'] }))).toEqual(FIRES);
    expect(tls1(effect({ Default: 'Deny' }))).toEqual(UNRESOLVED);
  });

  test('a statement without an Effect denies nothing', () => {
    expect(tls1(withStatements([deny({ Effect: undefined })]))).toEqual(FIRES);
  });

  test('a NotPrincipal spares someone, so the deny never counts, even beside Principal "*"', () => {
    expect(tls1(withStatements([deny({ Principal: '*', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/admin' } })]))).toEqual(FIRES);
  });

  test('a deny without a Principal, or for one account, a service or a malformed list, does not cover every principal', () => {
    for (const principal of [undefined, 'arn:aws:iam::123456789012:root', { Service: 's3.amazonaws.com' }, ['*']]) {
      expect(tls1(withStatements([deny({ Principal: principal })]))).toEqual(FIRES);
    }
  });

  test('a Principal that could be anything is unresolved', () => {
    const params = stringParam('Who');
    for (const principal of [{ 'Fn::ImportValue': 'Who' }, { Ref: 'Who' }, { AWS: { 'Fn::ImportValue': 'Who' } }, { AWS: [{ Ref: 'Who' }] }]) {
      expect(tls1(withStatements([deny({ Principal: principal })], params))).toEqual(UNRESOLVED);
    }
  });
});

describe('TLS1/TLS2/TLS7: Action and NotAction', () => {
  test('Action "*" covers every S3 action', () => {
    expect(tls1(withStatements([deny({ Action: '*' })]))).toEqual([]);
  });

  test('an Action that could be anything is unresolved', () => {
    expect(tls1(withStatements([deny({ Action: { 'Fn::ImportValue': 'Actions' } })]))).toEqual(UNRESOLVED);
    expect(tls1(withStatements([deny({ Action: [{ Ref: 'Act' }] })], stringParam('Act')))).toEqual(UNRESOLVED);
  });

  test('a deny with neither Action nor NotAction denies nothing', () => {
    expect(tls1(withStatements([deny({ Action: undefined })]))).toEqual(FIRES);
  });

  test('an action nested in a list is not an action, and does not break the rule', () => {
    expect(tls1(withStatements([deny({ Action: [['s3:*']] })]))).toEqual(FIRES);
  });

  test('a deny of everything except other services\' actions (NotAction) covers every S3 action', () => {
    expect(tls1(withStatements([deny({ Action: undefined, NotAction: 'sqs:*' })]))).toEqual([]);
    expect(tls1(withStatements([deny({ Action: undefined, NotAction: ['iam:PassRole', 'kms:*'] })]))).toEqual([]);
  });

  test('a NotAction that spares any S3 action, or everything, does not cover s3:*', () => {
    for (const notAction of ['s3:GetObject', ['kms:*', 's3:*'], '*']) {
      expect(tls1(withStatements([deny({ Action: undefined, NotAction: notAction })]))).toEqual(FIRES);
    }
  });

  test('a NotAction that could be anything is unresolved', () => {
    expect(tls1(withStatements([deny({ Action: undefined, NotAction: { 'Fn::ImportValue': 'Spared' } })]))).toEqual(UNRESOLVED);
    expect(tls1(withStatements([deny({ Action: undefined, NotAction: [{ Ref: 'Spared' }] })], stringParam('Spared')))).toEqual(UNRESOLVED);
  });

  test('TLS7: a NotAction sparing another SQS action covers sending and receiving; one sparing SendMessage does not', () => {
    const queueWith = (notAction: unknown) => ({
      Resources: {
        Queue: { Type: 'AWS::SQS::Queue' },
        Policy: {
          Type: 'AWS::SQS::QueuePolicy',
          Properties: {
            Queues: [{ Ref: 'Queue' }],
            PolicyDocument: { Statement: [{ Effect: 'Deny', Principal: '*', NotAction: notAction, Resource: { 'Fn::GetAtt': ['Queue', 'Arn'] }, Condition: INSECURE }] },
          },
        },
      },
    });
    expect(idsOf(checkTemplate(queueWith('sqs:GetQueueAttributes')), 'TLS7')).toEqual([]);
    expect(idsOf(checkTemplate(queueWith('sqs:SendMessage')), 'TLS7')).toEqual(['Hardened-TLS7']);
    expect(idsOf(checkTemplate(queueWith('sqs:Receive*')), 'TLS7')).toEqual(['Hardened-TLS7']);
  });
});

describe('TLS1/TLS2/TLS7: Condition', () => {
  test('an unconditional deny for everyone also denies requests without TLS or with old TLS', () => {
    const template = withStatements([deny({ Condition: undefined })]);
    expect(tls1(template)).toEqual([]);
    expect(tls2(template)).toEqual([]);
  });

  test('a Condition that could be anything is unresolved', () => {
    expect(tls1(withStatements([deny({ Condition: { 'Fn::ImportValue': 'Condition' } })]))).toEqual(UNRESOLVED);
    expect(tls1(withStatements([deny({ Condition: { Bool: { 'Fn::ImportValue': 'Flags' } } })]))).toEqual(UNRESOLVED);
    expect(tls1(withStatements([deny({ Condition: { Bool: { Ref: 'Flags' } } })], stringParam('Flags')))).toEqual(UNRESOLVED);
  });

  test('a Condition that is not a mapping does not count', () => {
    expect(tls1(withStatements([deny({ Condition: 'aws:SecureTransport=false' })]))).toEqual(FIRES);
  });

  test('TLS1 counts only Bool or BoolIfExists on aws:SecureTransport, whatever the case', () => {
    const withCondition = (condition: unknown) => tls1(withStatements([deny({ Condition: condition })]));
    expect(withCondition({ BoolIfExists: { 'AWS:SecureTransport': ['false'] } })).toEqual([]);
    expect(withCondition({ StringEquals: { 'aws:SecureTransport': 'false' } })).toEqual(FIRES);
    expect(withCondition({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } })).toEqual(FIRES);
    expect(withCondition({ Bool: { 'aws:SecureTransport': 'true' } })).toEqual(FIRES);
  });

  test('set operators (ForAnyValue:, ForAllValues:) are not among the conditions that count', () => {
    expect(tls1(withStatements([deny({ Condition: { 'ForAnyValue:Bool': { 'aws:SecureTransport': 'false' } } })]))).toEqual(FIRES);
    expect(tls2(withStatements([deny({ Condition: { 'ForAllValues:NumericLessThan': { 's3:TlsVersion': '1.2' } } })]))).toEqual(['Hardened-TLS2']);
    expect(tls2(withStatements([deny({ Condition: { 'ForAnyValue:NumericLessThanEquals': { 's3:TlsVersion': '1.1' } } })]))).toEqual(['Hardened-TLS2']);
  });

  test('TLS2: a version that could be anything is unresolved', () => {
    const unresolved = ['Hardened-TLS2[Unresolved::Policy.PolicyDocument]'];
    expect(tls2(withStatements([deny({ Condition: { NumericLessThan: { 'Fn::ImportValue': 'TlsCondition' } } })]))).toEqual(unresolved);
    expect(tls2(withStatements([deny({ Condition: { NumericLessThan: { 's3:TlsVersion': { 'Fn::ImportValue': 'MinTls' } } } })]))).toEqual(unresolved);
  });

  test('TLS2: another condition beside the version narrows the deny, whatever the order', () => {
    const narrowed = { NumericLessThan: { 's3:TlsVersion': '1.2' }, StringEquals: { 'aws:SourceVpce': 'vpce-1234' } };
    expect(tls2(withStatements([deny({ Condition: narrowed })]))).toEqual(['Hardened-TLS2']);
  });

  test('TLS2: NumericLessThan on another key does not count', () => {
    expect(tls2(withStatements([deny({ Condition: { NumericLessThan: { 's3:signatureAge': '600000' } } })]))).toEqual(['Hardened-TLS2']);
  });
});
