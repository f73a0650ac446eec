// TLS1 and TLS2 beyond the main tests: which bucket policies apply to a bucket, which
// `Resource` entries cover the bucket and its objects, and what the findings say.
import { Severity } from '../../../../src/checklist/severity';
import { checkTemplate, findingsOf, idsOf } from '../../helpers';

const INSECURE = { Bool: { 'aws:SecureTransport': 'false' } };
const OLD_TLS = { NumericLessThan: { 's3:TlsVersion': '1.2' } };
const BUCKET_ARNS = [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, { 'Fn::Sub': '${Bucket.Arn}/*' }];
const CONDITIONS = { Strict: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } };

const FIRES = ['Hardened-TLS1'];
const UNRESOLVED = ['Hardened-TLS1[Unresolved::Policy.PolicyDocument]'];

function deny(resource: unknown, condition: unknown = INSECURE) {
  return { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: resource, Condition: condition };
}

/** The same deny with no `Resource`, and `NotResource` when given. */
function denyWithout(notResource?: unknown) {
  const { Resource: _resource, ...rest } = deny(undefined);
  return notResource === undefined ? rest : { ...rest, NotResource: notResource };
}

function policy(bucketRef: unknown, statements: unknown[]) {
  return { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: bucketRef, PolicyDocument: { Version: '2012-10-17', Statement: statements } } };
}

function bucket(properties?: Record<string, unknown>) {
  return properties ? { Type: 'AWS::S3::Bucket', Properties: properties } : { Type: 'AWS::S3::Bucket' };
}

/** A bucket `Bucket` (with `bucketProps`) and a policy `Policy` on it by `Ref`, holding `statements`. */
function withPolicy(statements: unknown[], bucketProps?: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { ...extra, Resources: { Bucket: bucket(bucketProps), Policy: policy({ Ref: 'Bucket' }, statements) } };
}

const tls1 = (template: object) => idsOf(checkTemplate(template), 'TLS1');
const tls1On = (template: object, logicalId: string) =>
  findingsOf(checkTemplate(template), 'TLS1').filter((f) => f.logicalId === logicalId).map((f) => f.id);

