import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { FailOn, SecurityChecklist, SecurityChecklistPlugin, TrailRequirement } from '../../src';
import { main } from '../../src/cli/main';

const DATE = '2026-11-23';

/** A Lambda function whose role can do anything to S3: IAM1 and IAM2. */
function insecureApp(outdir?: string) {
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, 'Insecure');
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: 'index.handler',
    code: lambda.Code.fromInline('def handler(event, context):\n    return None\n'),
  });
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
  return { app, stack, fn };
}

function tmpdir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-'));
}

afterEach(() => {
  // A failing validation plugin sets process.exitCode instead of throwing.
  process.exitCode = 0;
});

describe('SecurityChecklist aspect', () => {
  test('fails synth with Hardened-IAM1 and Hardened-IAM2 on the construct path of an s3:* on * policy', () => {
    const { app, stack } = insecureApp();
    Aspects.of(app).add(new SecurityChecklist({ trail: TrailRequirement.OFF, date: DATE }));
    const annotations = Annotations.fromStack(stack);
    const errors = annotations.findError('*', Match.anyValue()).filter((m) => String(m.entry.data).includes('Hardened-'));
    const byPath = errors.map((m) => `${m.id} ${String(m.entry.data).match(/\[(Hardened-[A-Z]+\d+)/)?.[1]}`);
    expect(byPath).toEqual(
      expect.arrayContaining(['/Insecure/Fn/ServiceRole/DefaultPolicy/Resource Hardened-IAM1', '/Insecure/Fn/ServiceRole/DefaultPolicy/Resource Hardened-IAM2']),
    );
  });

  test('an acknowledgement with a reason makes synth pass and keeps the finding, marked, in the JSON report', () => {
    const dir = tmpdir();
    const reportFile = path.join(dir, 'hardened-report.json');
    const { app, stack, fn } = insecureApp();
    Aspects.of(app).add(new SecurityChecklist({ trail: TrailRequirement.OFF, date: DATE, reportFile }));
    SecurityChecklist.acknowledge(fn, 'IAM1', { reason: 'the migration job must manage every bucket' });
    SecurityChecklist.acknowledge(fn, 'Hardened-IAM2', { reason: 'the migration job must manage every bucket', expires: '2099-01-01' });
    const errors = Annotations.fromStack(stack).findError('*', Match.anyValue()).filter((m) => String(m.entry.data).includes('Hardened-IAM'));
    expect(errors).toEqual([]);
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
    const iamFindings = report.findings.filter((f: any) => f.ruleId === 'IAM1' || f.ruleId === 'IAM2');
    expect(iamFindings.length).toBeGreaterThanOrEqual(2);
    for (const f of iamFindings) {
      expect(f.acknowledged).toBe(true);
      expect(f.acknowledgement.reason).toBe('the migration job must manage every bucket');
      expect(f.acknowledgement.scope).toBe('Insecure/Fn');
    }
    // The acknowledgement is written into the template, so the CLI honours it too.
    const policy = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0];
    expect(policy.Metadata['cdk-hardened'].acknowledge).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'Hardened-IAM1', scope: 'Insecure/Fn' })]),
    );
  });

  test('honours CDK\'s own Validations.acknowledge per rule', () => {
    const { app, stack, fn } = insecureApp();
    Aspects.of(app).add(new SecurityChecklist({ trail: TrailRequirement.OFF, date: DATE }));
    Validations.of(fn).acknowledge({ id: 'Hardened-IAM1', reason: 'accepted for the migration window' });
    const errors = Annotations.fromStack(stack).findError('*', Match.anyValue()).map((m) => String(m.entry.data));
    expect(errors.some((e) => e.includes('[Hardened-IAM1'))).toBe(false);
    expect(errors.some((e) => e.includes('[Hardened-IAM2'))).toBe(true);
  });

  test('refuses an acknowledgement of an unknown rule, without a reason, or already expired', () => {
    const { fn } = insecureApp();
    expect(() => SecurityChecklist.acknowledge(fn, 'IAM42', { reason: 'a good long reason' })).toThrow(/unknown rule ID.*IAM42|IAM42.*unknown rule ID/);
    expect(() => SecurityChecklist.acknowledge(fn, 'IAM1', { reason: 'short' })).toThrow(/at least 10 characters/);
    expect(() => SecurityChecklist.acknowledge(fn, 'IAM1', { reason: 'a good long reason', expires: '2020-01-01' })).toThrow(/expired on 2020-01-01/);
    expect(() => SecurityChecklist.acknowledge(fn, 'IAM1', { reason: 'a good long reason', expires: 'next week' })).toThrow(/YYYY-MM-DD/);
  });

  test('refuses unknown rule IDs in its options', () => {
    expect(() => new SecurityChecklist({ skip: ['NOPE1'] })).toThrow(/unknown rule ID 'NOPE1' in skip/);
    expect(() => new SecurityChecklist({ date: 'tomorrow' })).toThrow(/date must be a date as YYYY-MM-DD/);
  });

  test('refuses a report file inside the cloud assembly', () => {
    const dir = tmpdir();
    const { app } = insecureApp(dir);
    Aspects.of(app).add(new SecurityChecklist({ trail: TrailRequirement.OFF, date: DATE, reportFile: path.join(dir, 'r.json') }));
    expect(() => app.synth()).toThrow(/inside the cloud assembly directory/);
  });

  test('warnings are warnings unless failOn is WARNING', () => {
    const app = new App();
    const stack = new Stack(app, 'S');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:Get*'], resources: ['arn:aws:s3:::my-bucket/*'] }));
    Aspects.of(app).add(new SecurityChecklist({ trail: TrailRequirement.OFF, date: DATE, rules: ['IAM1'], failOn: FailOn.WARNING }));
    const errors = Annotations.fromStack(stack).findError('*', Match.anyValue()).map((m) => String(m.entry.data));
    expect(errors.some((e) => e.includes('[Hardened-IAM1[PartialWildcard::s3:Get*]]'))).toBe(true);
  });
});

describe('SecurityChecklistPlugin', () => {
  test('fails the app through the plugin report, and passes once acknowledged', () => {
    const { app } = insecureApp(tmpdir());
    const plugin = new SecurityChecklistPlugin({ trail: TrailRequirement.OFF, date: DATE });
    Validations.of(app).addPlugins(plugin);
    const assembly = app.synth();
    expect(process.exitCode).toBe(1);
    const templatePath = path.join(assembly.directory, 'Insecure.template.json');
    const report = plugin.validate({ templatePaths: [templatePath], appConstruct: app });
    expect(report.success).toBe(false);
    const names = report.violations.map((v) => v.ruleName);
    expect(names).toEqual(expect.arrayContaining(['Hardened-IAM1', 'Hardened-IAM2']));
    const iam1 = report.violations.find((v) => v.ruleName === 'Hardened-IAM1')!;
    expect(iam1.violatingResources[0].constructPath).toBe('Insecure/Fn/ServiceRole/DefaultPolicy/Resource');

    process.exitCode = 0;
    const second = insecureApp(tmpdir());
    SecurityChecklist.acknowledge(second.fn, 'IAM1', { reason: 'the migration job must manage every bucket' });
    SecurityChecklist.acknowledge(second.fn, 'IAM2', { reason: 'the migration job must manage every bucket' });
    const reportFile = path.join(tmpdir(), 'plugin-report.json');
    const plugin2 = new SecurityChecklistPlugin({ trail: TrailRequirement.OFF, date: DATE, reportFile, rules: ['IAM1', 'IAM2'] });
    Validations.of(second.app).addPlugins(plugin2);
    second.app.synth();
    expect(process.exitCode).not.toBe(1);
    const json = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
    expect(json.findings.length).toBeGreaterThanOrEqual(2);
    expect(json.findings.every((f: any) => f.acknowledged)).toBe(true);
  });

  test('the CLI on cdk.out honours what synth honoured', () => {
    const outdir = tmpdir();
    const { app, fn } = insecureApp(outdir);
    SecurityChecklist.acknowledge(fn, 'IAM1', { reason: 'the migration job must manage every bucket' });
    SecurityChecklist.acknowledge(fn, 'IAM2', { reason: 'the migration job must manage every bucket' });
    app.synth();
    let stdout = '';
    const code = main(['check', outdir, '--rules', 'IAM1,IAM2', '--format', 'json', '--date', DATE], {
      stdout: (s) => (stdout += s),
      stderr: () => undefined,
      isTty: false,
    });
    expect(code).toBe(0);
    const findings = JSON.parse(stdout).findings;
    expect(findings.length).toBeGreaterThanOrEqual(2);
    expect(findings.every((f: any) => f.acknowledged && f.path === 'Insecure/Fn/ServiceRole/DefaultPolicy/Resource')).toBe(true);
  });

  test('the CLI honours CDK\'s own acknowledgements whichever front door ran, and with none', () => {
    /** The CLI's IAM1 and IAM2 findings on the cdk.out of the insecure app, each with whether it is acknowledged. */
    const cliAcks = (frontDoor: 'aspect' | 'plugin' | 'none') => {
      const outdir = tmpdir();
      const { app, fn } = insecureApp(outdir);
      SecurityChecklist.acknowledge(fn, 'IAM1', { reason: 'the migration job must manage every bucket' });
      Validations.of(fn).acknowledge({ id: 'Hardened-IAM2', reason: 'the bucket list is the job of the migration' });
      const options = { trail: TrailRequirement.OFF, date: DATE, rules: ['IAM1', 'IAM2'] };
      if (frontDoor === 'aspect') Aspects.of(app).add(new SecurityChecklist(options));
      if (frontDoor === 'plugin') Validations.of(app).addPlugins(new SecurityChecklistPlugin(options));
      app.synth();
      // Synth itself honoured both: no front door failed it.
      expect(process.exitCode ?? 0).toBe(0);
      let stdout = '';
      main(['check', outdir, '--rules', 'IAM1,IAM2', '--format', 'json', '--date', DATE, '--fail-on', 'none'], {
        stdout: (out) => (stdout += out),
        stderr: () => undefined,
        isTty: false,
      });
      return JSON.parse(stdout).findings.map((f: any) => `${f.ruleId} ${f.acknowledged} ${f.acknowledgement?.reason} ${f.acknowledgement?.scope}`).sort();
    };
    const expected = [
      'IAM1 true the migration job must manage every bucket Insecure/Fn',
      'IAM2 true the bucket list is the job of the migration Insecure/Fn',
    ];
    expect(cliAcks('aspect')).toEqual(expected);
    // The plugin runs after the templates are written: CDK's acknowledgement is read from
    // the stack's metadata in the cloud assembly.
    expect(cliAcks('plugin')).toEqual(expected);
    expect(cliAcks('none')).toEqual(expected);
  });
});
