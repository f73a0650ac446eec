import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  App,
  Aspects,
  CfnParameter,
  DefaultStackSynthesizer,
  DockerImageAssetLocation,
  DockerImageAssetSource,
  FileAssetLocation,
  FileAssetSource,
  ISynthesisSession,
  IStackSynthesizer,
  LegacyStackSynthesizer,
  NestedStack,
  Stack,
  Stage,
  Validations,
} from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { countRenders } from './helpers';
import { FailOn, SecurityChecklist } from '../../src';

const DATE = '2026-11-23';

/**
 * Two stacks with an unprotected topic each (TLS7), a nested stack with one more, a
 * secret-looking template parameter in the first stack (SEC4), and no trail (LOG1).
 */
function multiStackApp(outdir: string, synthesizerOfB?: IStackSynthesizer) {
  const app = new App({ outdir });
  const a = new Stack(app, 'A');
  new sns.Topic(a, 'Topic');
  new CfnParameter(a, 'DbPassword');
  const nested = new NestedStack(a, 'Nested');
  new sns.Topic(nested, 'Topic');
  const b = new Stack(app, 'B', { synthesizer: synthesizerOfB ?? new LegacyStackSynthesizer() });
  new sns.Topic(b, 'Topic');
  return { app, a, b, nested };
}

function tmpdir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hardened-render-'));
}

function templatesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.template.json'))) out[f] = fs.readFileSync(path.join(dir, f), 'utf-8');
  return out;
}

function messages(stack: Stack, level: 'error' | 'warning'): string[] {
  const a = Annotations.fromStack(stack);
  const found = level === 'error' ? a.findError('*', Match.anyValue()) : a.findWarning('*', Match.anyValue());
  return found.map((m) => `${m.id} ${String(m.entry.data).match(/\[(Hardened-[A-Za-z]+\d*)/)?.[1] ?? String(m.entry.data)}`);
}

/** A synthesizer of its own (not a `StackSynthesizer`), delegating to the default one. */
class DelegatingSynthesizer implements IStackSynthesizer {
  private readonly inner = new DefaultStackSynthesizer();
  public get bootstrapQualifier() {
    return this.inner.bootstrapQualifier;
  }
  public get lookupRole() {
    return this.inner.lookupRole;
  }
  public bind(stack: Stack): void {
    this.inner.bind(stack);
  }
  public addFileAsset(asset: FileAssetSource): FileAssetLocation {
    return this.inner.addFileAsset(asset);
  }
  public addDockerImageAsset(asset: DockerImageAssetSource): DockerImageAssetLocation {
    return this.inner.addDockerImageAsset(asset);
  }
  public synthesize(session: ISynthesisSession): void {
    this.inner.synthesize(session);
  }
}

