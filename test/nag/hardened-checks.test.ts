import { App, Aspects, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HardenedChecks, SecurityChecklist, TrailRequirement } from '../../src';

const OPTIONS = { date: '2026-11-23', trail: TrailRequirement.OFF };

function legacyApp() {
  const app = new App();
  const stack = new Stack(app, 'Legacy', { env: { account: '123456789012', region: 'us-east-1' } });
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.PYTHON_3_8,
    handler: 'index.handler',
    code: lambda.Code.fromInline('def handler(e, c):\n    return None\n'),
    environment: { API_TOKEN: 'not-a-real-token-but-literal' },
  });
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:*', 'dynamodb:Get*'], resources: ['*'] }));
  new s3.Bucket(stack, 'Bucket');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, restrictDefaultSecurityGroup: false });
  const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
  sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(3389));
  return { app, stack, fn };
}

afterEach(() => {
  process.exitCode = 0;
});

describe('HardenedChecks (cdk-nag pack)', () => {
  test('reports the same findings as the SecurityChecklist aspect on the same app', () => {
    const viaNag = legacyApp();
    const pack = new HardenedChecks(viaNag.app, OPTIONS);
    const report = pack.validateScope(viaNag.app);
    const nagFindings = report.violations
      .flatMap((v) => v.violatingResources.map((r) => `${r.constructPath} ${v.ruleName}`))
      .sort();

    const viaAspect = legacyApp();
    Aspects.of(viaAspect.app).add(new SecurityChecklist(OPTIONS));
    const annotations = Annotations.fromStack(viaAspect.stack);
    const aspectFindings = [...annotations.findError('*', Match.anyValue()), ...annotations.findWarning('*', Match.anyValue())]
      .map((m) => ({ path: m.id.replace(/^\//, ''), id: String(m.entry.data).match(/^\[(Hardened-[^\s]+?)\] /)?.[1] }))
      .filter((m) => m.id !== undefined)
      .map((m) => `${m.path} ${m.id}`)
      .sort();

    expect(nagFindings.length).toBeGreaterThan(8);
    expect(nagFindings).toEqual(aspectFindings);
    expect(nagFindings).toEqual(
      expect.arrayContaining([
        'Legacy/Fn/ServiceRole/DefaultPolicy/Resource Hardened-IAM1[Action::s3:*]',
        'Legacy/Fn/Resource Hardened-LMB1[Runtime::python3.8]',
        'Legacy/Sg/Resource Hardened-NET2[Port::tcp/3389]',
        'Legacy/Bucket/Resource Hardened-TLS1',
      ]),
    );
    expect(report.success).toBe(false);
  });

  test('runs as a validation plugin next to other packs and honours CDK acknowledgements', () => {
    const { app, fn } = legacyApp();
    Validations.of(fn.node.findChild('ServiceRole').node.findChild('DefaultPolicy').node.defaultChild!).acknowledge({
      id: 'Hardened-IAM1[Action::s3:*]',
      reason: 'legacy migration role, tracked in JIRA-123',
    });
    const pack = new HardenedChecks(app, OPTIONS);
    const names = pack.validateScope(app).violations.map((v) => v.ruleName);
    expect(names).not.toContain('Hardened-IAM1[Action::s3:*]');
    expect(names).toContain('Hardened-IAM1[PartialWildcard::dynamodb:Get*]');
    expect(pack.name).toBe('Hardened');
  });
});
