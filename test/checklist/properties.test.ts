import * as fc from 'fast-check';
import { corpusDir, corpusFiles } from '../../scripts/corpus';
import { runChecklist } from '../../src/checklist/engine';
import { Resolver } from '../../src/checklist/resolve';
import { templateFromObject } from '../../src/checklist/template';
import { Unknown } from '../../src/checklist/values';
import { loadTemplateFile } from '../../src/cli/load';

const DATE = new Date('2026-11-23T00:00:00Z');
const RUNS = { numRuns: 150, seed: 20261123 };

/**
 * A CloudFormation expression that can evaluate to `value` (and possibly to other,
 * harmless values): the value itself, inside either branch of `Fn::If`, selected from a
 * list, substituted by `Fn::Sub`, split and re-joined by `Fn::Join`, or a parameter
 * whose `AllowedValues` include it.
 */
function canBe(value: string | number, depth = 0): fc.Arbitrary<{ expr: unknown; params: Record<string, unknown> }> {
  const leaf = fc.constant({ expr: value as unknown, params: {} as Record<string, unknown> });
  if (depth > 3) return leaf;
  const inner = () => canBe(value, depth + 1);
  const harmless = typeof value === 'number' ? 443 : 'harmless-value';
  const options: fc.Arbitrary<{ expr: unknown; params: Record<string, unknown> }>[] = [
    leaf,
    fc.tuple(inner(), fc.boolean()).map(([x, first]) => ({
      expr: { 'Fn::If': ['SomeCondition', first ? x.expr : harmless, first ? harmless : x.expr] },
      params: x.params,
    })),
    inner().map((x) => ({ expr: { 'Fn::Select': [1, [harmless, x.expr]] }, params: x.params })),
    fc.integer({ min: 0, max: 1_000_000 }).map((n) => {
      const name = `P${n}`;
      return { expr: { Ref: name }, params: { [name]: { Type: 'String', AllowedValues: [String(harmless), String(value)] } } };
    }),
  ];
  if (typeof value === 'string' && value.length > 1) {
    options.push(
      fc.integer({ min: 1, max: value.length - 1 }).map((i) => ({
        expr: { 'Fn::Join': ['', [value.slice(0, i), value.slice(i)]] },
        params: {},
      })),
      inner().map((x) => ({ expr: { 'Fn::Sub': ['${V}', { V: x.expr }] }, params: x.params })),
    );
  }
  return fc.oneof(...options);
}

interface Case {
  rule: string;
  bad: string | number;
  template: (expr: unknown) => Record<string, any>;
}

/** Noncompliant resources with one value to hide behind intrinsics. */
const CASES: Case[] = [
  {
    rule: 'IAM1',
    bad: 's3:*',
    template: (expr) => ({
      Resources: {
        P: {
          Type: 'AWS::IAM::ManagedPolicy',
          Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: expr, Resource: 'arn:aws:s3:::bucket/key' }] } },
        },
      },
    }),
  },
  {
    rule: 'IAM2',
    bad: '*',
    template: (expr) => ({
      Resources: {
        P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: expr }] } } },
      },
    }),
  },
  {
    rule: 'NET2',
    bad: '0.0.0.0/0',
    template: (expr) => ({
      Resources: {
        Sg: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: { GroupDescription: 'x', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: expr }] },
        },
      },
    }),
  },
  {
    rule: 'NET1',
    bad: 3306,
    template: (expr) => ({
      Resources: {
        In: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: 'sg-1', IpProtocol: 'tcp', FromPort: expr, ToPort: expr, CidrIp: '0.0.0.0/0' } },
      },
    }),
  },
  {
    rule: 'TLS4',
    bad: 'ELBSecurityPolicy-2016-08',
    template: (expr) => ({
      Resources: {
        L: {
          Type: 'AWS::ElasticLoadBalancingV2::Listener',
          Properties: {
            LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/y',
            Port: 443,
            Protocol: 'HTTPS',
            SslPolicy: expr,
            Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' }],
            DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
          },
        },
      },
    }),
  },
  {
    rule: 'LMB1',
    bad: 'python2.7',
    template: (expr) => ({
      Resources: {
        F: { Type: 'AWS::Lambda::Function', Properties: { Runtime: expr, Handler: 'a.b', Role: 'arn:aws:iam::123456789012:role/x', Code: { ZipFile: 'x' } } },
      },
    }),
  },
  {
    rule: 'TLS5',
    bad: 'allow-all',
    template: (expr) => ({
      Resources: {
        D: {
          Type: 'AWS::CloudFront::Distribution',
          Properties: {
            DistributionConfig: {
              Enabled: true,
              DefaultCacheBehavior: { TargetOriginId: 'o', ViewerProtocolPolicy: expr },
              ViewerCertificate: { AcmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x', SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' },
              Origins: [{ Id: 'o', DomainName: 'example.com', CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] } }],
            },
          },
        },
      },
    }),
  },
];