describe('TLS1/TLS2: the policies that apply to a bucket', () => {
  test('a deny on every resource in another bucket\'s policy does not protect a bucket it merely mentions', () => {
    const template = {
      Resources: {
        Bucket: bucket(),
        Other: bucket(),
        OtherPolicy: policy({ Ref: 'Other' }, [
          deny('*'),
          { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: { 'Fn::Sub': '${Bucket.Arn}/*' } },
        ]),
      },
    };
    const findings = findingsOf(checkTemplate(template), 'TLS1');
    expect(findings.map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Bucket Hardened-TLS1']);
    expect(findings[0].message).toContain('has no bucket policy');
  });

  test('a named bucket without any bucket policy fires, saying it has none', () => {
    const findings = findingsOf(checkTemplate({ Resources: { Logs: bucket({ BucketName: 'my-logs' }) } }), 'TLS1');
    expect(findings.map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Logs Hardened-TLS1']);
    expect(findings[0].message).toContain('no bucket policy');
  });

  test('a policy naming the bucket by the same parameter as its BucketName, with ARNs built from that parameter, passes', () => {
    const template = {
      Parameters: { LogsBucketName: { Type: 'String' } },
      Resources: {
        Bucket: bucket({ BucketName: { Ref: 'LogsBucketName' } }),
        Policy: policy({ Ref: 'LogsBucketName' }, [
          deny([{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${LogsBucketName}' }, { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${LogsBucketName}/*' }]),
        ]),
      },
    };
    expect(tls1(template)).toEqual([]);
  });

  describe('a bucket named by a parameter with AllowedValues: each choice is judged with the parameter taking it everywhere', () => {
    const NAME = { Type: 'String', AllowedValues: ['logs-a', 'logs-b'] };
    const ARNS = [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Name}' }, { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Name}/*' }];
    const named = (policies: Record<string, unknown>) => ({
      Parameters: { Name: NAME },
      Resources: { Logs: bucket({ BucketName: { Ref: 'Name' } }), ...policies },
    });

    test('a policy on the same parameter, with ARNs built from it, passes TLS1 and TLS2', () => {
      expect(tls1(named({ Policy: policy({ Ref: 'Name' }, [deny(ARNS)]) }))).toEqual([]);
      const both = named({ Policy: policy({ Ref: 'Name' }, [deny(ARNS), deny(ARNS, OLD_TLS)]) });
      expect(idsOf(checkTemplate(both), 'TLS2')).toEqual([]);
    });

    test('a policy for one of the allowed names does not protect the bucket; one for each does', () => {
      const onlyA = policy('logs-a', [deny(['arn:aws:s3:::logs-a', 'arn:aws:s3:::logs-a/*'])]);
      expect(tls1On(named({ PolicyA: onlyA }), 'Logs')).toEqual(FIRES);
      const onlyB = policy('logs-b', [deny(['arn:aws:s3:::logs-b', 'arn:aws:s3:::logs-b/*'])]);
      expect(tls1On(named({ PolicyA: onlyA, PolicyB: onlyB }), 'Logs')).toEqual([]);
    });

    test('a choice whose policy cannot be read is unresolved, naming that policy; a choice without a policy still fires', () => {
      const a = policy('logs-a', [deny(['arn:aws:s3:::logs-a', 'arn:aws:s3:::logs-a/*'])]);
      const unreadable = { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: 'logs-b', PolicyDocument: { Ref: 'Document' } } };
      const template = named({ PolicyA: a, PolicyB: unreadable }) as any;
      template.Parameters.Document = { Type: 'String' };
      expect(tls1On(template, 'Logs')).toEqual(['Hardened-TLS1[Unresolved::PolicyB.PolicyDocument]']);
      template.Parameters.Name = { Type: 'String', AllowedValues: ['logs-a', 'logs-b', 'logs-c'] };
      expect(tls1On(template, 'Logs')).toEqual(FIRES);
    });

    test('ARNs naming a different parameter than the bucket\'s name do not count', () => {
      const template = named({ Policy: policy({ Ref: 'Name' }, [deny([{ 'Fn::Sub': 'arn:aws:s3:::${Other}' }, { 'Fn::Sub': 'arn:aws:s3:::${Other}/*' }])]) }) as any;
      template.Parameters.Other = NAME;
      expect(tls1On(template, 'Logs')).toEqual(FIRES);
    });
  });

  test('a policy whose Bucket is written as the bucket\'s imported name applies to it: its ARNs of the import are unresolved', () => {
    const imported = { 'Fn::ImportValue': 'LogsBucketName' };
    const arns = [{ 'Fn::Sub': ['arn:aws:s3:::${N}', { N: imported }] }, { 'Fn::Sub': ['arn:aws:s3:::${N}/*', { N: imported }] }];
    const template = { Resources: { Logs: bucket({ BucketName: imported }), Policy: policy(imported, [deny(arns)]) } };
    expect(tls1On(template, 'Logs')).toEqual(UNRESOLVED);
  });

  test('a bucket named after the account, denied on ARNs spelled with the same Fn::Sub, passes', () => {
    const name = 'logs-${AWS::AccountId}';
    const byRef = withPolicy([deny([{ 'Fn::Sub': `arn:aws:s3:::${name}` }, { 'Fn::Sub': `arn:aws:s3:::${name}/*` }])], { BucketName: { 'Fn::Sub': name } });
    expect(tls1(byRef)).toEqual([]);
    const byName = {
      Resources: {
        Bucket: bucket({ BucketName: { 'Fn::Sub': name } }),
        Policy: policy({ 'Fn::Sub': name }, [deny([{ 'Fn::Sub': `arn:aws:s3:::${name}` }, { 'Fn::Sub': `arn:aws:s3:::${name}/*` }])]),
      },
    };
    expect(tls1(byName)).toEqual([]);
  });

  test('a policy whose Bucket is one of two names (Fn::If) is not proven to apply to either bucket', () => {
    const template = {
      Conditions: CONDITIONS,
      Resources: {
        Logs: bucket({ BucketName: 'logs-a' }),
        Policy: policy({ 'Fn::If': ['Strict', 'logs-a', 'logs-b'] }, [deny(['arn:aws:s3:::logs-a', 'arn:aws:s3:::logs-a/*'])]),
      },
    };
    expect(tls1On(template, 'Logs')).toEqual(FIRES);
  });

  test('a bucket whose name is one of two (Fn::If) is not protected by a policy for one of them', () => {
    const template = {
      Conditions: CONDITIONS,
      Resources: {
        Logs: bucket({ BucketName: { 'Fn::If': ['Strict', 'logs-a', 'logs-b'] } }),
        Policy: policy('logs-a', [deny(['arn:aws:s3:::logs-a', 'arn:aws:s3:::logs-a/*'])]),
      },
    };
    expect(tls1On(template, 'Logs')).toEqual(FIRES);
  });

  test('a bucket whose name is imported is still judged through its policy, by its ARN', () => {
    expect(tls1(withPolicy([deny(BUCKET_ARNS)], { BucketName: { 'Fn::ImportValue': 'LogsBucketName' } }))).toEqual([]);
  });
});

