import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, CfnCondition, CfnOutput, Fn, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { HardenedChecks, SecurityChecklist, SecurityChecklistPlugin, TrailRequirement } from '../../src';
import { main } from '../../src/cli/main';
import { synthWithPack } from '../nag/helpers';

// An output or a condition may have the logical ID of a resource (CfnOutput.overrideLogicalId,
// CfnInclude keeps a template's names). A finding on the resource must land on the
// resource's construct in every front door, with or without path metadata in the template.

const OPTIONS = { trail: TrailRequirement.OFF, date: '2026-11-23', rules: ['TLS1'] };

afterEach(() => {
  process.exitCode = 0;
});

function tmpdir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-collision-'));
}

/** A bucket without a TLS policy (TLS1), logical ID `Data`, and an output and a condition also named `Data`. */
function collidingApp(pathMetadata: boolean, outdir?: string) {
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': pathMetadata } });
  const stack = new Stack(app, 'S');
  const bucket = new s3.CfnBucket(stack, 'Data');
  new CfnOutput(stack, 'Out', { value: bucket.ref }).overrideLogicalId('Data');
  new CfnCondition(stack, 'Cond', { expression: Fn.conditionEquals(stack.region, 'us-east-1') }).overrideLogicalId('Data');
  return { app, stack, bucket };
}

/** The CLI's TLS1 report on a cdk.out: its exit code and findings. */
function cli(outdir: string): { code: number; findings: any[] } {
  let stdout = '';
  const code = main(['check', outdir, '--rules', 'TLS1', '--format', 'json', '--date', OPTIONS.date], {
    stdout: (s) => (stdout += s),
    stderr: () => undefined,
    isTty: false,
  });
  return { code, findings: JSON.parse(stdout).findings };
}

/** The CLI's TLS1 findings on a cdk.out, as `logicalId path` (it must fail on them). */
function cliFindings(outdir: string): string[] {
  const r = cli(outdir);
  expect(r.code).toBe(1);
  return r.findings.map((f: any) => `${f.logicalId} ${f.path}`);
}

describe.each([true, false])('a resource, an output and a condition with the same logical ID (path metadata %s)', (pathMetadata) => {
  test('the aspect puts the finding on the bucket, in its annotations and its report', () => {
    const reportFile = path.join(tmpdir(), 'report.json');
    const { app, stack } = collidingApp(pathMetadata);
    Aspects.of(app).add(new SecurityChecklist({ ...OPTIONS, reportFile }));
    Annotations.fromStack(stack).hasError('/S/Data', Match.stringLikeRegexp('Hardened-TLS1'));
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
    expect(report.findings.map((f: any) => `${f.logicalId} ${f.path} ${f.resourceType}`)).toEqual(['Data S/Data AWS::S3::Bucket']);
  });

  test('the plugin reports the bucket, and the CLI agrees on its cdk.out', () => {
    const outdir = tmpdir();
    const reportFile = path.join(tmpdir(), 'report.json');
    const { app } = collidingApp(pathMetadata, outdir);
    Validations.of(app).addPlugins(new SecurityChecklistPlugin({ ...OPTIONS, reportFile }));
    app.synth();
    expect(process.exitCode).toBe(1);
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
    expect(report.findings.map((f: any) => `${f.logicalId} ${f.path}`)).toEqual(['Data S/Data']);
    expect(cliFindings(outdir)).toEqual(['Data S/Data']);
  });

  test('the cdk-nag pack reports the bucket, on the tree and as a validation plugin (it dropped the finding when it landed on the output)', () => {
    const onTree = collidingApp(pathMetadata).app;
    const report = new HardenedChecks(onTree, OPTIONS).validateScope(onTree);
    expect(report.violations.flatMap((v) => v.violatingResources.map((r) => `${r.constructPath} ${v.ruleName}`))).toEqual(['S/Data Hardened-TLS1']);

    // As a plugin, the pack reads the templates CDK wrote.
    const reports = synthWithPack(collidingApp(pathMetadata, tmpdir()).app, OPTIONS);
    expect(reports).toHaveLength(1);
    expect(reports[0].violations.flatMap((v) => v.violatingResources.map((r) => `${r.constructPath} ${v.ruleName}`))).toEqual(['S/Data Hardened-TLS1']);
  });

  test('an acknowledgement on the bucket is honoured by the plugin and by the CLI', () => {
    const outdir = tmpdir();
    const reportFile = path.join(tmpdir(), 'report.json');
    const { app, bucket } = collidingApp(pathMetadata, outdir);
    Validations.of(bucket).acknowledge({ id: 'Hardened-TLS1', reason: 'a public dataset, read over HTTP by old clients' });
    Validations.of(app).addPlugins(new SecurityChecklistPlugin({ ...OPTIONS, reportFile }));
    app.synth();
    expect(process.exitCode).toBe(0);
    const r = cli(outdir);
    expect(r.code).toBe(0);
    expect(r.findings.map((f: any) => `${f.path} ${f.acknowledged}`)).toEqual(['S/Data true']);
  });
});

test('without a readable construct tree, the CLI gives the colliding resource no path rather than the output\'s', () => {
  const outdir = tmpdir();
  const { app } = collidingApp(false, outdir);
  app.synth();
  for (const f of fs.readdirSync(outdir)) if (/^trees?(-\d+)?\.json$/.test(f)) fs.rmSync(path.join(outdir, f));
  expect(cliFindings(outdir)).toEqual(['Data null']);
});
