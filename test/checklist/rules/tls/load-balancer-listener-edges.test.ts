// Edge cases of TLS4 found by mutation testing: each test pins one decision of the rule
// (unknown values, listener rules, classic SSL negotiation policies, messages) that the
// main tests left open.
import { Finding } from '../../../../src/checklist/engine';
import { elbPolicyStrength } from '../../../../src/checklist/rules/tls/load-balancer-listener';
import { checkTemplate, findingsOf } from '../../helpers';

type Props = Record<string, unknown>;

const LB_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lb/1';
const TG_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/1';
const STRONG = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
const REDIRECT = { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } };
const FORWARD = { Type: 'forward', TargetGroupArn: TG_ARN };
const CONDITIONS = { Strict: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] } };

const tls4 = (template: object): Finding[] => findingsOf(checkTemplate(template), 'TLS4');
const ids = (findings: Finding[]) => findings.map((f) => f.id).sort();
/** Whether `text` names `token` as a whole word (not inside a longer name such as TLSv1 in TLSv1.1). */
const names = (text: string, token: string) => new RegExp(`(^|[^\\w.])${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w.])`).test(text);

/** A template with one ELBv2 listener `Listener` (plus other resources and untyped parameters). */
function listener(props: Props, resources: Props = {}, parameters: string[] = []) {
  return {
    Parameters: Object.fromEntries(parameters.map((p) => [p, { Type: 'String' }])),
    Conditions: CONDITIONS,
    Resources: { Listener: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: LB_ARN, ...props } }, ...resources },
  };
}

const https = (props: Props = {}, parameters: string[] = []) =>
  listener({ Port: 443, Protocol: 'HTTPS', Certificates: [{ CertificateArn: 'arn:cert' }], DefaultActions: [FORWARD], ...props }, {}, parameters);

const http = (defaultActions: unknown, resources: Props = {}, parameters: string[] = []) =>
  listener({ Port: 80, Protocol: 'HTTP', DefaultActions: defaultActions }, resources, parameters);

const listenerRule = (listenerArn: unknown, actions: unknown, conditions: unknown[] = [{ Field: 'path-pattern', Values: ['/app/*'] }]) => ({
  Type: 'AWS::ElasticLoadBalancingV2::ListenerRule',
  Properties: { ListenerArn: listenerArn, Priority: 1, Conditions: conditions, Actions: actions },
});

/** A classic load balancer `Lb` with the given listeners and policies. */
function classic(listeners: unknown, policies?: unknown, parameters: string[] = []) {
  return {
    Parameters: Object.fromEntries(parameters.map((p) => [p, { Type: 'String' }])),
    Resources: {
      Lb: {
        Type: 'AWS::ElasticLoadBalancing::LoadBalancer',
        Properties: { AvailabilityZones: ['us-east-1a'], Listeners: listeners, ...(policies === undefined ? {} : { Policies: policies }) },
      },
    },
  };
}

const classicHttps = (extra: Props = {}) => ({ Protocol: 'HTTPS', LoadBalancerPort: '443', InstancePort: '80', InstanceProtocol: 'HTTP', SSLCertificateId: 'arn:cert', ...extra });
const attributes = (o: Record<string, unknown>) => Object.entries(o).map(([Name, Value]) => ({ Name, Value }));
const negotiation = (name: string, attrs: Record<string, unknown>, extra: Props = {}) => ({
  PolicyName: name,
  PolicyType: 'SSLNegotiationPolicyType',
  Attributes: attributes(attrs),
  ...extra,
});
const reference = (name: string, policy: string, extra: Props = {}) => negotiation(name, { 'Reference-Security-Policy': policy }, extra);

