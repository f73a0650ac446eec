import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, NestedStack, PolicyValidationPluginReport, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { synthWithPack as synthPack } from './helpers';
import { FailOn, HardenedChecks, SecureTrail, SecurityChecklist, TrailRequirement } from '../../src';
import { countRenders } from '../checklist/helpers';

const OPTIONS = { date: '2026-11-23', trail: TrailRequirement.OFF };

function legacyApp(outdir?: string) {
  const app = new App({ outdir });
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

/** Each resource's construct path and the rule name, as a report lists them. */
function keysOf(report: PolicyValidationPluginReport): string[] {
  return report.violations.flatMap((v) => v.violatingResources.map((r) => `${r.constructPath} ${v.ruleName}`)).sort();
}

/** Synthesizes `app` with the pack as a validation plugin; returns what the pack reported to CDK. */
function synthWithPack(app: App): PolicyValidationPluginReport[] {
  return synthPack(app, OPTIONS);
}

/** A stack with a nested stack and a stage, each with an unprotected topic (TLS7). */
function nestedApp() {
  const app = new App();
  const parent = new Stack(app, 'Parent');
  new sns.Topic(new NestedStack(parent, 'Nested'), 'Topic');
  new sns.Topic(new Stack(new Stage(app, 'Prod'), 'Service'), 'Topic');
  return app;
}

describe('HardenedChecks as a validation plugin reads the templates CDK wrote', () => {
  test('no resource is rendered again, and the findings are those of the construct tree', () => {
    const bare = countRenders(() => legacyApp().app.synth());
    let reports: PolicyValidationPluginReport[] = [];
    const checked = countRenders(() => {
      reports = synthWithPack(legacyApp().app);
    });
    expect(checked).toBe(bare);
    expect(reports).toHaveLength(1);

    const rendered = legacyApp();
    rendered.app.synth();
    const expected = keysOf(new HardenedChecks(rendered.app, OPTIONS).validateScope(rendered.app));
    expect(expected.length).toBeGreaterThan(8);
    expect(keysOf(reports[0])).toEqual(expected);
  });

  test('nested stacks and stacks of stages are read from the cloud assembly too', () => {
    const bare = countRenders(() => nestedApp().synth());
    let reports: PolicyValidationPluginReport[] = [];
    const checked = countRenders(() => {
      reports = synthWithPack(nestedApp());
    });
    expect(checked).toBe(bare);
    expect(keysOf(reports[0])).toEqual(
      expect.arrayContaining(['Parent/Nested/Topic/Resource Hardened-TLS7', 'Prod/Service/Topic/Resource Hardened-TLS7']),
    );
  });

  test('a template file the synthesis did not report is never read: the stacks are rendered instead', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-nag-'));
    // An earlier synthesis left an insecure Legacy.template.json in the directory.
    legacyApp(outdir).app.synth();
    const app = new App({ outdir });
    new sns.Topic(new Stack(app, 'Legacy'), 'Topic');
    const pack = new HardenedChecks(app, OPTIONS);
    let report: PolicyValidationPluginReport | undefined;
    const renders = countRenders(() => {
      report = pack.validate({ templatePaths: [], appConstruct: app });
    });
    expect(renders).toBeGreaterThan(0);
    expect(keysOf(report!)).toEqual(['Legacy/Topic/Resource Hardened-TLS7']);
  });
});

describe('HardenedChecks fails as the other front doors do', () => {
  /** A bucket that enforces TLS but not TLS 1.2: only the TLS2 warning. */
  const warningOnly = () => {
    const app = new App();
    const stack = new Stack(app, 'W');
    const bucket = new s3.Bucket(stack, 'B', { enforceSSL: true });
    return { app, stack, bucket };
  };
  const opts = { trail: TrailRequirement.OFF, rules: ['TLS2'], date: '2026-11-23' };

  test('a warning is reported but fails only with failOn WARNING', () => {
    for (const [failOn, success] of [[undefined, true], [FailOn.NONE, true], [FailOn.ERROR, true], [FailOn.WARNING, false]] as const) {
      const { stack } = warningOnly();
      const report = new HardenedChecks(undefined, { ...opts, failOn }).validateScope(stack);
      expect(report.violations.map((v) => `${v.ruleName} ${v.severity}`)).toEqual(['Hardened-TLS2 warning']);
      expect(report.success).toBe(success);
    }
  });

  test('an expired acknowledgement fails the check with a Hardened-Acknowledgement violation', () => {
    const { stack, bucket } = warningOnly();
    SecurityChecklist.acknowledge(bucket, 'TLS2', { reason: 'the clients are upgraded in January', expires: '2027-01-31' });
    // The check runs on a later day than the expiry.
    const report = new HardenedChecks(undefined, { ...opts, date: '2027-06-01' }).validateScope(stack);
    const ack = report.violations.filter((v) => v.ruleName === 'Hardened-Acknowledgement');
    expect(ack.map((v) => v.severity)).toEqual(['error']);
    expect(ack[0].description).toMatch(/expired on 2027-01-31/);
    expect(report.success).toBe(false);
  });
});

