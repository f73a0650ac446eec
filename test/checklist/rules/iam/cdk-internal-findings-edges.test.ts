// Edge cases of the [CdkInternal] findings (CHECKLIST.md, "Internal CDK resources") found
// by mutation testing: reports and unresolved values on a resource aws-cdk-lib creates
// for itself become warnings that say so, and the fix names the resource.
import { ROLE } from './fixtures';
import { Severity } from '../../../../src/checklist/severity';
import { checkTemplate, findingsOf } from '../../helpers';

/** The logical ID CDK gives the service role of its log retention function. */
const INTERNAL = 'LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8aServiceRoleDF22E1D4';

const iam4 = (arns: unknown[]) =>
  findingsOf(checkTemplate({ Resources: { [INTERNAL]: { Type: 'AWS::IAM::Role', Properties: { ...ROLE.Properties, ManagedPolicyArns: arns } } } }), 'IAM4');

describe('[CdkInternal] findings', () => {
  test('a finding on an internal role is a warning that keeps its message and says aws-cdk-lib creates the role', () => {
    const findings = iam4(['arn:aws:iam::aws:policy/AdministratorAccess']);
    expect(findings.map((f) => `${f.logicalId} ${f.id} ${f.severity}`)).toEqual([`${INTERNAL} Hardened-IAM4[CdkInternal] ${Severity.WARNING}`]);
    expect(findings[0].message).toContain('AdministratorAccess');
    expect(findings[0].message).toMatch(/aws-cdk-lib creates/);
    expect(findings[0].fix).toContain(INTERNAL);
    expect(findings[0].fix).toMatch(/upgrade aws-cdk-lib/);
    expect(findings[0].fix).toContain('Hardened-IAM4[CdkInternal]');
  });

  test('an unresolved value on an internal role is a [CdkInternal] warning naming what and where', () => {
    const findings = iam4([{ 'Fn::ImportValue': 'PolicyArn' }]);
    expect(findings.map((f) => `${f.logicalId} ${f.id} ${f.severity}`)).toEqual([`${INTERNAL} Hardened-IAM4[CdkInternal] ${Severity.WARNING}`]);
    expect(findings[0].message).toContain('Properties.ManagedPolicyArns');
    expect(findings[0].message).toContain(INTERNAL);
    expect(findings[0].message).toMatch(/cannot be verified/);
    expect(findings[0].message).toMatch(/aws-cdk-lib creates/);
    expect(findings[0].fix).toContain(INTERNAL);
  });
});

describe('[CdkInternal] whichever front door judges it', () => {
  const admin = (logicalId: string, path?: string) => ({
    Resources: {
      [logicalId]: {
        Type: 'AWS::IAM::Role',
        ...(path ? { Metadata: { 'aws:cdk:path': path } } : {}),
        Properties: { ...ROLE.Properties, ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] },
      },
    },
  });
  const ids = (t: object) => findingsOf(checkTemplate(t), 'IAM4').map((f) => f.id);

  test('an internal logical ID is internal whatever the path says (a synthesized template included again with CfnInclude)', () => {
    expect(ids(admin(INTERNAL))).toEqual(['Hardened-IAM4[CdkInternal]']);
    expect(ids(admin(INTERNAL, `Corpus/Template/${INTERNAL}`))).toEqual(['Hardened-IAM4[CdkInternal]']);
  });

  test('an internal path is internal whatever the logical ID (overrideLogicalId on a provider)', () => {
    expect(ids(admin('Renamed', 'App/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a/ServiceRole/Resource'))).toEqual(['Hardened-IAM4[CdkInternal]']);
    expect(ids(admin('Renamed', 'App/Custom::S3AutoDeleteObjectsCustomResourceProvider/Role'))).toEqual(['Hardened-IAM4[CdkInternal]']);
  });

  test('a resource of the app is not internal, by path or by logical ID', () => {
    expect(ids(admin('AppRole', 'App/Service/Role/Resource'))).toEqual(['Hardened-IAM4[ManagedPolicy::AdministratorAccess]']);
    expect(ids(admin('AppRole'))).toEqual(['Hardened-IAM4[ManagedPolicy::AdministratorAccess]']);
  });
});