describe('intrinsics never turn a noncompliant literal into a pass', () => {
  test.each(CASES.map((c) => [c.rule, c]))('%s', (_rule, c) => {
    fc.assert(
      fc.property(canBe((c as Case).bad), ({ expr, params }) => {
        const { rule, template } = c as Case;
        const t = template(expr);
        t.Parameters = params;
        t.Conditions = { SomeCondition: { 'Fn::Equals': ['a', 'b'] } };
        const findings = runChecklist([templateFromObject(t, 't.json')], { date: DATE, only: [rule] }).findings;
        return findings.some((f) => f.ruleId === rule) && findings.every((f) => f.detail !== 'Unresolved::rule-error');
      }),
      RUNS,
    );
  });

  test('a value hidden behind an import or an unconstrained parameter is never a pass', () => {
    for (const c of CASES) {
      for (const expr of [{ 'Fn::ImportValue': 'Shared-Value' }, { Ref: 'Free' }]) {
        const t = c.template(expr);
        t.Parameters = { Free: { Type: 'String' } };
        const findings = runChecklist([templateFromObject(t, 't.json')], { date: DATE, only: [c.rule] }).findings;
        expect({ rule: c.rule, expr, fired: findings.some((f) => f.ruleId === c.rule) }).toEqual({ rule: c.rule, expr, fired: true });
      }
    }
  });
});

describe('a name chosen from a parameter\'s AllowedValues is judged for each choice', () => {
  // TLS1 with a bucket named `!Ref Name`: the bucket is protected exactly when, whatever
  // name is chosen, a policy for that name denies requests without TLS on its ARNs.
  test('TLS1 passes if and only if every allowed name has a policy that denies plain HTTP on it', () => {
    const names = ['logs-a', 'logs-b', 'logs-c', 'logs-d'];
    const insecure = { Bool: { 'aws:SecureTransport': 'false' } };
    fc.assert(
      fc.property(
        fc.subarray(names, { minLength: 2 }),
        fc.array(fc.record({ name: fc.constantFrom(...names), denies: fc.boolean(), byParameter: fc.boolean() }), { maxLength: 5 }),
        (allowed, policies) => {
          const resources: Record<string, unknown> = { Logs: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { Ref: 'Name' } } } };
          policies.forEach((p, i) => {
            // A policy on the parameter itself covers every choice; one on a literal name only that name.
            const name = p.byParameter ? '${Name}' : p.name;
            resources[`Policy${i}`] = {
              Type: 'AWS::S3::BucketPolicy',
              Properties: {
                Bucket: p.byParameter ? { Ref: 'Name' } : p.name,
                PolicyDocument: {
                  Statement: [
                    {
                      Effect: p.denies ? 'Deny' : 'Allow',
                      Principal: { AWS: '*' },
                      Action: 's3:*',
                      Resource: [{ 'Fn::Sub': `arn:aws:s3:::${name}` }, { 'Fn::Sub': `arn:aws:s3:::${name}/*` }],
                      Condition: insecure,
                    },
                  ],
                },
              },
            };
          });
          const template = { Parameters: { Name: { Type: 'String', AllowedValues: allowed } }, Resources: resources };
          const findings = runChecklist([templateFromObject(template, 't.json')], { date: DATE, only: ['TLS1'] }).findings;
          const protectedName = (n: string) => policies.some((p) => p.denies && (p.byParameter || p.name === n));
          return findings.length === (allowed.every(protectedName) ? 0 : 1);
        },
      ),
      RUNS,
    );
  });
});

