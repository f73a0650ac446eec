import * as path from 'path';
import { App, AspectPriority, Aspects, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cfninc from 'aws-cdk-lib/cloudformation-include';
import { checkTemplate, idsOf, TEST_DATE } from './helpers';
import { ChecklistRemediation } from '../../src';
import { templatesFromConstruct, TreeAcks } from '../../src/checklist/cdk-source';
import { runChecklist } from '../../src/checklist/engine';

const LEGACY = path.join(__dirname, '..', '..', 'examples', 'legacy', 'legacy-template.yaml');

/** A stack holding the legacy template, with or without remediation. */
function legacyStack(remediate: boolean) {
  const app = new App();
  const stack = new Stack(app, 'Legacy', { env: { account: '123456789012', region: 'us-east-1' } });
  new cfninc.CfnInclude(stack, 'Template', { templateFile: LEGACY });
  if (remediate) Aspects.of(app).add(new ChecklistRemediation(), { priority: AspectPriority.MUTATING });
  const json = Template.fromStack(stack).toJSON();
  return { app, stack, json };
}

const ruleIds = (findings: { ruleId: string }[]) => [...new Set(findings.map((f) => f.ruleId))].sort();

describe('ChecklistRemediation', () => {
  const before = checkTemplate(legacyStack(false).json);
  const { json: afterJson, app } = legacyStack(true);
  const after = checkTemplate(afterJson);

  test.each([
    ['TLS1', 'AssetsBucket'],
    ['TLS2', 'AssetsBucket'],
    ['LOG6', 'AppLogs'],
    ['NET5', 'Network'],
    ['NET8', 'WebTemplate'],
    ['TLS4', 'Listener'],
    ['TLS3', 'ApiDomain'],
    ['TLS5', 'Cdn'],
    ['LOG3', 'Trail'],
  ])('fixes %s on %s', (ruleId, logicalId) => {
    expect(before.filter((f) => f.ruleId === ruleId && f.logicalId === logicalId).length).toBeGreaterThan(0);
    expect(after.filter((f) => f.ruleId === ruleId && f.logicalId === logicalId)).toEqual([]);
  });

  test('leaves only what it cannot fix: the least-privilege policy', () => {
    const fixable = ['TLS1', 'TLS2', 'LOG6', 'NET5', 'NET8', 'TLS4', 'TLS3', 'TLS5', 'LOG3'];
    const remaining = ruleIds(after.filter((f) => f.logicalId !== null && !f.id.includes('CdkInternal')));
    for (const r of fixable) expect(remaining).not.toContain(r);
    expect(idsOf(after, 'IAM1')).toEqual(['Hardened-IAM1[Action::s3:*]']);
    expect(idsOf(after, 'IAM2').length).toBeGreaterThan(0);
  });

  test('records every fix in the template metadata and in the report', () => {
    const listener = afterJson.Resources.Listener;
    expect(listener.Properties.SslPolicy).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(listener.Metadata['cdk-hardened'].remediations).toEqual([
      { ruleId: 'TLS4', change: expect.stringContaining('ELBSecurityPolicy-TLS13-1-2-2021-06') },
    ]);
    const acks = new TreeAcks(app);
    expect(acks.remediations.map((r) => `${r.ruleId} ${r.logicalId}`)).toEqual(
      expect.arrayContaining(['TLS1 AssetsBucket', 'LOG6 AppLogs', 'TLS4 Listener', 'LOG3 Trail']),
    );
  });

  test('adds the TLS deny statements to an L2 bucket\'s own policy', () => {
    const stack = new Stack(new App(), 'S');
    new s3.Bucket(stack, 'Plain');
    Aspects.of(stack).add(new ChecklistRemediation(), { priority: AspectPriority.MUTATING });
    Template.fromStack(stack); // synthesis runs the aspects
    const findings = runChecklist(templatesFromConstruct(stack), { date: TEST_DATE, only: ['TLS1', 'TLS2'] }).findings;
    expect(findings).toEqual([]);
    Template.fromStack(stack).resourceCountIs('AWS::S3::BucketPolicy', 1);
  });

  test('restricts the default security group of an L2 Vpc created without it', () => {
    const stack = new Stack(new App(), 'S');
    new ec2.Vpc(stack, 'Vpc', { restrictDefaultSecurityGroup: false });
    Aspects.of(stack).add(new ChecklistRemediation(), { priority: AspectPriority.MUTATING });
    Template.fromStack(stack).resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
  });

  test('never deletes a resource', () => {
    const names = (j: any) => Object.keys(j.Resources);
    expect(names(afterJson)).toEqual(expect.arrayContaining(names(legacyStack(false).json)));
  });

  test('refuses a retention CloudWatch Logs does not accept', () => {
    expect(() => new ChecklistRemediation({ logRetentionDays: 42 })).toThrow(/logRetentionDays must be one of .*got 42/);
  });
});
