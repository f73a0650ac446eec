// API2 on load balancers, beyond the main tests: how an association names the load
// balancer (Ref, GetAtt, an ARN), and what an unknown Type means.
import { anyString, association, loadBalancer } from './fixtures';
import { checkTemplate, findingsOf, idsOf } from '../../helpers';

const api2 = (t: object) => findingsOf(checkTemplate(t), 'API2');
const ids = (t: object) => idsOf(checkTemplate(t), 'API2');

const FIRES = ['Hardened-API2'];
const UNKNOWN_ACL = ['Hardened-API2[Unresolved::WebACLAssociation.ResourceArn]'];
const ALB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/50dc6c495c0c9188';

describe('API2 on load balancers', () => {
  test('fires on an internet-facing ALB without an association, saying so', () => {
    const findings = api2(loadBalancer({ Scheme: 'internet-facing', Type: 'application' }));
    expect(findings.map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Lb Hardened-API2']);
    expect(findings[0].message).toBe('Lb is an internet-facing application load balancer without an AWS WAF web ACL');
  });

  describe('associations naming the load balancer in the template', () => {
    test('passes when the association names it by Fn::GetAtt LoadBalancerArn', () => {
      expect(ids(loadBalancer({}, { Waf: association({ 'Fn::GetAtt': ['Lb', 'LoadBalancerArn'] }) }))).toEqual([]);
      expect(ids(loadBalancer({}, { Waf: association({ 'Fn::Sub': '${Lb.LoadBalancerArn}' }) }))).toEqual([]);
    });

    test('fires when the association names another load balancer', () => {
      const other = { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal', Subnets: ['subnet-1', 'subnet-2'] } };
      expect(ids(loadBalancer({}, { Other: other, Waf: association({ Ref: 'Other' }) }))).toEqual(FIRES);
    });

    test('fires when the association ARN only starts with the load balancer\'s Ref or GetAtt', () => {
      expect(ids(loadBalancer({}, { Waf: association({ 'Fn::Join': ['', [{ Ref: 'Lb' }, '/listener']] }) }))).toEqual(FIRES);
      expect(ids(loadBalancer({}, { Waf: association({ 'Fn::Sub': '${Lb.LoadBalancerArn}/listener' }) }))).toEqual(FIRES);
    });
  });

  describe('associations naming a load balancer by ARN', () => {
    test('is unresolved when a literal ALB ARN carries this load balancer\'s name, saying which association', () => {
      const findings = api2(loadBalancer({ Name: 'shop' }, { Waf: association(ALB_ARN) }));
      expect(findings.map((f) => f.id)).toEqual(UNKNOWN_ACL);
      expect(findings[0].message).toMatch(/^The web ACL of Lb \(Waf \(ResourceArn arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/shop\/50dc6c495c0c9188\) could name it\)/);
    });

    test('fires when the literal ARN carries another name, or the load balancer has none', () => {
      expect(ids(loadBalancer({ Name: 'shop-v2' }, { Waf: association(ALB_ARN) }))).toEqual(FIRES);
      expect(ids(loadBalancer({}, { Waf: association(ALB_ARN) }))).toEqual(FIRES);
      expect(ids(loadBalancer({ Name: { Ref: 'LbName' } }, { Waf: association(ALB_ARN) }, { LbName: anyString }))).toEqual(FIRES);
    });

    test('is unresolved when one alternative of the name matches the ARN', () => {
      expect(ids(loadBalancer({ Name: { 'Fn::If': ['C', 'shop-v2', 'shop'] } }, { Waf: association(ALB_ARN) }))).toEqual(UNKNOWN_ACL);
    });

    test('a network load balancer ARN of the same name does not protect the ALB', () => {
      const nlbArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/shop/50dc6c495c0c9188';
      expect(ids(loadBalancer({ Name: 'shop' }, { Waf: association(nlbArn) }))).toEqual(FIRES);
    });

    test('judges an ARN built from region and account like a literal one', () => {
      const arn = { 'Fn::Sub': 'arn:aws:elasticloadbalancing:${AWS::Region}:${AWS::AccountId}:loadbalancer/app/shop/50dc6c495c0c9188' };
      expect(ids(loadBalancer({ Name: 'shop' }, { Waf: association(arn) }))).toEqual(UNKNOWN_ACL);
      expect(ids(loadBalancer({ Name: 'shop-v2' }, { Waf: association(arn) }))).toEqual(FIRES);
    });

    test('an association of another kind of resource does not name the load balancer, even when partly unknown', () => {
      const pool = { 'Fn::Sub': 'arn:aws:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/${PoolId}' };
      expect(ids(loadBalancer({ Name: 'shop' }, { Waf: association(pool) }, { PoolId: anyString }))).toEqual(FIRES);
    });

    test('is unresolved when a load balancer ARN has a part that could be anything', () => {
      const arn = { 'Fn::Sub': 'arn:aws:elasticloadbalancing:${AWS::Region}:${AWS::AccountId}:loadbalancer/app/${LbName}/50dc6c495c0c9188' };
      expect(ids(loadBalancer({ Name: 'shop-v2' }, { Waf: association(arn) }, { LbName: anyString }))).toEqual(UNKNOWN_ACL);
    });
  });

  describe('exposure unknown at synth time', () => {
    test('is unresolved, on Type, when the type is a parameter', () => {
      const findings = api2(loadBalancer({ Scheme: 'internet-facing', Type: { Ref: 'LbType' } }, {}, { LbType: anyString }));
      expect(findings.map((f) => f.id)).toEqual(['Hardened-API2[Unresolved::Properties.Type]']);
      expect(findings[0].message).toMatch(/^Whether Lb is internet-facing cannot be verified at synth time \(Properties\.Type\)/);
    });

    test('passes when the type parameter only allows network or gateway', () => {
      expect(ids(loadBalancer({ Type: { Ref: 'LbType' } }, {}, { LbType: { Type: 'String', AllowedValues: ['network', 'gateway'] } }))).toEqual([]);
    });

    test('an unknown scheme of an associated load balancer passes', () => {
      const t = loadBalancer({ Scheme: { Ref: 'Scheme' } }, { Waf: association({ Ref: 'Lb' }) }, { Scheme: anyString });
      expect(ids(t)).toEqual([]);
    });
  });
});