describe('HardenedChecks judges the whole app once, stages included, as the plugin does', () => {
  const LOG1_ONLY = { date: '2026-11-23', rules: ['LOG1'] };
  /** A top-level stack (with a trail or not) and two stages with a stack each. */
  function stagedApp(withTrail: boolean) {
    const app = new App();
    const shared = new Stack(app, 'Shared');
    if (withTrail) new SecureTrail(shared, 'Trail');
    else new sns.Topic(shared, 'Topic');
    for (const name of ['Beta', 'Prod']) new sns.Topic(new Stack(new Stage(app, name), 'Service'), 'Topic');
    return app;
  }
  const log1 = (report: PolicyValidationPluginReport) =>
    report.violations.filter((v) => v.ruleName === 'Hardened-LOG1').flatMap((v) => v.violatingResources.map((r) => r.constructPath));

  test('a trail in a top-level stack covers the stacks of the stages: no LOG1', () => {
    const app = stagedApp(true);
    expect(log1(new HardenedChecks(app, LOG1_ONLY).validateScope(app))).toEqual([]);
    // As a validation plugin, on the templates CDK wrote for every stage.
    const reports = synthPack(stagedApp(true), LOG1_ONLY);
    expect(reports).toHaveLength(1);
    expect(reports[0].success).toBe(true);
    expect(log1(reports[0])).toEqual([]);
  });

  test('an app without a trail gets one LOG1, on the first resource of the app, not one per stage', () => {
    const app = stagedApp(false);
    const report = new HardenedChecks(app, LOG1_ONLY).validateScope(app);
    expect(log1(report)).toEqual(['Shared/Topic/Resource']);
    expect(report.success).toBe(false);
  });
});

describe('HardenedChecks: CDK applies a Hardened::<rule> acknowledgement to the whole app', () => {
  const TLS1_ONLY = { date: '2026-11-23', trail: TrailRequirement.OFF, rules: ['TLS1'] };
  function twoBuckets() {
    const app = new App();
    const stack = new Stack(app, 'S');
    const legacy = new s3.Bucket(stack, 'Legacy');
    new s3.Bucket(stack, 'Other');
    return { app, legacy };
  }

  test('the findings CDK would hide beyond the acknowledged construct are a Hardened-Acknowledgement error, and synth fails', () => {
    const { app, legacy } = twoBuckets();
    Validations.of(legacy).acknowledge({ id: 'Hardened::Hardened-TLS1', reason: 'legacy bucket, fixed with ticket 42' });
    const report = new HardenedChecks(app, TLS1_ONLY).validateScope(app);
    const conflict = report.violations.filter((v) => v.ruleName === 'Hardened-Acknowledgement');
    expect(conflict).toHaveLength(1);
    expect(conflict[0].severity).toBe('error');
    expect(conflict[0].description).toContain("'Hardened::Hardened-TLS1', acknowledged on S/Legacy");
    expect(conflict[0].violatingResources.map((r) => r.constructPath)).toEqual(['S/Other/Resource']);
    expect(report.success).toBe(false);

    const plugged = twoBuckets();
    Validations.of(plugged.legacy).acknowledge({ id: 'Hardened::Hardened-TLS1', reason: 'legacy bucket, fixed with ticket 42' });
    synthPack(plugged.app, TLS1_ONLY);
    expect(process.exitCode).toBe(1);
  });

  test('acknowledging each bucket where it is leaves no conflict and passes', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    for (const id of ['Legacy', 'Other']) {
      Validations.of(new s3.Bucket(stack, id)).acknowledge({ id: 'Hardened::Hardened-TLS1', reason: 'legacy bucket, fixed with ticket 42' });
    }
    const report = new HardenedChecks(app, TLS1_ONLY).validateScope(app);
    expect(report.violations).toEqual([]);
    expect(report.success).toBe(true);
  });
});
