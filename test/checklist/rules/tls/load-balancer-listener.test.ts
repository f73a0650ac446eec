import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elb from 'aws-cdk-lib/aws-elasticloadbalancing';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { elbPolicyStrength } from '../../../../src/checklist/rules/tls/load-balancer-listener';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

const CERT = elbv2.ListenerCertificate.fromArn('arn:aws:acm:us-east-1:123456789012:certificate/abc');

function albIn(stack: Stack) {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  return new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
}

function httpsListener(alb: elbv2.ApplicationLoadBalancer, sslPolicy?: elbv2.SslPolicy) {
  return alb.addListener('Https', { port: 443, certificates: [CERT], sslPolicy, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
}

/** A raw HTTPS listener with the given SslPolicy (raw value), plus parameters and conditions. */
function rawListener(sslPolicy: unknown, extra: Record<string, unknown> = {}) {
  const props: Record<string, unknown> = {
    LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lb/1',
    Port: 443,
    Protocol: 'HTTPS',
    Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }],
    DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
  };
  if (sslPolicy !== undefined) props.SslPolicy = sslPolicy;
  return { ...extra, Resources: { Listener: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: props } } };
}

describe('TLS4 load balancer listeners use HTTPS/TLS 1.2+ or redirect HTTP to HTTPS', () => {
  test('fails when an ApplicationListener uses a weak SslPolicy (TLS 1.1)', () => {
    const stack = newStack();
    httpsListener(albIn(stack), elbv2.SslPolicy.TLS11);
    const findings = findingsOf(checkStack(stack), 'TLS4');
    expect(findings.map((f) => [f.id, f.path])).toEqual([['Hardened-TLS4[SslPolicy::ELBSecurityPolicy-TLS-1-1-2017-01]', 'TestStack/Alb/Https/Resource']]);
  });

  test('fails with CDK SslPolicy.RECOMMENDED, which is ELBSecurityPolicy-2016-08 and allows TLS 1.0', () => {
    const stack = newStack();
    httpsListener(albIn(stack), elbv2.SslPolicy.RECOMMENDED);
    expect(elbv2.SslPolicy.RECOMMENDED).toBe('ELBSecurityPolicy-2016-08');
    expect(idsOf(checkStack(stack), 'TLS4')).toEqual(['Hardened-TLS4[SslPolicy::ELBSecurityPolicy-2016-08]']);
  });

  test('passes with SslPolicy.RECOMMENDED_TLS', () => {
    const stack = newStack();
    httpsListener(albIn(stack), elbv2.SslPolicy.RECOMMENDED_TLS);
    expect(idsOf(checkStack(stack), 'TLS4')).toEqual([]);
  });

  test('fails when an HTTPS listener has no SslPolicy (ELB then uses ELBSecurityPolicy-2016-08)', () => {
    const stack = newStack();
    httpsListener(albIn(stack));
    expect(idsOf(checkStack(stack), 'TLS4')).toEqual(['Hardened-TLS4[SslPolicy::none]']);
  });

  test('passes without an SslPolicy when the usePostQuantumTlsPolicy feature flag makes CDK choose TLS13-1-2-PQ', () => {
    const app = new App({ context: { '@aws-cdk/aws-elasticloadbalancingv2:usePostQuantumTlsPolicy': true } });
    const stack = new Stack(app, 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
    httpsListener(albIn(stack));
    expect(idsOf(checkStack(stack), 'TLS4')).toEqual([]);
  });

  test('fails when an HTTP listener forwards instead of redirecting, and passes with addRedirect()', () => {
    const stack = newStack();
    const alb = albIn(stack);
    alb.addListener('Http', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    alb.addRedirect();
    const findings = findingsOf(checkStack(stack), 'TLS4');
    expect(findings.map((f) => [f.id, f.path])).toEqual([['Hardened-TLS4[Protocol::HTTP]', 'TestStack/Alb/Http/Resource']]);
  });

  test('fails when an HTTP listener redirects by default but a listener rule forwards', () => {
    const findings = checkTemplate({
      Resources: {
        Http: {
          Type: 'AWS::ElasticLoadBalancingV2::Listener',
          Properties: {
            LoadBalancerArn: 'arn:lb',
            Port: 80,
            Protocol: 'HTTP',
            DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
          },
        },
        Health: {
          Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
          Properties: {
            ListenerArn: { Ref: 'Http' },
            Priority: 1,
            Conditions: [{ Field: 'path-pattern', Values: ['/health'] }],
            Actions: [{ Type: 'forward', TargetGroupArn: 'arn:tg' }],
          },
        },
      },
    });
    const findings4 = findingsOf(findings, 'TLS4');
    expect(findings4.map((f) => [f.id, f.logicalId])).toEqual([['Hardened-TLS4[Protocol::HTTP]', 'Http']]);
    expect(findings4[0].message).toContain('Health');
  });

  test('fails when a TLS NetworkListener uses a TLS13-1-0 policy, and ignores TCP listeners', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc });
    nlb.addListener('Tls', { port: 443, certificates: [CERT], sslPolicy: elbv2.SslPolicy.TLS13_10, defaultAction: elbv2.NetworkListenerAction.forward([new elbv2.NetworkTargetGroup(stack, 'Tg1', { vpc, port: 443 })]) });
    nlb.addListener('Tcp', { port: 22, defaultAction: elbv2.NetworkListenerAction.forward([new elbv2.NetworkTargetGroup(stack, 'Tg2', { vpc, port: 22 })]) });
    const findings = findingsOf(checkStack(stack), 'TLS4');
    expect(findings.map((f) => [f.id, f.path])).toEqual([['Hardened-TLS4[SslPolicy::ELBSecurityPolicy-TLS13-1-0-2021-06]', 'TestStack/Nlb/Tls/Resource']]);
  });

  test('judges known, future and unknown policy names', () => {
    for (const weak of ['ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-2015-05', 'ELBSecurityPolicy-FS-2018-06', 'ELBSecurityPolicy-FS-1-1-2019-08', 'ELBSecurityPolicy-TLS-1-0-2015-04', 'ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04', 'ELBSecurityPolicy-TLS13-1-0-PQ-2030-01', 'ELBSample-OpenSSLDefaultCipherPolicy']) {
      expect([weak, elbPolicyStrength(weak)]).toEqual([weak, 'weak']);
    }
    for (const strong of ['ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', 'ELBSecurityPolicy-TLS-1-2-Ext-2018-06', 'ELBSecurityPolicy-FS-1-2-Res-2020-10', 'ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09', 'ELBSecurityPolicy-TLS13-1-3-PQ-2030-01']) {
      expect([strong, elbPolicyStrength(strong)]).toEqual([strong, 'strong']);
    }
    expect(elbPolicyStrength('MyOwnPolicy')).toBe('unknown');
  });

  test('fails on raw CloudFormation with an unknown policy name', () => {
    expect(idsOf(checkTemplate(rawListener('MyOwnPolicy')), 'TLS4')).toEqual(['Hardened-TLS4[SslPolicy::MyOwnPolicy]']);
  });

  test('judges a parameter by its AllowedValues and reports it unresolved without them', () => {
    const withParam = (param: Record<string, unknown>) => rawListener({ Ref: 'Policy' }, { Parameters: { Policy: { Type: 'String', ...param } } });
    expect(idsOf(checkTemplate(withParam({ AllowedValues: ['ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS13-1-3-2021-06'] })), 'TLS4')).toEqual([]);
    expect(idsOf(checkTemplate(withParam({ AllowedValues: ['ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-2016-08'] })), 'TLS4')).toEqual([
      'Hardened-TLS4[SslPolicy::ELBSecurityPolicy-2016-08]',
    ]);
    expect(idsOf(checkTemplate(withParam({ Default: 'ELBSecurityPolicy-TLS13-1-2-2021-06' })), 'TLS4')).toEqual(['Hardened-TLS4[Unresolved::Properties.SslPolicy]']);
  });

  test('judges both branches of an Fn::If and reports an imported policy unresolved', () => {
    const conditions = { Conditions: { Fips: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-gov-west-1'] } } };
    const strong = rawListener({ 'Fn::If': ['Fips', 'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04', 'ELBSecurityPolicy-TLS13-1-2-2021-06'] }, conditions);
    expect(idsOf(checkTemplate(strong), 'TLS4')).toEqual([]);
    const oneWeak = rawListener({ 'Fn::If': ['Fips', 'ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04', { Ref: 'AWS::NoValue' }] }, conditions);
    expect(idsOf(checkTemplate(oneWeak), 'TLS4')).toEqual(['Hardened-TLS4[SslPolicy::ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04]', 'Hardened-TLS4[SslPolicy::none]']);
    expect(idsOf(checkTemplate(rawListener({ 'Fn::ImportValue': 'Policy' })), 'TLS4')).toEqual(['Hardened-TLS4[Unresolved::Properties.SslPolicy]']);
  });

  test('fails on the classic load balancer when it listens on plain HTTP', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    new elb.LoadBalancer(stack, 'Classic', { vpc, internetFacing: true, listeners: [{ externalPort: 80 }] });
    const findings = findingsOf(checkStack(stack), 'TLS4');
    expect(findings.map((f) => [f.id, f.path])).toEqual([['Hardened-TLS4[Protocol::HTTP]', 'TestStack/Classic/Resource']]);
  });

  test('judges a classic HTTPS listener by its SSL negotiation policy', () => {
    const classic = (listener: Record<string, unknown>, policies?: unknown[]) => ({
      Resources: {
        Lb: {
          Type: 'AWS::ElasticLoadBalancing::LoadBalancer',
          Properties: {
            Listeners: [{ Protocol: 'HTTPS', LoadBalancerPort: '443', InstancePort: '80', InstanceProtocol: 'HTTP', SSLCertificateId: 'arn:cert', ...listener }],
            ...(policies ? { Policies: policies } : {}),
          },
        },
      },
    });
    const reference = (name: string) => [
      { PolicyName: 'Tls', PolicyType: 'SSLNegotiationPolicyType', Attributes: [{ Name: 'Reference-Security-Policy', Value: name }] },
    ];
    expect(idsOf(checkTemplate(classic({})), 'TLS4')).toEqual(['Hardened-TLS4[SslPolicy::none]']);
    expect(idsOf(checkTemplate(classic({ PolicyNames: ['Tls'] }, reference('ELBSecurityPolicy-TLS-1-2-2017-01'))), 'TLS4')).toEqual([]);
    expect(idsOf(checkTemplate(classic({ PolicyNames: ['Tls'] }, reference('ELBSecurityPolicy-2016-08'))), 'TLS4')).toEqual([
      'Hardened-TLS4[SslPolicy::ELBSecurityPolicy-2016-08]',
    ]);
    const custom = [
      {
        PolicyName: 'Custom',
        PolicyType: 'SSLNegotiationPolicyType',
        LoadBalancerPorts: ['443'],
        Attributes: [
          { Name: 'Protocol-TLSv1', Value: 'true' },
          { Name: 'Protocol-TLSv1.2', Value: 'true' },
        ],
      },
    ];
    expect(idsOf(checkTemplate(classic({}, custom)), 'TLS4')).toEqual(['Hardened-TLS4[SslPolicy::Custom]']);
  });
});