describe('TLS1/TLS2: the Resource entries that cover a bucket and its objects', () => {
  test('Resource "*" covers the bucket and its objects', () => {
    expect(tls1(withPolicy([deny('*')]))).toEqual([]);
    expect(idsOf(checkTemplate(withPolicy([deny('*', OLD_TLS)])), 'TLS2')).toEqual([]);
  });

  test('a wildcard that needs at least one character covers a bucket and every object key', () => {
    expect(tls1(withPolicy([deny(['arn:aws:s3:::?*', 'arn:aws:s3:::?*/?*'])]))).toEqual([]);
    expect(tls1(withPolicy([deny(['arn:aws:s3:::my-logs', 'arn:aws:s3:::my-logs/?*'])], { BucketName: 'my-logs' }))).toEqual([]);
  });

  test('a deny on the bucket alone, without its objects, fires on the bucket', () => {
    const findings = findingsOf(checkTemplate(withPolicy([deny({ 'Fn::GetAtt': ['Bucket', 'Arn'] })])), 'TLS1');
    expect(findings.map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Bucket Hardened-TLS1']);
  });

  test('ARNs in any AWS partition, or a partition wildcard, count', () => {
    const named = (resource: unknown) => withPolicy([deny(resource)], { BucketName: 'my-logs' });
    expect(tls1(named(['arn:aws-us-gov:s3:::my-logs', 'arn:*:s3:::my-logs/*']))).toEqual([]);
    expect(tls1(named(['arn:aws-cn:s3:::my-logs', 'arn:aws-cn:s3:::my-logs/*']))).toEqual([]);
  });

  test('ARNs in a partition that does not exist, bare bucket names, or text before "arn:" do not count', () => {
    const named = (resource: unknown) => withPolicy([deny(resource)], { BucketName: 'my-logs' });
    for (const partition of ['amazon', 'aws_cn', 'not-aws']) {
      expect(tls1(named([`arn:${partition}:s3:::my-logs`, `arn:${partition}:s3:::my-logs/*`]))).toEqual(FIRES);
    }
    expect(tls1(named(['my-logs', 'my-logs/*']))).toEqual(FIRES);
    // A stray delimiter from an Fn::Join whose first piece is empty.
    const joined = (name: string) => ({ 'Fn::Join': [':', ['', 'arn', 'aws', 's3', '', '', name]] });
    expect(tls1(named([joined('my-logs'), joined('my-logs/*')]))).toEqual(FIRES);
  });

  test('an ARN part that could be anything is unresolved: partition, bucket name, the whole ARN, an imported entry', () => {
    const params = { Parameters: { Partition: { Type: 'String' }, Name: { Type: 'String' }, Arn: { Type: 'String' } } };
    const unresolved = [
      [{ 'Fn::Sub': 'arn:${Partition}:s3:::${Bucket}' }, { 'Fn::Sub': 'arn:${Partition}:s3:::${Bucket}/*' }],
      [{ 'Fn::Sub': 'arn:aws:s3:::${Name}' }, { 'Fn::Sub': 'arn:aws:s3:::${Name}/*' }],
      [{ Ref: 'Arn' }],
      [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }, { 'Fn::ImportValue': 'LogsObjectsArn' }],
    ];
    for (const resource of unresolved) {
      expect(tls1(withPolicy([deny(resource)], undefined, params))).toEqual(UNRESOLVED);
    }
  });

  test('a deny on everything except other resources (NotResource) covers the bucket', () => {
    const template = {
      Resources: {
        Bucket: bucket(),
        Other: bucket(),
        Policy: policy({ Ref: 'Bucket' }, [
          denyWithout([
            { 'Fn::GetAtt': ['Other', 'Arn'] },
            { 'Fn::Sub': '${Other.Arn}/*' },
            'arn:aws:s3:::other-bucket/*',
            'arn:aws:sqs:us-east-1:123456789012:queue',
            // Every bucket, but in a partition that does not exist: it spares nothing.
            'arn:amazon:s3:::*',
          ]),
        ]),
      },
    };
    expect(tls1On(template, 'Bucket')).toEqual([]);
  });

  test('a NotResource that spares the bucket\'s objects fires; an imported one is unresolved', () => {
    const except = (notResource: unknown) => withPolicy([denyWithout(notResource)]);
    expect(tls1(except([{ 'Fn::Sub': '${Bucket.Arn}/*' }]))).toEqual(FIRES);
    expect(tls1(except({ 'Fn::ImportValue': 'Excluded' }))).toEqual(UNRESOLVED);
  });

  test('a deny with neither Resource nor NotResource covers nothing', () => {
    expect(tls1(withPolicy([denyWithout()]))).toEqual(FIRES);
  });

  test('a Resource list nested in a list is not the bucket\'s ARN, and does not break the rule', () => {
    expect(tls1(withPolicy([deny([BUCKET_ARNS])]))).toEqual(FIRES);
  });
});

