import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { SecurityChecklist, SecurityChecklistPlugin, TrailRequirement } from '../../src';
import { parseFindingId, withoutAckPrefix } from '../../src/checklist/acknowledge-model';
import { main } from '../../src/cli/main';

// CDK's report tells users to acknowledge a plugin's violation as `<plugin>::<rule>`
// (`cdk-hardened::Hardened-TLS1` for SecurityChecklistPlugin, `Hardened::Hardened-TLS1`
// for the cdk-nag pack) and an annotation as `annotation::<id>`. Every front door must
// read those IDs as the acknowledgement they name, under the construct they are made on.

const DATE = '2026-11-23';
const REASON = 'legacy bucket, its TLS policy lands with ticket 42';

afterEach(() => {
  // A failing validation plugin sets process.exitCode instead of throwing.
  process.exitCode = 0;
});

function tmpdir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-acks-'));
}

/** Two buckets without a TLS policy: TLS1 on each. */
function twoBuckets(outdir: string) {
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, 'S');
  const legacy = new s3.Bucket(stack, 'Legacy');
  const other = new s3.Bucket(stack, 'Other');
  return { app, stack, legacy, other };
}

const OPTIONS = { trail: TrailRequirement.OFF, date: DATE, rules: ['TLS1'] };

/** The CLI's TLS1 findings on a cdk.out: path and whether acknowledged. */
function cli(outdir: string): { code: number; findings: string[] } {
  let stdout = '';
  const code = main(['check', outdir, '--rules', 'TLS1', '--format', 'json', '--date', DATE], {
    stdout: (s) => (stdout += s),
    stderr: () => undefined,
    isTty: false,
  });
  return { code, findings: JSON.parse(stdout).findings.map((f: any) => `${f.path} ${f.acknowledged}`).sort() };
}

describe('acknowledgement IDs in the forms CDK suggests', () => {
  test.each([
    ['cdk-hardened::Hardened-TLS1', 'TLS1', undefined],
    ['Hardened::Hardened-IAM2[Resource::*]', 'IAM2', 'Resource::*'],
    ['annotation::Hardened-NET1[Port::tcp/22]', 'NET1', 'Port::tcp/22'],
    ['Annotation::Hardened-LOG1', 'LOG1', undefined],
  ])('%s names rule %s', (id, rule, detail) => {
    expect(parseFindingId(id)).toEqual({ rule, detail });
  });

  test('only those prefixes are taken off', () => {
    expect(withoutAckPrefix('other-plugin::Hardened-TLS1')).toBe('other-plugin::Hardened-TLS1');
    expect(parseFindingId('other-plugin::Hardened-TLS1')).toBeUndefined();
    expect(parseFindingId('AwsSolutions::AwsSolutions-S10')).toBeUndefined();
  });

  test.each(['cdk-hardened::Hardened-TLS1', 'Hardened::Hardened-TLS1', 'annotation::Hardened-TLS1'])(
    '%s on one bucket: the aspect, the plugin and the CLI acknowledge that bucket only',
    (id) => {
      for (const door of ['aspect', 'plugin'] as const) {
        const outdir = tmpdir();
        const { app, legacy } = twoBuckets(outdir);
        Validations.of(legacy).acknowledge({ id, reason: REASON });
        const reportFile = path.join(tmpdir(), 'report.json');
        if (door === 'aspect') Aspects.of(app).add(new SecurityChecklist({ ...OPTIONS, reportFile }));
        else Validations.of(app).addPlugins(new SecurityChecklistPlugin({ ...OPTIONS, reportFile }));
        const assembly = app.synth();
        const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
        expect(report.findings.map((f: any) => `${f.path} ${f.acknowledged}`).sort()).toEqual(['S/Legacy/Resource true', 'S/Other/Resource false']);
        expect(report.findings.find((f: any) => f.acknowledged).acknowledgement).toMatchObject({ reason: REASON, scope: 'S/Legacy' });
        // The unacknowledged bucket fails synth (an error annotation for the aspect, a
        // failed report for the plugin), as it fails the command line.
        if (door === 'aspect') {
          const errors = assembly.getStackArtifact('S').messages.filter((m) => m.level === 'error');
          expect(errors.map((m) => m.id)).toEqual(['/S/Other/Resource']);
        } else {
          expect(process.exitCode).toBe(1);
        }
        process.exitCode = 0;
        expect(cli(outdir)).toEqual({ code: 1, findings: ['S/Legacy/Resource true', 'S/Other/Resource false'] });
      }
    },
  );

  test('CDK would hide the other bucket\'s finding too: the plugin reports that as an acknowledgement error', () => {
    const { app, legacy } = twoBuckets(tmpdir());
    Validations.of(legacy).acknowledge({ id: 'cdk-hardened::Hardened-TLS1', reason: REASON });
    const plugin = new SecurityChecklistPlugin(OPTIONS);
    Validations.of(app).addPlugins(plugin);
    const assembly = app.synth();
    expect(process.exitCode).toBe(1);
    const report = plugin.validate({ templatePaths: [path.join(assembly.directory, 'S.template.json')], appConstruct: app });
    expect(report.success).toBe(false);
    // The legacy bucket's finding is acknowledged and not reported; the other one is,
    // and so is the acknowledgement CDK would apply to it.
    const tls1 = report.violations.filter((v) => v.ruleName === 'Hardened-TLS1');
    expect(tls1.map((v) => v.violatingResources[0].constructPath)).toEqual(['S/Other/Resource']);
    const ack = report.violations.filter((v) => v.ruleName === 'Hardened-Acknowledgement');
    expect(ack).toHaveLength(1);
    expect(ack[0].severity).toBe('error');
    expect(ack[0].violatingResources.map((r) => r.constructPath)).toEqual(['S/Other/Resource']);
    expect(ack[0].description).toContain("'cdk-hardened::Hardened-TLS1', acknowledged on S/Legacy, makes CDK hide every Hardened-TLS1 finding of the app, including S/Other/Resource");
    expect(ack[0].description).toContain("Validations.of(construct).acknowledge({ id: 'Hardened-TLS1', reason })");
  });

  test('acknowledging each bucket where it is, in CDK\'s form, passes everywhere', () => {
    const outdir = tmpdir();
    const { app, legacy, other } = twoBuckets(outdir);
    Validations.of(legacy).acknowledge({ id: 'cdk-hardened::Hardened-TLS1', reason: REASON });
    Validations.of(other).acknowledge({ id: 'cdk-hardened::Hardened-TLS1', reason: REASON });
    const plugin = new SecurityChecklistPlugin(OPTIONS);
    Validations.of(app).addPlugins(plugin);
    const assembly = app.synth();
    expect(process.exitCode ?? 0).toBe(0);
    const report = plugin.validate({ templatePaths: [path.join(assembly.directory, 'S.template.json')], appConstruct: app });
    expect(report).toEqual({ success: true, violations: [] });
    expect(cli(outdir)).toEqual({ code: 0, findings: ['S/Legacy/Resource true', 'S/Other/Resource true'] });
  });

  test('a warning CDK would hide beyond its construct is reported as a warning', () => {
    const { app, legacy } = twoBuckets(tmpdir());
    Validations.of(legacy).acknowledge({ id: 'cdk-hardened::Hardened-TLS2', reason: REASON });
    const plugin = new SecurityChecklistPlugin({ ...OPTIONS, rules: ['TLS2'] });
    Validations.of(app).addPlugins(plugin);
    const assembly = app.synth();
    const report = plugin.validate({ templatePaths: [path.join(assembly.directory, 'S.template.json')], appConstruct: app });
    const ack = report.violations.filter((v) => v.ruleName === 'Hardened-Acknowledgement');
    expect(ack.map((v) => v.severity)).toEqual(['warning']);
    expect(report.success).toBe(true);
  });

  test('SecurityChecklist.acknowledge accepts the forms CDK suggests', () => {
    const { legacy } = twoBuckets(tmpdir());
    expect(() => SecurityChecklist.acknowledge(legacy, 'cdk-hardened::Hardened-TLS1', { reason: REASON })).not.toThrow();
    expect(() => SecurityChecklist.acknowledge(legacy, 'other::Hardened-TLS1', { reason: REASON })).toThrow(/unknown rule ID/);
  });
});

