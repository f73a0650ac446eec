import { App, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { trailTemplate } from './fixtures';
import { runChecklist } from '../../../../src/checklist/engine';
import { TrailRequirement } from '../../../../src/checklist/severity';
import { templateFromObject } from '../../../../src/checklist/template';
import { checkStack, checkTemplate, checkTree, findingsOf, idsOf, newStack, TEST_DATE } from '../../helpers';

describe('LOG1 multi-region trail recording management events', () => {
  test('fails when the app has no trail, on the app itself', () => {
    const stack = newStack();
    new s3.Bucket(stack, 'Bucket');
    const findings = checkStack(stack);
    expect(idsOf(findings, 'LOG1')).toEqual(['Hardened-LOG1']);
    const f = findingsOf(findings, 'LOG1')[0];
    expect(f.logicalId).toBeNull();
    expect(f.path).toBeNull();
    expect(f.message).toContain('no CloudTrail trail');
  });

  test('passes when the app has no trail and an organization trail is declared', () => {
    const stack = newStack();
    new s3.Bucket(stack, 'Bucket');
    expect(idsOf(checkStack(stack, { trail: TrailRequirement.ORGANIZATION }), 'LOG1')).toEqual([]);
    expect(idsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'LOG1')).toEqual([]);
  });

  test('passes with a cloudtrail.Trail with CDK defaults (multi-region, all management events)', () => {
    const stack = newStack();
    new cloudtrail.Trail(stack, 'Trail');
    expect(idsOf(checkStack(stack), 'LOG1')).toEqual([]);
  });

  test('fails when the only trail is single-region, naming it', () => {
    const stack = newStack();
    new cloudtrail.Trail(stack, 'Trail', { isMultiRegionTrail: false });
    const findings = checkStack(stack);
    expect(idsOf(findings, 'LOG1')).toEqual(['Hardened-LOG1']);
    expect(findingsOf(findings, 'LOG1')[0].message).toContain('TestStack/Trail/Resource is not multi-region');
  });

  test('fails when the trail records only write management events', () => {
    const stack = newStack();
    new cloudtrail.Trail(stack, 'Trail', { managementEvents: cloudtrail.ReadWriteType.WRITE_ONLY });
    expect(idsOf(checkStack(stack), 'LOG1')).toEqual(['Hardened-LOG1']);
  });

  test('passes when a trail in another stack of the app covers it', () => {
    const app = new App();
    const env = { account: '123456789012', region: 'us-east-1' };
    const a = new Stack(app, 'A', { env });
    new s3.Bucket(a, 'Bucket');
    const b = new Stack(app, 'B', { env });
    new cloudtrail.Trail(b, 'Trail');
    expect(idsOf(checkTree(app), 'LOG1')).toEqual([]);
    expect(idsOf(checkTree(a), 'LOG1')).toEqual(['Hardened-LOG1']);
  });

  test('is judged once over several template files', () => {
    const other = templateFromObject({ Resources: { B: { Type: 'AWS::S3::Bucket' } } }, 'other.json');
    const withTrail = templateFromObject(trailTemplate(), 'trail.json');
    expect(idsOf(runChecklist([other, withTrail], { date: TEST_DATE }).findings, 'LOG1')).toEqual([]);
    const alone = runChecklist([other], { date: TEST_DATE }).findings;
    expect(idsOf(alone, 'LOG1')).toEqual(['Hardened-LOG1']);
    expect(findingsOf(alone, 'LOG1')[0].template).toBe('other.json');
  });

  describe('raw CloudFormation', () => {
    test('passes with no event selectors (all management events)', () => {
      expect(idsOf(checkTemplate(trailTemplate()), 'LOG1')).toEqual([]);
    });

    test('fails when the trail is not logging', () => {
      expect(idsOf(checkTemplate(trailTemplate({ IsLogging: 'false' })), 'LOG1')).toEqual(['Hardened-LOG1']);
    });

    test('passes with an event selector for all management events', () => {
      const t = trailTemplate({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: 'true' }] });
      expect(idsOf(checkTemplate(t), 'LOG1')).toEqual([]);
    });

    test('passes with read-only and write-only selectors together', () => {
      const t = trailTemplate({ EventSelectors: [{ ReadWriteType: 'ReadOnly' }, { ReadWriteType: 'WriteOnly' }] });
      expect(idsOf(checkTemplate(t), 'LOG1')).toEqual([]);
    });

    test('fails when the event selector drops management events', () => {
      const t = trailTemplate({ EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }] });
      expect(idsOf(checkTemplate(t), 'LOG1')).toEqual(['Hardened-LOG1']);
    });

    test('fails when the event selector excludes a management event source', () => {
      const t = trailTemplate({ EventSelectors: [{ ReadWriteType: 'All', ExcludeManagementEventSources: ['kms.amazonaws.com'] }] });
      expect(idsOf(checkTemplate(t), 'LOG1')).toEqual(['Hardened-LOG1']);
    });

    test('passes with an advanced selector for management events without a readOnly filter', () => {
      const t = trailTemplate({ AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }] });
      expect(idsOf(checkTemplate(t), 'LOG1')).toEqual([]);
    });

    test('fails with an advanced selector for read-only management events', () => {
      const t = trailTemplate({
        AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }, { Field: 'readOnly', Equals: ['true'] }] }],
      });
      expect(idsOf(checkTemplate(t), 'LOG1')).toEqual(['Hardened-LOG1']);
    });

    test('fails with advanced selectors for data events only', () => {
      const t = trailTemplate({
        AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }] }],
        EventSelectors: [{ ReadWriteType: 'All' }],
      });
      expect(idsOf(checkTemplate(t), 'LOG1')).toEqual(['Hardened-LOG1']);
    });
  });

  describe('values unknown at synth time', () => {
    test('is unresolved when IsMultiRegionTrail is a parameter without allowed values', () => {
      const t = trailTemplate({ IsMultiRegionTrail: { Ref: 'Multi' } }, { parameters: { Multi: { Type: 'String', Default: 'true' } } });
      const findings = checkTemplate(t);
      expect(idsOf(findings, 'LOG1')).toEqual(['Hardened-LOG1[Unresolved::Properties.IsMultiRegionTrail]']);
      expect(findingsOf(findings, 'LOG1')[0].logicalId).toBeNull();
    });

    test('passes when every allowed value of the parameter is true, fires when one is false', () => {
      const yes = trailTemplate({ IsMultiRegionTrail: { Ref: 'Multi' } }, { parameters: { Multi: { Type: 'String', AllowedValues: ['true', 'True'] } } });
      expect(idsOf(checkTemplate(yes), 'LOG1')).toEqual([]);
      const no = trailTemplate({ IsMultiRegionTrail: { Ref: 'Multi' } }, { parameters: { Multi: { Type: 'String', AllowedValues: ['true', 'false'] } } });
      expect(idsOf(checkTemplate(no), 'LOG1')).toEqual(['Hardened-LOG1']);
    });

    test('judges both branches of Fn::If', () => {
      const conditions = { Prod: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } };
      const both = trailTemplate({ IsMultiRegionTrail: { 'Fn::If': ['Prod', true, 'true'] } }, { conditions });
      expect(idsOf(checkTemplate(both), 'LOG1')).toEqual([]);
      const one = trailTemplate({ IsMultiRegionTrail: { 'Fn::If': ['Prod', true, false] } }, { conditions });
      expect(idsOf(checkTemplate(one), 'LOG1')).toEqual(['Hardened-LOG1']);
    });

    test('is unresolved when the selectors are imported', () => {
      const t = trailTemplate({ EventSelectors: { 'Fn::ImportValue': 'Selectors' } });
      expect(idsOf(checkTemplate(t), 'LOG1')).toEqual(['Hardened-LOG1[Unresolved::Properties.EventSelectors]']);
    });

    test('is unresolved when the trail exists only under a condition', () => {
      const t = trailTemplate({}, { conditions: { Make: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } } }) as any;
      t.Resources.Trail.Condition = 'Make';
      expect(idsOf(checkTemplate(t), 'LOG1')).toEqual(['Hardened-LOG1[Unresolved::Condition]']);
    });

    test('is unresolved when a CDK trail takes multi-region from an imported value', () => {
      const stack = newStack();
      const trail = new cloudtrail.Trail(stack, 'Trail');
      (trail.node.defaultChild as cloudtrail.CfnTrail).addPropertyOverride('IsMultiRegionTrail', Fn.importValue('MultiRegion'));
      new CfnParameter(stack, 'Unused');
      expect(idsOf(checkStack(stack), 'LOG1')).toEqual(['Hardened-LOG1[Unresolved::Properties.IsMultiRegionTrail]']);
    });
  });
});
