import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { main } from '../../src/cli/main';

function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), isTty: false });
  return { code, stdout, stderr };
}

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-cli-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function write(name: string, content: string | object) {
  const file = path.join(tmp, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const KEY_TEMPLATE = {
  Resources: {
    User: { Type: 'AWS::IAM::User' },
    Key: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: 'User' } } },
  },
};
const COMMON = ['--trail', 'off', '--date', '2026-11-23'];

describe('cdk-hardened check', () => {
  test('exits 1 and names the finding when a template violates the checklist', () => {
    const file = write('key.json', KEY_TEMPLATE);
    const r = run(['check', file, ...COMMON]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Hardened-IAM5');
    expect(r.stdout).toContain('Key (AWS::IAM::AccessKey)');
    expect(r.stdout).toMatch(/1 error/);
    expect(r.stderr).toBe('');
  });

  test('exits 0 with --fail-on none, and on a template with nothing to find', () => {
    const file = write('key.json', KEY_TEMPLATE);
    expect(run(['check', file, ...COMMON, '--fail-on', 'none']).code).toBe(0);
    const clean = write('clean.json', { Resources: { Topic: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } });
    const r = run(['check', clean, ...COMMON]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 resource in 1 template checked: 0 errors, 0 warnings, 0 acknowledged');
  });

  test('the summary counts every template checked, those without findings too', () => {
    const file = write('key.json', KEY_TEMPLATE);
    const clean = write('clean.json', { Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } });
    const other = write('other.json', { Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } });
    const r = run(['check', file, clean, other, ...COMMON, '--fail-on', 'none']);
    expect(r.stdout).toMatch(/\d+ resources in 3 templates checked: 1 error, /);
  });

  test('json output follows the report contract', () => {
    const file = write('key.json', KEY_TEMPLATE);
    const r = run(['check', file, ...COMMON, '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.version).toBe(1);
    expect(report.tool.name).toBe('cdk-hardened');
    expect(report.summary).toEqual({ resources: 2, errors: 1, warnings: 0, acknowledged: 0 });
    expect(report.findings[0]).toMatchObject({
      ruleId: 'IAM5',
      id: 'Hardened-IAM5',
      severity: 'error',
      acknowledged: false,
      acknowledgement: null,
      template: file,
      stack: 'key',
      logicalId: 'Key',
      resourceType: 'AWS::IAM::AccessKey',
      controls: ['IAM.3', 'IAM.8'],
    });
    expect(report.remediations).toEqual([]);
  });

  test('sarif output is SARIF 2.1.0 with rule metadata', () => {
    const file = write('key.json', KEY_TEMPLATE);
    const r = run(['check', file, ...COMMON, '--format', 'sarif']);
    const sarif = JSON.parse(r.stdout);
    expect(sarif.version).toBe('2.1.0');
    const driver = sarif.runs[0].tool.driver;
    expect(driver.name).toBe('cdk-hardened');
    const rule = driver.rules.find((x: any) => x.id === 'Hardened-IAM5');
    expect(rule.shortDescription.text).toBeTruthy();
    expect(rule.defaultConfiguration.level).toBe('error');
    const result = sarif.runs[0].results[0];
    expect(result.ruleId).toBe('Hardened-IAM5');
    expect(driver.rules[result.ruleIndex].id).toBe('Hardened-IAM5');
    expect(result.level).toBe('error');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toMatch(/key\.json$/);
  });

  test('--output writes the report to a file and nothing to stdout', () => {
    const file = write('key.json', KEY_TEMPLATE);
    const out = path.join(tmp, 'reports', 'r.json');
    const r = run(['check', file, ...COMMON, '--format', 'json', '--output', out]);
    expect(r.stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(out, 'utf-8')).findings).toHaveLength(1);
  });

  test('bad input exits 2 with a message naming the file, and nothing on stdout', () => {
    const bad = write('bad.json', '{ "Resources": ');
    const r = run(['check', bad]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toMatch(/invalid JSON/);

    const notCfn = write('package.json', { name: 'x' });
    const r2 = run(['check', notCfn]);
    expect(r2.code).toBe(2);
    expect(r2.stdout).toBe('');
    expect(r2.stderr).toContain(`${notCfn}: not a CloudFormation template`);

    const missing = path.join(tmp, 'nope.yaml');
    const r3 = run(['check', missing]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain(`${missing}: no such file or directory`);
  });

  test('with several inputs, bad ones are named one per line and the others still checked', () => {
    const good = write('key.json', KEY_TEMPLATE);
    const bad = write('bad.yaml', 'Resources: [unclosed');
    const r = run(['check', good, bad, ...COMMON, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: invalid YAML`));
    expect(JSON.parse(r.stdout).findings.map((f: any) => f.id)).toEqual(['Hardened-IAM5']);
  });

  test('reads YAML with short-form intrinsics', () => {
    const file = write(
      'short.yaml',
      [
        'Parameters:',
        '  Name: { Type: String }',
        'Resources:',
        '  User:',
        '    Type: AWS::IAM::User',
        '    Properties:',
        '      UserName: !Sub "${Name}-deployer"',
        '  Key:',
        '    Type: AWS::IAM::AccessKey',
        '    Properties:',
        '      UserName: !Ref User',
        '      Serial: !GetAtt User.Arn',
        '      Status: !If [IsOn, Active, !Ref AWS::NoValue]',
        'Outputs:',
        '  Id: { Value: !Join ["", [!Select [0, !Split [",", "a,b"]], !ImportValue Other]] }',
      ].join('\n'),
    );
    const r = run(['check', file, ...COMMON, '--format', 'json']);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: any) => f.logicalId)).toEqual(['Key']);
  });

  test('reads SAM templates', () => {
    const file = write(
      'sam.yaml',
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Runtime: python3.12',
        '      Handler: app.handler',
        '      CodeUri: src/',
        '  Key:',
        '    Type: AWS::IAM::AccessKey',
        '    Properties: { UserName: !Ref FnRole }',
      ].join('\n'),
    );
    const r = run(['check', file, ...COMMON, '--format', 'json', '--rules', 'IAM5']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary.resources).toBe(2);
  });

  test('checks every stack of a cdk.out, stages included, with construct paths', () => {
    const outdir = path.join(tmp, 'cdk.out');
    // The CDK CLI turns path metadata on; so does this app.
    const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
    const top = new Stack(app, 'Top');
    new iam.AccessKey(top, 'Key', { user: new iam.User(top, 'U') });
    const stage = new Stage(app, 'Prod');
    const inner = new Stack(stage, 'Inner');
    new iam.AccessKey(inner, 'Key', { user: new iam.User(inner, 'U') });
    app.synth();
    const r = run(['check', outdir, ...COMMON, '--format', 'json']);
    expect(r.code).toBe(1);
    const paths = JSON.parse(r.stdout).findings.map((f: any) => f.path).sort();
    expect(paths).toEqual(['Prod/Inner/Key/Resource', 'Top/Key/Resource']);
  });

  test('finds construct paths in the stacks\' metadata files when the templates carry none', () => {
    const outdir = path.join(tmp, 'cdk.out');
    // No path metadata in the templates (as with app.synth() outside the CDK CLI): the
    // paths come from the aws:cdk:logicalId entries of each stack's metadata file.
    const app = new App({ outdir });
    const stack = new Stack(app, 'Top');
    new iam.AccessKey(stack, 'Key', { user: new iam.User(stack, 'U') });
    app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf-8'));
    expect(manifest.artifacts.Top.additionalMetadataFile).toBe('Top.metadata.json');
    expect(fs.readFileSync(path.join(outdir, 'Top.template.json'), 'utf-8')).not.toContain('aws:cdk:path');
    const r = run(['check', outdir, ...COMMON, '--format', 'json']);
    expect(JSON.parse(r.stdout).findings.map((f: any) => f.path)).toEqual(['Top/Key/Resource']);
  });

  test('honours CDK\'s own acknowledgements recorded in a cdk.out, stages included, on what is under them only', () => {
    const outdir = path.join(tmp, 'cdk.out');
    const app = new App({ outdir });
    const stage = new Stage(app, 'Prod');
    const inner = new Stack(stage, 'Inner');
    const acked = new iam.AccessKey(inner, 'Key', { user: new iam.User(inner, 'U') });
    new iam.AccessKey(inner, 'Other', { user: new iam.User(inner, 'V') });
    Validations.of(acked).acknowledge({ id: 'Hardened-IAM5', reason: 'break-glass key kept in a vault' });
    app.synth();
    const r = run(['check', outdir, ...COMMON, '--format', 'json']);
    const findings = JSON.parse(r.stdout).findings.map((f: any) => [f.path, f.acknowledged, f.acknowledgement?.scope]);
    expect(findings.sort()).toEqual([
      ['Prod/Inner/Key/Resource', true, 'Prod/Inner/Key'],
      ['Prod/Inner/Other/Resource', false, undefined],
    ]);
    expect(r.code).toBe(1);
  });

  test('a stack metadata file that is missing or broken is named, with the fix', () => {
    const outdir = path.join(tmp, 'cdk.out');
    const app = new App({ outdir });
    new iam.User(new Stack(app, 'Top'), 'U');
    app.synth();
    const metadataFile = path.join(outdir, 'Top.metadata.json');
    // Odd entries are skipped, never a crash.
    fs.writeFileSync(metadataFile, '{"__proto__": [{"type": "aws:cdk:logicalId", "data": "U"}], "/Top/U": "not a list", "/Top/V": [null, 7]}');
    let r = run(['check', outdir, ...COMMON]);
    expect(r.stderr).toBe('');
    fs.writeFileSync(metadataFile, '{ not json');
    r = run(['check', outdir, ...COMMON]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${metadataFile}: invalid metadata file of stack Top:`);
    expect(r.stderr).toContain('synthesize the app again');
    fs.rmSync(metadataFile);
    r = run(['check', outdir, ...COMMON]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${metadataFile}: the metadata file of stack Top named in manifest.json is missing: synthesize the app again`);
    expect(r.stdout).toBe('');
  });

  test('honours acknowledgements in template metadata, ours and cdk-nag\'s', () => {
    const withAck = JSON.parse(JSON.stringify(KEY_TEMPLATE));
    withAck.Resources.Key.Metadata = { 'cdk-hardened': { acknowledge: [{ id: 'IAM5', reason: 'break-glass key kept in a vault' }] } };
    const r = run(['check', write('ack.json', withAck), ...COMMON, '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({ acknowledged: true, acknowledgement: { reason: 'break-glass key kept in a vault' } });

    const nag = JSON.parse(JSON.stringify(KEY_TEMPLATE));
    nag.Resources.Key.Metadata = { cdk_nag: { rules_to_suppress: [{ id: 'Hardened-IAM5', reason: 'legacy integration' }] } };
    expect(run(['check', write('nag.json', nag), ...COMMON]).code).toBe(0);
  });

  test('an expired acknowledgement is an error and no longer applies', () => {
    const t = JSON.parse(JSON.stringify(KEY_TEMPLATE));
    t.Resources.Key.Metadata = { 'cdk-hardened': { acknowledge: [{ id: 'IAM5', reason: 'until the vendor ships SSO', expires: '2026-01-01' }] } };
    const r = run(['check', write('old.json', t), ...COMMON]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expired on 2026-01-01/);
    expect(r.stdout).toMatch(/error\s+Hardened-IAM5/);
  });

  test('an expired acknowledgement exits 2 even with --fail-on none, and the SARIF report is still written', () => {
    const t = JSON.parse(JSON.stringify(KEY_TEMPLATE));
    t.Resources.Key.Metadata = { 'cdk-hardened': { acknowledge: [{ id: 'IAM5', reason: 'until the vendor ships SSO', expires: '2026-01-01' }] } };
    const output = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-sarif-')), 'hardened.sarif');
    const r = run(['check', write('old.json', t), ...COMMON, '--fail-on', 'none', '--format', 'sarif', '--output', output]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expired on 2026-01-01/);
    expect(JSON.parse(fs.readFileSync(output, 'utf-8')).runs[0].results.map((x: any) => x.ruleId)).toContain('Hardened-IAM5');
  });

  test('--rules, --skip and --severity select and re-grade rules; unknown IDs are usage errors', () => {
    const file = write('key.json', KEY_TEMPLATE);
    expect(run(['check', file, ...COMMON, '--skip', 'IAM5']).code).toBe(0);
    const r = run(['check', file, ...COMMON, '--severity', 'IAM5=warning', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings[0].severity).toBe('warning');
    expect(run(['check', file, ...COMMON, '--severity', 'IAM5=warning', '--fail-on', 'warning']).code).toBe(1);
    const bad = run(['check', file, '--skip', 'IAM99']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown rule ID 'IAM99'/);
    expect(bad.stdout).toBe('');
  });

  test('a config file holds the same options; flags win', () => {
    const file = write('key.json', KEY_TEMPLATE);
    const cfg = write('hardened.json', { skip: ['IAM5'], trail: 'off', date: '2026-11-23' });
    expect(run(['check', file, '--config', cfg]).code).toBe(0);
    expect(run(['check', file, '--config', cfg, '--skip', 'LOG1']).code).toBe(1);
    const badCfg = write('bad-config.json', { skipp: [] });
    const r = run(['check', file, '--config', badCfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option 'skipp'/);
  });

  test('--include-passed adds evaluations to the JSON report', () => {
    const file = write('key.json', KEY_TEMPLATE);
    const report = JSON.parse(run(['check', file, ...COMMON, '--format', 'json', '--include-passed']).stdout);
    expect(report.evaluations).toContainEqual(expect.objectContaining({ ruleId: 'IAM5', logicalId: 'Key', outcome: 'fail' }));
  });

  test('--version, --help, rules, and usage errors', () => {
    expect(run(['--version']).stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(run(['--help']).stdout).toMatch(/Usage: cdk-hardened/);
    expect(run(['rules']).stdout).toMatch(/Hardened-IAM5\s+error/);
    expect(run([]).code).toBe(2);
    const r = run(['check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/at least one template/);
    expect(run(['check', 'x', '--format', 'xml']).stderr).toMatch(/--format must be text, json or sarif/);
  });
});