/** Any JSON, with intrinsic-function keys mixed in. */
const intrinsicJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie('node'), { maxKeys: 3 }),
    fc
      .tuple(
        fc.constantFrom('Ref', 'Fn::If', 'Fn::Join', 'Fn::Sub', 'Fn::GetAtt', 'Fn::Select', 'Fn::Split', 'Fn::FindInMap', 'Fn::ImportValue', 'Fn::Base64', 'Fn::ToJsonString', 'Fn::Cidr'),
        tie('node'),
      )
      .map(([k, v]) => ({ [k]: v })),
  ),
})).node;

describe('the resolver', () => {
  const scope = {
    parameters: { P: { Type: 'String', AllowedValues: ['a', 'b'] }, Q: { Type: 'String' } },
    mappings: { M: { k: { v: 'x' } } },
    resourceType: (id: string) => (id === 'R' ? 'AWS::S3::Bucket' : undefined),
  };

  test('never throws, and always gives at least one alternative, on random nested intrinsics', () => {
    const resolver = new Resolver(scope);
    fc.assert(
      fc.property(intrinsicJson, (v) => {
        const out = resolver.variants(v);
        resolver.items(v);
        return Array.isArray(out) && out.length >= 1;
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  test('resolves what it can know and marks what it cannot', () => {
    const resolver = new Resolver(scope);
    expect(resolver.variants({ 'Fn::Join': ['', ['arn:aws:s3:::', { Ref: 'R' }, '/*']] })).toEqual(['arn:aws:s3:::⟦Ref.R⟧/*']);
    expect(resolver.variants({ Ref: 'P' })).toEqual(['a', 'b']);
    expect(resolver.variants({ 'Fn::Sub': 'x-${Q}' })).toEqual(['x-⟪Ref.Q⟫']);
    expect(resolver.variants({ 'Fn::ImportValue': 'X' })[0]).toBeInstanceOf(Unknown);
    expect(resolver.variants({ 'Fn::FindInMap': ['M', 'k', 'v'] })).toEqual(['x']);
    expect(resolver.variants({ 'Fn::If': ['C', 1, { Ref: 'AWS::NoValue' }] })).toHaveLength(2);
  });
});

describe('random templates built from the corpus\'s resource shapes', () => {
  const dir = corpusDir();
  // Resource shapes from a sample of the corpus (every 8th template), mutated below.
  const shapes: Array<{ type: string; def: any }> = [];
  if (dir) {
    corpusFiles(dir)
      .filter((_, i) => i % 8 === 0)
      .forEach((file) => {
        try {
          const t = loadTemplateFile(file);
          for (const r of t.resources) shapes.push({ type: r.type, def: r.definition });
        } catch {
          /* rejected templates have no shapes to offer */
        }
      });
  }

  test('the corpus sample offers shapes', () => {
    expect(dir).toBeDefined();
    expect(shapes.length).toBeGreaterThan(200);
  });

  test('never crash the engine nor make a rule throw', () => {
    const mutate = (v: any, replacement: unknown, pick: number): any => {
      // Replace one leaf (chosen by `pick`) with a random intrinsic.
      let n = 0;
      const walk = (x: any): any => {
        if (Array.isArray(x)) return x.map(walk);
        if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, walk(y)]));
        return n++ === pick ? replacement : x;
      };
      return walk(v);
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.nat(50), intrinsicJson), { minLength: 1, maxLength: 12 }),
        (picks) => {
          const resources: Record<string, unknown> = {};
          picks.forEach(([i, leaf, replacement], k) => {
            const shape = shapes[i % shapes.length];
            resources[`R${k}`] = { ...shape.def, Properties: mutate(shape.def.Properties ?? {}, replacement, leaf) };
          });
          const t = templateFromObject({ Parameters: { P: { Type: 'String' } }, Resources: resources }, 'random.json');
          const result = runChecklist([t], { date: DATE });
          return result.findings.every((f) => f.detail !== 'Unresolved::rule-error');
        },
      ),
      { numRuns: 200, seed: 42 },
    );
  });
});
