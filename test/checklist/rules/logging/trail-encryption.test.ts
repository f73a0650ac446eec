import { Fn } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import { trailTemplate } from './fixtures';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

describe('LOG2 trail encrypted with KMS', () => {
  test('fails on a cloudtrail.Trail with CDK defaults, on the trail', () => {
    const stack = newStack();
    new cloudtrail.Trail(stack, 'Trail');
    const findings = checkStack(stack);
    expect(idsOf(findings, 'LOG2')).toEqual(['Hardened-LOG2']);
    const f = findingsOf(findings, 'LOG2')[0];
    expect(f.path).toBe('TestStack/Trail/Resource');
    expect(f.resourceType).toBe('AWS::CloudTrail::Trail');
  });

  test('passes when the trail has an encryption key', () => {
    const stack = newStack();
    new cloudtrail.Trail(stack, 'Trail', { encryptionKey: new kms.Key(stack, 'Key') });
    expect(idsOf(checkStack(stack), 'LOG2')).toEqual([]);
  });

  test('fails on a raw trail without KMSKeyId', () => {
    const findings = checkTemplate(trailTemplate({ KMSKeyId: undefined }));
    expect(idsOf(findings, 'LOG2')).toEqual(['Hardened-LOG2']);
    expect(findingsOf(findings, 'LOG2')[0].logicalId).toBe('Trail');
  });

  test('passes on a raw trail with a literal key ARN', () => {
    const t = trailTemplate({ KMSKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
    expect(idsOf(checkTemplate(t), 'LOG2')).toEqual([]);
  });

  describe('values unknown at synth time', () => {
    test('is unresolved when the key is a parameter without allowed values', () => {
      const t = trailTemplate({ KMSKeyId: { Ref: 'KeyArn' } }, { parameters: { KeyArn: { Type: 'String' } } });
      expect(idsOf(checkTemplate(t), 'LOG2')).toEqual(['Hardened-LOG2[Unresolved::Properties.KMSKeyId]']);
    });

    test('passes when every allowed value is a key, fires when one is empty', () => {
      const keys = ['arn:aws:kms:us-east-1:123456789012:key/a', 'alias/trail'];
      expect(idsOf(checkTemplate(trailTemplate({ KMSKeyId: { Ref: 'K' } }, { parameters: { K: { Type: 'String', AllowedValues: keys } } })), 'LOG2')).toEqual([]);
      const withEmpty = trailTemplate({ KMSKeyId: { Ref: 'K' } }, { parameters: { K: { Type: 'String', AllowedValues: [...keys, ''] } } });
      expect(idsOf(checkTemplate(withEmpty), 'LOG2')).toEqual(['Hardened-LOG2']);
    });

    test('fires when one Fn::If branch removes the key', () => {
      const t = trailTemplate(
        { KMSKeyId: { 'Fn::If': ['Encrypt', { 'Fn::GetAtt': ['Key', 'Arn'] }, { Ref: 'AWS::NoValue' }] } },
        { conditions: { Encrypt: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } } },
      );
      expect(idsOf(checkTemplate(t), 'LOG2')).toEqual(['Hardened-LOG2']);
    });

    test('is unresolved when the key is imported', () => {
      expect(idsOf(checkTemplate(trailTemplate({ KMSKeyId: { 'Fn::ImportValue': 'TrailKey' } })), 'LOG2')).toEqual([
        'Hardened-LOG2[Unresolved::Properties.KMSKeyId]',
      ]);
    });

    test('is unresolved when a CDK trail uses a key imported from another stack', () => {
      const stack = newStack();
      new cloudtrail.Trail(stack, 'Trail', { encryptionKey: kms.Key.fromKeyArn(stack, 'Key', Fn.importValue('TrailKeyArn')) });
      expect(idsOf(checkStack(stack), 'LOG2')).toEqual(['Hardened-LOG2[Unresolved::Properties.KMSKeyId]']);
    });
  });
});