describe('the aspect checks the templates CDK renders', () => {
  test('no resource is rendered more often than in a synthesis without the checklist', () => {
    const bare = countRenders(() => multiStackApp(tmpdir()).app.synth());
    const checked = countRenders(() => {
      const { app } = multiStackApp(tmpdir());
      Aspects.of(app).add(new SecurityChecklist({ date: DATE }));
      app.synth();
    });
    expect(bare).toBeGreaterThan(0);
    expect(checked).toBe(bare);
  });

  test('the templates written are exactly those written without the checklist (bootstrap rule, nested stack, legacy synthesizer)', () => {
    const bareDir = tmpdir();
    multiStackApp(bareDir).app.synth();
    const checkedDir = tmpdir();
    const { app } = multiStackApp(checkedDir);
    Aspects.of(app).add(new SecurityChecklist({ date: DATE }));
    app.synth();
    const bare = templatesOf(bareDir);
    expect(Object.keys(bare)).toHaveLength(3);
    expect(Object.keys(bare).some((f) => f.endsWith('.nested.template.json'))).toBe(true);
    expect(bare['A.template.json']).toContain('CheckBootstrapVersion');
    expect(templatesOf(checkedDir)).toEqual(bare);
  });

  test('every stack gets its own findings; SEC4 lands on the stack of its template, LOG1 on the last stack synthesized', () => {
    const { app, a, b } = multiStackApp(tmpdir());
    Aspects.of(app).add(new SecurityChecklist({ date: DATE }));
    expect(messages(a, 'warning')).toEqual(expect.arrayContaining(['/A/Topic/Resource Hardened-TLS7']));
    // The nested stack's resources are reported with its parent (CDK collects them there).
    expect(messages(a, 'warning').some((m) => m.startsWith('/A/Nested/Topic/Resource Hardened-TLS7'))).toBe(true);
    expect(messages(b, 'warning')).toEqual(expect.arrayContaining(['/B/Topic/Resource Hardened-TLS7']));
    expect(messages(b, 'error')).toEqual(['/B Hardened-LOG1']);
    expect(messages(a, 'error')).toEqual(['/A Hardened-SEC4']);
  });

  test('acknowledgement problems land on the last stack synthesized', () => {
    const { app, a, b } = multiStackApp(tmpdir());
    Aspects.of(app).add(new SecurityChecklist({ date: DATE }));
    Validations.of(a).acknowledge({ id: 'Hardened-NOPE9', reason: 'a reason long enough' });
    const errors = Annotations.fromStack(b).findError('/B', Match.stringLikeRegexp("unknown rule 'Hardened-NOPE9'"));
    expect(errors).toHaveLength(1);
  });

  test('a synthesizer that is not a StackSynthesizer: the aspect renders the templates itself, with the same findings', () => {
    const checked = countRenders(() => {
      const { app, a, b } = multiStackApp(tmpdir(), new DelegatingSynthesizer());
      Aspects.of(app).add(new SecurityChecklist({ date: DATE }));
      app.synth();
      expect(messages(a, 'warning')).toEqual(expect.arrayContaining(['/A/Topic/Resource Hardened-TLS7']));
      expect(messages(b, 'warning')).toEqual(expect.arrayContaining(['/B/Topic/Resource Hardened-TLS7']));
      expect(messages(b, 'error')).toEqual(['/B Hardened-LOG1']);
      expect(messages(a, 'error')).toEqual(['/A Hardened-SEC4']);
    });
    const bare = countRenders(() => multiStackApp(tmpdir(), new DelegatingSynthesizer()).app.synth());
    expect(checked).toBeGreaterThan(bare);
  });

  test('an app without stacks still gets its report (LOG1: nothing in it is a trail)', () => {
    const reportFile = path.join(tmpdir(), 'report.json');
    const app = new App({ outdir: tmpdir() });
    Aspects.of(app).add(new SecurityChecklist({ date: DATE, reportFile }));
    app.synth();
    const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
    expect(report.findings.map((f: any) => f.ruleId)).toEqual(['LOG1']);
  });

  test('two aspects on overlapping scopes both report (each with its own options)', () => {
    const { app, a, b } = multiStackApp(tmpdir());
    Aspects.of(app).add(new SecurityChecklist({ date: DATE }));
    Aspects.of(a).add(new SecurityChecklist({ date: DATE, rules: ['TLS7'], failOn: FailOn.WARNING }));
    // The app's aspect reports TLS7 as a warning; the stack's, with failOn WARNING, as an error.
    expect(messages(a, 'warning')).toEqual(expect.arrayContaining(['/A/Topic/Resource Hardened-TLS7']));
    expect(messages(a, 'error')).toEqual(expect.arrayContaining(['/A/Topic/Resource Hardened-TLS7', '/A Hardened-SEC4']));
    expect(messages(b, 'error')).toEqual(['/B Hardened-LOG1']);
  });

  test('a render method replaced by someone else: the aspect renders the templates itself', () => {
    const { app, a, b } = multiStackApp(tmpdir());
    const original = (a as any)._toCloudFormation;
    let called = 0;
    (a as any)._toCloudFormation = function (this: Stack) {
      called++;
      return original.call(this);
    };
    Aspects.of(app).add(new SecurityChecklist({ date: DATE }));
    expect(messages(a, 'warning')).toEqual(expect.arrayContaining(['/A/Topic/Resource Hardened-TLS7']));
    expect(messages(b, 'error')).toEqual(['/B Hardened-LOG1']);
    // The other patch is left in place.
    expect(called).toBeGreaterThan(0);
  });

  test('on a Stage: its stacks are checked when the stage synthesizes, LOG1 lands on its last stack', () => {
    const app = new App({ outdir: tmpdir() });
    const stage = new Stage(app, 'Prod');
    const first = new Stack(stage, 'First');
    new sns.Topic(first, 'Topic');
    const second = new Stack(stage, 'Second');
    new sns.Topic(second, 'Topic');
    // A stack of the app, outside the stage: not in the aspect's scope.
    const outside = new Stack(app, 'Outside');
    new sns.Topic(outside, 'Topic');
    Aspects.of(stage).add(new SecurityChecklist({ date: DATE }));
    expect(messages(first, 'warning')).toEqual(['/Prod/First/Topic/Resource Hardened-TLS7']);
    expect(messages(second, 'error')).toEqual(['/Prod/Second Hardened-LOG1']);
    expect(messages(outside, 'warning')).toEqual([]);
  });

  test('a second synthesis (force) reports each finding once', () => {
    const { app, b } = multiStackApp(tmpdir());
    Aspects.of(app).add(new SecurityChecklist({ date: DATE }));
    app.synth();
    const first = messages(b, 'warning');
    app.synth({ force: true });
    expect(messages(b, 'warning')).toEqual(first);
    expect(first.length).toBeGreaterThan(0);
  });
});