describe('TLS4 edge cases: ELBv2 listeners', () => {
  test('a Gateway Load Balancer listener has no protocol and nothing to judge', () => {
    expect(tls4(listener({ DefaultActions: [FORWARD] }))).toEqual([]);
  });

  test('a listener protocol that cannot be known, or is no protocol name, is unresolved on the listener', () => {
    for (const template of [listener({ Protocol: { Ref: 'Proto' }, Port: 80 }, {}, ['Proto']), listener({ Protocol: 443, Port: 443 })]) {
      const findings = tls4(template);
      expect(ids(findings)).toEqual(['Hardened-TLS4[Unresolved::Properties.Protocol]']);
      expect(findings[0].logicalId).toBe('Listener');
      expect(findings[0].message).toMatch(/protocol of Listener/);
    }
  });

  test('messages name the HTTPS or TLS listener and the policy: the default one it falls back to, a weak one, an unknown one', () => {
    const [none] = tls4(https());
    expect(none.id).toBe('Hardened-TLS4[SslPolicy::none]');
    expect(none.message).toContain('HTTPS listener Listener');
    expect(none.message).toContain('ELBSecurityPolicy-2016-08');

    const [tlsNone] = tls4(listener({ Port: 443, Protocol: 'TLS', Certificates: [{ CertificateArn: 'arn:cert' }], DefaultActions: [FORWARD] }));
    expect(tlsNone.message).toContain('TLS listener Listener');

    const [weak] = tls4(https({ SslPolicy: 'ELBSecurityPolicy-TLS-1-1-2017-01' }));
    expect(weak.message).toContain('Listener');
    expect(weak.message).toContain('ELBSecurityPolicy-TLS-1-1-2017-01');

    const [unknown] = tls4(https({ SslPolicy: 'MyOwnPolicy' }));
    expect(unknown.message).toContain('Listener');
    expect(unknown.message).toContain('MyOwnPolicy');
  });

  test('an SslPolicy from a parameter, or that is not a policy name, is unresolved and says whose policy it is', () => {
    for (const template of [https({ SslPolicy: { Ref: 'Policy' } }, ['Policy']), https({ SslPolicy: [STRONG] })]) {
      const findings = tls4(template);
      expect(ids(findings)).toEqual(['Hardened-TLS4[Unresolved::Properties.SslPolicy]']);
      expect(findings[0].message).toMatch(/security policy of HTTPS listener Listener/);
    }
  });
});