describe('TLS1/TLS2: what the findings say', () => {
  const twoPolicies = {
    Resources: {
      Logs: bucket(),
      FirstPolicy: policy({ Ref: 'Logs' }, [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: '*' }]),
      SecondPolicy: policy({ Ref: 'Logs' }, [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:PutObject', Resource: '*' }]),
    },
  };

  test('TLS1 names each policy that fails to deny requests without TLS', () => {
    const [finding] = findingsOf(checkTemplate(twoPolicies), 'TLS1');
    expect(finding.logicalId).toBe('Logs');
    expect(finding.message).toMatch(/\bLogs\b/);
    expect(finding.message).toMatch(/\bFirstPolicy\b/);
    expect(finding.message).toMatch(/\bSecondPolicy\b/);
  });

  test('TLS2 says the bucket has no policy, or names each policy, and lands on the bucket as a warning', () => {
    const [none] = findingsOf(checkTemplate({ Resources: { Logs: bucket() } }), 'TLS2');
    expect([none.logicalId, none.id, none.severity]).toEqual(['Logs', 'Hardened-TLS2', Severity.WARNING]);
    expect(none.message).toMatch(/\bLogs\b/);
    expect(none.message).toContain('no bucket policy');
    expect(none.message).toContain('s3:TlsVersion');

    const [some] = findingsOf(checkTemplate(twoPolicies), 'TLS2');
    expect([some.logicalId, some.id]).toEqual(['Logs', 'Hardened-TLS2']);
    expect(some.message).toMatch(/\bLogs\b/);
    expect(some.message).not.toContain('no bucket policy');
    expect(some.message).toMatch(/\bFirstPolicy\b/);
    expect(some.message).toMatch(/\bSecondPolicy\b/);
    expect(some.message).toContain('s3:TlsVersion');
  });

  test('an unresolved finding names the policy that cannot be read and the bucket it protects', () => {
    const template = {
      Resources: {
        Logs: bucket(),
        LogsPolicy: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'Logs' }, PolicyDocument: { 'Fn::ImportValue': 'SharedPolicy' } } },
      },
    };
    const findings = checkTemplate(template);
    for (const ruleId of ['TLS1', 'TLS2']) {
      const [finding] = findingsOf(findings, ruleId);
      expect([finding.logicalId, finding.id]).toEqual(['Logs', `Hardened-${ruleId}[Unresolved::LogsPolicy.PolicyDocument]`]);
      const what = finding.message.split(' cannot be verified at synth time')[0];
      expect(what).toMatch(/\bLogsPolicy\b/);
      expect(what).toMatch(/\bLogs\b/);
    }
  });
});
