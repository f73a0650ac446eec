// API2 on CloudFront distributions, beyond the main tests: which WebACLId values name a
// web ACL, and what an unknown one means.
import { anyString, distribution } from './fixtures';
import { checkTemplate, findingsOf, idsOf } from '../../helpers';

const api2 = (t: object) => findingsOf(checkTemplate(t), 'API2');
const ids = (t: object) => idsOf(checkTemplate(t), 'API2');
const withAcl = (webAclId: unknown) => distribution({ Enabled: true, WebACLId: webAclId });

const FIRES = ['Hardened-API2'];
const UNKNOWN_ACL = ['Hardened-API2[Unresolved::Properties.DistributionConfig.WebACLId]'];
const ACL_ARN = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/a1b2c3d4';

describe('API2 on CloudFront distributions', () => {
  test('fires without a WebACLId, saying so', () => {
    const findings = api2(distribution({ Enabled: true }));
    expect(findings.map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Cdn Hardened-API2']);
    expect(findings[0].message).toBe('Cdn is a CloudFront distribution without an AWS WAF web ACL');
  });

  test('passes with a web ACL ARN', () => {
    expect(ids(withAcl(ACL_ARN))).toEqual([]);
  });

  test('an empty WebACLId is no web ACL', () => {
    expect(ids(withAcl(''))).toEqual(FIRES);
  });

  test('fires when an Fn::If branch empties or removes the WebACLId', () => {
    expect(ids(withAcl({ 'Fn::If': ['C', ACL_ARN, ''] }))).toEqual(FIRES);
    expect(ids(withAcl({ 'Fn::If': ['C', ACL_ARN, { Ref: 'AWS::NoValue' }] }))).toEqual(FIRES);
  });

  test('is unresolved when the whole DistributionConfig is imported, without naming an association', () => {
    const findings = api2(distribution({ 'Fn::ImportValue': 'CdnConfig' }));
    expect(findings.map((f) => f.id)).toEqual(UNKNOWN_ACL);
    expect(findings[0].message).toMatch(/^The web ACL of Cdn cannot be verified at synth time \(Properties\.DistributionConfig\.WebACLId\)/);
  });

  test('is unresolved when the WebACLId is a parameter, or made only of parameters', () => {
    expect(ids(distribution({ Enabled: true, WebACLId: { Ref: 'Acl' } }, { Acl: anyString }))).toEqual(UNKNOWN_ACL);
    const joined = { 'Fn::Join': ['', [{ Ref: 'AclBase' }, { Ref: 'AclId' }]] };
    expect(ids(distribution({ Enabled: true, WebACLId: joined }, { AclBase: anyString, AclId: anyString }))).toEqual(UNKNOWN_ACL);
  });

  test('passes when the WebACLId has a known part around a parameter', () => {
    const named = { 'Fn::Sub': 'arn:aws:wafv2:us-east-1:${AWS::AccountId}:global/webacl/${AclName}' };
    expect(ids(distribution({ Enabled: true, WebACLId: named }, { AclName: anyString }))).toEqual([]);
    const prefixed = { 'Fn::Sub': '${AclBase}/cdn/a1b2c3d4' };
    expect(ids(distribution({ Enabled: true, WebACLId: prefixed }, { AclBase: anyString }))).toEqual([]);
  });

  test('passes with the ARN of a web ACL of the template', () => {
    const t = {
      Resources: {
        Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Scope: 'CLOUDFRONT' } },
        Cdn: { Type: 'AWS::CloudFront::Distribution', Properties: { DistributionConfig: { Enabled: true, WebACLId: { 'Fn::GetAtt': ['Acl', 'Arn'] } } } },
      },
    };
    expect(ids(t)).toEqual([]);
  });
});