describe('TLS4 edge cases: HTTP listener default actions', () => {
  test('default actions that cannot be known are unresolved, naming the listener', () => {
    const findings = tls4(http({ 'Fn::ImportValue': 'SharedActions' }));
    expect(ids(findings)).toEqual(['Hardened-TLS4[Unresolved::Properties.DefaultActions]']);
    expect(findings[0].message).toMatch(/default action of HTTP listener Listener/);
  });

  test('an unknown action is unresolved unless another action redirects to HTTPS, before or after it', () => {
    const unknown = { 'Fn::ImportValue': 'SharedAction' };
    expect(ids(tls4(http([unknown])))).toEqual(['Hardened-TLS4[Unresolved::Properties.DefaultActions]']);
    expect(tls4(http([REDIRECT, unknown]))).toEqual([]);
    expect(tls4(http([unknown, REDIRECT]))).toEqual([]);
    expect(tls4(http([REDIRECT, unknown, { Type: { Ref: 'ActionType' } }], {}, ['ActionType']))).toEqual([]);
  });

  test('an action whose type, or whose redirect protocol, comes from a parameter is unresolved', () => {
    expect(ids(tls4(http([{ Type: { Ref: 'ActionType' } }], {}, ['ActionType'])))).toEqual(['Hardened-TLS4[Unresolved::Properties.DefaultActions]']);
    const toParam = [{ Type: 'redirect', RedirectConfig: { Protocol: { Ref: 'Proto' }, StatusCode: 'HTTP_301' } }];
    expect(ids(tls4(http(toParam, {}, ['Proto'])))).toEqual(['Hardened-TLS4[Unresolved::Properties.DefaultActions]']);
    // Either branch of an Fn::If must redirect.
    const ifRedirect = [{ 'Fn::If': ['Strict', REDIRECT, { Type: 'redirect', RedirectConfig: { Protocol: { Ref: 'Proto' } } }] }];
    expect(ids(tls4(http(ifRedirect, {}, ['Proto'])))).toEqual(['Hardened-TLS4[Unresolved::Properties.DefaultActions]']);
  });

  test('type and protocol are read case-insensitively', () => {
    expect(tls4(http([{ Type: 'Redirect', RedirectConfig: { Protocol: 'https', StatusCode: 'HTTP_302' } }]))).toEqual([]);
  });

  test('only a redirect to HTTPS counts: to HTTP, keeping the protocol, without RedirectConfig, or a forward with a stray RedirectConfig fail', () => {
    const failing = [
      [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTP', Port: '8080', StatusCode: 'HTTP_301' } }],
      [{ Type: 'redirect', RedirectConfig: { Protocol: '#{protocol}', Host: 'www.example.com', StatusCode: 'HTTP_301' } }],
      [{ Type: 'redirect' }],
      [{ ...FORWARD, RedirectConfig: { Protocol: 'HTTPS' } }],
      [{ Type: ['redirect'], RedirectConfig: { Protocol: 'HTTPS' } }],
    ];
    for (const actions of failing) {
      const findings = tls4(http(actions));
      expect([JSON.stringify(actions), ids(findings)]).toEqual([JSON.stringify(actions), ['Hardened-TLS4[Protocol::HTTP]']]);
      expect(findings[0].logicalId).toBe('Listener');
      expect(findings[0].message).toMatch(/HTTP listener Listener .*redirect/);
    }
    // The action type decides: a forward is no redirect whatever its RedirectConfig says, even when that is unknown.
    const forwardToParam = [{ ...FORWARD, RedirectConfig: { Protocol: { Ref: 'Proto' } } }];
    expect(ids(tls4(http(forwardToParam, {}, ['Proto'])))).toEqual(['Hardened-TLS4[Protocol::HTTP]']);
  });
});

describe('TLS4 edge cases: listener rules of an HTTP listener', () => {
  test('rules that redirect or answer with a fixed response keep a redirecting HTTP listener passing', () => {
    const resources = {
      ToHttps: listenerRule({ Ref: 'Listener' }, [REDIRECT]),
      Maintenance: listenerRule({ Ref: 'Listener' }, [{ Type: 'Fixed-Response', FixedResponseConfig: { StatusCode: '503' } }]),
    };
    expect(tls4(http([REDIRECT], resources))).toEqual([]);
  });

  test('a rule that forwards fails the listener, naming the rule, whether it is attached by Ref or by Fn::GetAtt ListenerArn', () => {
    for (const arn of [{ Ref: 'Listener' }, { 'Fn::GetAtt': ['Listener', 'ListenerArn'] }]) {
      const findings = tls4(http([REDIRECT], { Api: listenerRule(arn, [{ Type: 'Forward', TargetGroupArn: TG_ARN }]) }));
      expect(findings.map((f) => [f.id, f.logicalId])).toEqual([['Hardened-TLS4[Protocol::HTTP]', 'Listener']]);
      expect(findings[0].message).toContain('Api');
      expect(findings[0].message).toContain('Listener');
    }
  });

  test('a rule whose ListenerArn may be this listener (one branch of an Fn::If) is judged', () => {
    const arn = { 'Fn::If': ['Strict', { Ref: 'Listener' }, 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/1/other'] };
    expect(ids(tls4(http([REDIRECT], { Api: listenerRule(arn, [FORWARD]) })))).toEqual(['Hardened-TLS4[Protocol::HTTP]']);
  });

  test('a rule of another listener that only mentions this one (here in a condition) is not its rule', () => {
    const resources = {
      Secure: {
        Type: 'AWS::ElasticLoadBalancingV2::Listener',
        Properties: { LoadBalancerArn: LB_ARN, Port: 443, Protocol: 'HTTPS', SslPolicy: STRONG, Certificates: [{ CertificateArn: 'arn:cert' }], DefaultActions: [FORWARD] },
      },
      Api: listenerRule({ Ref: 'Secure' }, [FORWARD], [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'X-Listener', Values: [{ Ref: 'Listener' }] } }]),
    };
    expect(tls4(http([REDIRECT], resources))).toEqual([]);
  });

  test('a rule whose action type cannot be known is unresolved on the listener, naming the rule (a bug fixed: it said the rule forwards)', () => {
    const findings = tls4(http([REDIRECT], { Api: listenerRule({ Ref: 'Listener' }, [{ Type: { 'Fn::ImportValue': 'ActionType' } }]) }));
    expect(findings.map((f) => [f.id, f.logicalId])).toEqual([['Hardened-TLS4[Unresolved::Api.Actions]', 'Listener']]);
    expect(findings[0].message).toMatch(/^Whether listener rule Api of HTTP listener Listener redirects to HTTPS cannot be verified/);
  });

  test('a rule that forwards still fires when another rule of the listener cannot be read', () => {
    const findings = tls4(
      http([REDIRECT], {
        Unknown: listenerRule({ Ref: 'Listener' }, [{ Type: { 'Fn::ImportValue': 'ActionType' } }]),
        Api: listenerRule({ Ref: 'Listener' }, [FORWARD]),
      }),
    );
    expect(findings.map((f) => [f.id, f.logicalId])).toEqual([['Hardened-TLS4[Protocol::HTTP]', 'Listener']]);
    expect(findings[0].message).toContain('listener rule Api forwards them');
  });
});

describe('TLS4 edge cases: classic load balancers', () => {
  test('policies that cannot be read make the load balancer unresolved', () => {
    for (const policies of [{ 'Fn::ImportValue': 'Policies' }, [{ 'Fn::ImportValue': 'Policy' }]]) {
      const findings = tls4(classic([classicHttps({ PolicyNames: ['Tls'] })], policies));
      expect(ids(findings)).toEqual(['Hardened-TLS4[Unresolved::Properties.Policies]']);
      expect(findings[0].message).toMatch(/policies of Lb/);
    }
  });

  test('a listener that cannot be read is unresolved', () => {
    const findings = tls4(classic([{ 'Fn::ImportValue': 'Listener' }]));
    expect(ids(findings)).toEqual(['Hardened-TLS4[Unresolved::Properties.Listeners]']);
    expect(findings[0].message).toMatch(/listener of Lb/);
  });

  test('a listener protocol that cannot be known, or is no protocol name, is unresolved, naming port and load balancer', () => {
    for (const protocol of [{ Ref: 'Proto' }, 443]) {
      const findings = tls4(classic([classicHttps({ Protocol: protocol })], undefined, ['Proto']));
      expect(ids(findings)).toEqual(['Hardened-TLS4[Unresolved::Properties.Listeners.Protocol]']);
      expect(findings[0].message).toMatch(/protocol of listener 443 of Lb/);
    }
  });

  test('the HTTP finding names the port and the load balancer', () => {
    const [finding] = tls4(classic([{ Protocol: 'HTTP', LoadBalancerPort: 8080, InstancePort: '80' }]));
    expect(finding.id).toBe('Hardened-TLS4[Protocol::HTTP]');
    expect(finding.message).toContain('listener 8080 of Lb');
  });

  test('an SSL listener is judged like HTTPS; a TCP listener is not judged', () => {
    const findings = tls4(classic([classicHttps({ Protocol: 'ssl', InstanceProtocol: 'TCP' })]));
    expect(ids(findings)).toEqual(['Hardened-TLS4[SslPolicy::none]']);
    expect(findings[0].message).toContain('SSL listener 443 of Lb');
    expect(findings[0].message).toContain('ELBSecurityPolicy-2016-08');
    expect(tls4(classic([{ Protocol: 'TCP', LoadBalancerPort: '443', InstancePort: '443' }]))).toEqual([]);
  });

  test('a policy type that cannot be known, or is no type name, is unresolved', () => {
    for (const type of [{ Ref: 'Type' }, ['SSLNegotiationPolicyType']]) {
      const policies = [{ ...reference('Tls', STRONG), PolicyType: type }];
      const findings = tls4(classic([classicHttps({ PolicyNames: ['Tls'] })], policies, ['Type']));
      expect(ids(findings)).toEqual(['Hardened-TLS4[Unresolved::Properties.Policies.PolicyType]']);
      expect(findings[0].message).toMatch(/type of a policy of Lb/);
    }
  });

  test('only SSL negotiation policies apply: a stickiness policy named on the listener is ignored', () => {
    const policies = [{ PolicyName: 'Sticky', PolicyType: 'AppCookieStickinessPolicyType', Attributes: attributes({ CookieName: 'session' }) }, reference('Tls', STRONG)];
    expect(tls4(classic([classicHttps({ PolicyNames: ['Sticky', 'Tls'] })], policies))).toEqual([]);
  });

  test('a policy applies by name or by one of its ports; one for other ports and names does not', () => {
    const unattached = reference('Old', 'ELBSecurityPolicy-2016-08', { LoadBalancerPorts: ['8443'] });
    expect(tls4(classic([classicHttps({ PolicyNames: ['Tls'] })], [reference('Tls', STRONG), unattached]))).toEqual([]);
    const byPort = reference('Old', 'ELBSecurityPolicy-2016-08', { LoadBalancerPorts: [443, '8443'] });
    expect(ids(tls4(classic([classicHttps()], [byPort])))).toEqual(['Hardened-TLS4[SslPolicy::ELBSecurityPolicy-2016-08]']);
  });

  test('a predefined policy named directly on the listener is judged by its name', () => {
    expect(tls4(classic([classicHttps({ PolicyNames: ['ELBSecurityPolicy-TLS-1-2-2017-01'] })]))).toEqual([]);
    const [finding] = tls4(classic([classicHttps({ PolicyNames: ['ELBSecurityPolicy-2016-08'] })]));
    expect(finding.id).toBe('Hardened-TLS4[SslPolicy::ELBSecurityPolicy-2016-08]');
    expect(finding.message).toContain('HTTPS listener 443 of Lb');
  });

  test('a listener policy name that cannot be known is unresolved', () => {
    const findings = tls4(classic([classicHttps({ PolicyNames: ['Tls', { Ref: 'Extra' }] })], [reference('Tls', STRONG)], ['Extra']));
    expect(ids(findings)).toEqual(['Hardened-TLS4[Unresolved::Properties.Listeners.PolicyNames]']);
    expect(findings[0].message).toMatch(/policies of HTTPS listener 443 of Lb/);
  });

  test('a policy attribute whose name or value cannot be known is unresolved, naming the policy', () => {
    for (const attrs of [
      [{ Name: 'Protocol-TLSv1.2', Value: 'true' }, { Name: 'Protocol-TLSv1', Value: { Ref: 'Legacy' } }],
      [{ Name: { Ref: 'Legacy' }, Value: 'true' }],
    ]) {
      const policies = [{ PolicyName: 'Custom', PolicyType: 'SSLNegotiationPolicyType', Attributes: attrs }];
      const findings = tls4(classic([classicHttps({ PolicyNames: ['Custom'] })], policies, ['Legacy']));
      expect(ids(findings)).toEqual(['Hardened-TLS4[Unresolved::Properties.Policies.Attributes]']);
      expect(findings[0].message).toMatch(/SSL negotiation policy Custom of Lb/);
    }
  });

  test('a custom policy that enables only Protocol-TLSv1.2 passes: protocols set to false do not count', () => {
    const policy = negotiation('Custom', {
      'Protocol-SSLv3': false,
      'Protocol-TLSv1': 'false',
      'Protocol-TLSv1.1': 'False',
      'Protocol-TLSv1.2': 'TRUE',
      'ECDHE-RSA-AES128-GCM-SHA256': 'true',
    });
    expect(tls4(classic([classicHttps({ PolicyNames: ['Custom'] })], [policy]))).toEqual([]);
  });

  test('a custom policy fails naming each weak protocol it enables', () => {
    const policy = negotiation('Custom', { 'Protocol-SSLv2': 'true', 'Protocol-SSLv3': 'true', 'Protocol-TLSv1.1': true, 'Protocol-TLSv1.2': 'true' });
    const findings = tls4(classic([classicHttps({ PolicyNames: ['Custom'] })], [policy]));
    expect(ids(findings)).toEqual(['Hardened-TLS4[SslPolicy::Custom]']);
    const message = findings[0].message;
    expect(message).toContain('HTTPS listener 443 of Lb');
    expect(message).toContain('Custom');
    expect(['SSLv2', 'SSLv3', 'TLSv1.1', 'TLSv1.2', 'TLSv1'].map((p) => [p, names(message, p)])).toEqual([
      ['SSLv2', true],
      ['SSLv3', true],
      ['TLSv1.1', true],
      ['TLSv1.2', false],
      ['TLSv1', false],
    ]);
  });

  test('a custom policy that neither references a predefined policy nor enables Protocol-TLSv1.2 fails', () => {
    const policy = negotiation('Ciphers', { 'ECDHE-RSA-AES128-GCM-SHA256': 'true', 'Protocol-TLSv1.2': 'false' });
    const findings = tls4(classic([classicHttps({ PolicyNames: ['Ciphers'] })], [policy]));
    expect(findings.map((f) => [f.id, f.logicalId])).toEqual([['Hardened-TLS4[SslPolicy::Ciphers]', 'Lb']]);
    expect(findings[0].message).toContain('HTTPS listener 443 of Lb');
    expect(findings[0].message).toContain('Ciphers');
    expect(findings[0].message).toContain('Protocol-TLSv1.2');
  });
});

describe('TLS4 edge cases: policy names', () => {
  test('surrounding spaces do not change a policy name', () => {
    expect(elbPolicyStrength(` ${STRONG} `)).toBe('strong');
    expect(elbPolicyStrength(' ELBSecurityPolicy-2016-08 ')).toBe('weak');
  });

  test('a versioned name without a date suffix is judged by its version', () => {
    expect(elbPolicyStrength('ELBSecurityPolicy-TLS13-1-3')).toBe('strong');
    expect(elbPolicyStrength('ELBSecurityPolicy-TLS-1-1')).toBe('weak');
  });

  test('a name that only contains a predefined name is not that policy', () => {
    for (const name of [`My${STRONG}`, 'MyELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-2016-08-custom', 'MyELBSample-OpenSSLDefaultCipherPolicy']) {
      expect([name, elbPolicyStrength(name)]).toEqual([name, 'unknown']);
    }
  });
});