describe('an acknowledgement of LOG1 (about the whole app)', () => {
  /** LOG1 through each front door, and the CLI after it, on an app of two stacks without a trail. */
  const log1 = (acknowledge: (app: App, first: Stack, second: Stack) => void) => {
    const out: string[] = [];
    for (const door of ['aspect', 'plugin'] as const) {
      const outdir = tmpdir();
      const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
      const first = new Stack(app, 'First');
      const second = new Stack(app, 'Second');
      new s3.Bucket(first, 'B');
      new s3.Bucket(second, 'B');
      acknowledge(app, first, second);
      const reportFile = path.join(tmpdir(), 'report.json');
      const options = { date: DATE, rules: ['LOG1'], reportFile };
      if (door === 'aspect') Aspects.of(app).add(new SecurityChecklist(options));
      else Validations.of(app).addPlugins(new SecurityChecklistPlugin(options));
      app.synth();
      const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
      out.push(`${door} ${report.findings.map((f: any) => `${f.ruleId} ${f.acknowledged}`)}`);
      process.exitCode = 0;
      let stdout = '';
      main(['check', outdir, '--rules', 'LOG1', '--format', 'json', '--date', DATE, '--fail-on', 'none'], {
        stdout: (s) => (stdout += s),
        stderr: () => undefined,
        isTty: false,
      });
      out.push(`cli after ${door} ${JSON.parse(stdout).findings.map((f: any) => `${f.ruleId} ${f.acknowledged}`)}`);
    }
    return out;
  };
  const ALL_ACKNOWLEDGED = ['aspect LOG1 true', 'cli after aspect LOG1 true', 'plugin LOG1 true', 'cli after plugin LOG1 true'];

  test('made on either stack, it is honoured by every front door (the finding lands on a different stack for each)', () => {
    expect(log1((_, first) => SecurityChecklist.acknowledge(first, 'LOG1', { reason: REASON }))).toEqual(ALL_ACKNOWLEDGED);
    expect(log1((_, __, second) => SecurityChecklist.acknowledge(second, 'LOG1', { reason: REASON }))).toEqual(ALL_ACKNOWLEDGED);
    expect(log1((_, first) => Validations.of(first).acknowledge({ id: 'Hardened-LOG1', reason: REASON }))).toEqual(ALL_ACKNOWLEDGED);
    expect(log1((_, __, second) => Validations.of(second).acknowledge({ id: 'cdk-hardened::Hardened-LOG1', reason: REASON }))).toEqual(ALL_ACKNOWLEDGED);
  });

  test('an acknowledgement of another rule made on a stack does not cover it', () => {
    const out = log1((_, first) => {
      SecurityChecklist.acknowledge(first, 'TLS1', { reason: REASON });
      Validations.of(first).acknowledge({ id: 'Hardened-TLS2', reason: REASON });
    });
    expect(out).toEqual(['aspect LOG1 false', 'cli after aspect LOG1 false', 'plugin LOG1 false', 'cli after plugin LOG1 false']);
  });
});
