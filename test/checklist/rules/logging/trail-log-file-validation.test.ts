import { Fn } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import { trailTemplate } from './fixtures';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

describe('LOG3 trail log file validation', () => {
  test('fails when a cloudtrail.Trail turns file validation off, on the trail', () => {
    const stack = newStack();
    new cloudtrail.Trail(stack, 'Trail', { enableFileValidation: false });
    const findings = checkStack(stack);
    expect(idsOf(findings, 'LOG3')).toEqual(['Hardened-LOG3']);
    expect(findingsOf(findings, 'LOG3')[0].path).toBe('TestStack/Trail/Resource');
  });

  test('passes with the CDK default', () => {
    const stack = newStack();
    new cloudtrail.Trail(stack, 'Trail');
    expect(idsOf(checkStack(stack), 'LOG3')).toEqual([]);
  });

  test('fails on a raw trail without EnableLogFileValidation (CloudFormation default false)', () => {
    expect(idsOf(checkTemplate(trailTemplate({ EnableLogFileValidation: undefined })), 'LOG3')).toEqual(['Hardened-LOG3']);
  });

  test('passes on a raw trail with EnableLogFileValidation "true"', () => {
    expect(idsOf(checkTemplate(trailTemplate({ EnableLogFileValidation: 'true' })), 'LOG3')).toEqual([]);
  });

  describe('values unknown at synth time', () => {
    test('is unresolved for a parameter without allowed values', () => {
      const t = trailTemplate({ EnableLogFileValidation: { Ref: 'Validate' } }, { parameters: { Validate: { Type: 'String', Default: 'true' } } });
      expect(idsOf(checkTemplate(t), 'LOG3')).toEqual(['Hardened-LOG3[Unresolved::Properties.EnableLogFileValidation]']);
    });

    test('passes when the only allowed value is true, fires when false is allowed', () => {
      const ok = trailTemplate({ EnableLogFileValidation: { Ref: 'V' } }, { parameters: { V: { Type: 'String', AllowedValues: ['true'] } } });
      expect(idsOf(checkTemplate(ok), 'LOG3')).toEqual([]);
      const bad = trailTemplate({ EnableLogFileValidation: { Ref: 'V' } }, { parameters: { V: { Type: 'String', AllowedValues: ['true', 'false'] } } });
      expect(idsOf(checkTemplate(bad), 'LOG3')).toEqual(['Hardened-LOG3']);
    });

    test('judges both Fn::If branches', () => {
      const conditions = { C: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } };
      expect(idsOf(checkTemplate(trailTemplate({ EnableLogFileValidation: { 'Fn::If': ['C', true, false] } }, { conditions })), 'LOG3')).toEqual([
        'Hardened-LOG3',
      ]);
      expect(idsOf(checkTemplate(trailTemplate({ EnableLogFileValidation: { 'Fn::If': ['C', true, 'true'] } }, { conditions })), 'LOG3')).toEqual([]);
    });

    test('is unresolved when imported, in CDK too', () => {
      expect(idsOf(checkTemplate(trailTemplate({ EnableLogFileValidation: { 'Fn::ImportValue': 'V' } })), 'LOG3')).toEqual([
        'Hardened-LOG3[Unresolved::Properties.EnableLogFileValidation]',
      ]);
      const stack = newStack();
      const trail = new cloudtrail.Trail(stack, 'Trail');
      (trail.node.defaultChild as cloudtrail.CfnTrail).enableLogFileValidation = Fn.importValue('Validate') as any;
      expect(idsOf(checkStack(stack), 'LOG3')).toEqual(['Hardened-LOG3[Unresolved::Properties.EnableLogFileValidation]']);
    });
  });
});
