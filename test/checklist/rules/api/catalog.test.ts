// The api rules as catalogued (RULES.md is generated from these entries) and as their
// findings carry them: family, severity and controls from CHECKLIST.md, fix and sources.
import { distribution, method } from './fixtures';
import { RULES_BY_ID } from '../../../../src/checklist/catalog';
import { RULES } from '../../../../src/checklist/rules/api';
import { checkTemplate, findingsOf } from '../../helpers';

describe('api rule catalog', () => {
  test('the family holds API1 and API2, in ID order', () => {
    expect(RULES.map((r) => `${r.family} ${r.id} ${r.severity}`)).toEqual(['api API1 warning', 'api API2 warning']);
    expect(RULES.map((r) => RULES_BY_ID.get(r.id))).toEqual(RULES);
  });

  test('API1 serves no control, says why and how to fix, and names its sources', () => {
    const rule = RULES_BY_ID.get('API1')!;
    expect(rule.title).toBe('An API Gateway REST method has an authorizer, and a request validator when it accepts a body or parameters');
    expect(rule.explanation).toMatch(/^A method with AuthorizationType NONE can be called by anyone on the internet/);
    expect(rule.references).toEqual([
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html',
    ]);
    const [finding] = findingsOf(checkTemplate(method({ HttpMethod: 'GET' })), 'API1');
    expect(finding.controls).toEqual([]);
    expect(finding.fix).toMatch(/^CDK: pass `authorizer` \(a `CognitoUserPoolsAuthorizer`/);
    expect(finding.fix).toContain('CloudFormation: set `AuthorizationType` to `AWS_IAM`, `CUSTOM` or `COGNITO_USER_POOLS`');
  });

  test('API2 serves the API Gateway, ELB and CloudFront web ACL controls, says why and how to fix, and names its source', () => {
    const rule = RULES_BY_ID.get('API2')!;
    expect(rule.title).toBe('An internet-facing REST API stage, application load balancer or CloudFront distribution has an AWS WAF web ACL');
    expect(rule.explanation).toMatch(/^A web ACL filters requests before they reach your code/);
    expect(rule.references).toEqual(['https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-associating-aws-resource.html']);
    const [finding] = findingsOf(checkTemplate(distribution({ Enabled: true })), 'API2');
    expect(finding.controls).toEqual(['APIGateway.4', 'ELB.16', 'CloudFront.6']);
    expect(finding.fix).toMatch(/^CDK: create a `wafv2.CfnWebACL`/);
    expect(finding.fix).toContain('or `DistributionConfig.WebACLId`');
  });

  test('an unresolved API2 finding says what API2 cannot prove', () => {
    const [finding] = findingsOf(checkTemplate(distribution({ 'Fn::ImportValue': 'CdnConfig' })), 'API2');
    expect(finding.message).toBe(
      'The web ACL of Cdn cannot be verified at synth time (Properties.DistributionConfig.WebACLId), so API2 cannot prove that an internet-facing REST API stage, application load balancer or CloudFront distribution has an AWS WAF web ACL',
    );
  });
});
