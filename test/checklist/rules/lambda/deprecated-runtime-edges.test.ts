// Edge cases of LMB1 found by mutation testing (FAMILY=lambda npx stryker run stryker.family.cjs):
// each test pins one decision of the rule that the main tests left open.
import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { RULES_BY_ID } from '../../../../src/checklist/catalog';
import { EngineOptions, Finding } from '../../../../src/checklist/engine';
import { Severity } from '../../../../src/checklist/severity';
import { LAMBDA_RUNTIMES_SOURCE } from '../../../../src/private/lambda-runtimes';
import { checkStack, checkTemplate, findingsOf, newStack } from '../../helpers';

const ROLE = 'arn:aws:iam::123456789012:role/fn';
const CONDITIONS = { Legacy: { 'Fn::Equals': ['a', 'b'] } };

/** Midnight UTC of a `YYYY-MM-DD` day. */
const day = (d: string) => new Date(`${d}T00:00:00Z`);

/** A template with one function per entry, each with the given properties (a zip function unless they say otherwise). */
function functions(props: Record<string, Record<string, unknown>>, extra: Record<string, unknown> = {}, type = 'AWS::Lambda::Function') {
  const resources: Record<string, unknown> = {};
  for (const [id, p] of Object.entries(props)) {
    resources[id] = { Type: type, Properties: { Handler: 'index.handler', Role: ROLE, Code: { ZipFile: 'x' }, ...p } };
  }
  const { Resources: others, ...rest } = extra as { Resources?: Record<string, unknown> };
  return { Conditions: CONDITIONS, ...rest, Resources: { ...others, ...resources } };
}

/** LMB1's findings on a template with one function `Fn`. */
function lmb1(props: Record<string, unknown>, options?: EngineOptions, extra?: Record<string, unknown>, type?: string): Finding[] {
  return findingsOf(checkTemplate(functions({ Fn: props }, extra, type), options), 'LMB1');
}

const summary = (findings: Finding[]) => findings.map((f) => [f.id, f.severity]);

/** The rule's own fix, used when no successor can be suggested. */
const GENERIC_FIX = /^Move the function to a supported runtime of its language .*for custom or Go runtimes use `provided\.al2023`\.$/;

describe('LMB1 edge cases', () => {
  describe('days to the deprecation date (python3.8, deprecated on 2024-10-14)', () => {
    const judge = (date: Date) => lmb1({ Runtime: 'python3.8' }, { date });

    test('181 days before: nothing; a fraction of a day more than 180 counts as 181', () => {
      expect(judge(day('2024-04-16'))).toEqual([]);
      expect(judge(new Date('2024-04-16T12:00:00Z'))).toEqual([]);
    });

    test('180 days before: a warning naming the date and the days left', () => {
      const findings = judge(day('2024-04-17'));
      expect(summary(findings)).toEqual([['Hardened-LMB1[Runtime::python3.8]', Severity.WARNING]]);
      expect(findings[0].message).toBe('Function Fn uses runtime python3.8, which AWS deprecates on 2024-10-14 (in 180 days)');
    });

    test('the day before: still a warning', () => {
      const findings = judge(day('2024-10-13'));
      expect(summary(findings)).toEqual([['Hardened-LMB1[Runtime::python3.8]', Severity.WARNING]]);
      expect(findings[0].message).toContain('deprecates on 2024-10-14 (in 1 day)');
    });

    test('the day itself and the day after: an error', () => {
      for (const date of [day('2024-10-14'), new Date('2024-10-14T12:00:00Z'), day('2024-10-15')]) {
        const findings = judge(date);
        expect(summary(findings)).toEqual([['Hardened-LMB1[Runtime::python3.8]', Severity.ERROR]]);
        expect(findings[0].message).toBe(
          'Function Fn uses runtime python3.8, which AWS deprecated on 2024-10-14: it no longer receives security patches, and AWS blocks creating and then updating functions on it',
        );
      }
    });
  });

  describe('the suggested successor', () => {
    test.each([
      ['python3.8', 'python3.14', 'PYTHON_3_14'],
      ['nodejs16.x', 'nodejs24.x', 'NODEJS_24_X'],
      ['java8', 'java25', 'JAVA_25'],
      ['dotnet6', 'dotnet10', 'DOTNET_10'],
      ['dotnetcore3.1', 'dotnet10', 'DOTNET_10'],
      ['ruby2.7', 'ruby4.0', 'RUBY_4_0'],
      ['go1.x', 'provided.al2023', 'PROVIDED_AL2023'],
      ['provided', 'provided.al2023', 'PROVIDED_AL2023'],
      ['provided.al2', 'provided.al2023', 'PROVIDED_AL2023'],
    ])('%s: the runtime of its language supported longest, %s (lambda.Runtime.%s)', (runtime, successor, constant) => {
      const [f] = lmb1({ Runtime: runtime });
      expect(f.id).toBe(`Hardened-LMB1[Runtime::${runtime}]`);
      expect(f.fix).toBe(`Move the function from ${runtime} to ${successor} (CDK \`runtime: lambda.Runtime.${constant}\`; CloudFormation \`Runtime: ${successor}\`) and test it.`);
      // The constant the fix names exists in aws-cdk-lib and is that runtime.
      expect((lambda.Runtime as unknown as Record<string, lambda.Runtime>)[constant].name).toBe(successor);
    });

    test('none when every runtime of the language is deprecated or deprecating within 180 days', () => {
      const findings = findingsOf(
        checkTemplate(functions({ Old: { Runtime: 'python3.8' }, Py313: { Runtime: 'python3.13' }, Py314: { Runtime: 'python3.14' } }), { date: day('2029-06-01') }),
        'LMB1',
      );
      expect(findings.map((f) => [f.logicalId, f.id, f.severity])).toEqual([
        ['Old', 'Hardened-LMB1[Runtime::python3.8]', Severity.ERROR],
        ['Py313', 'Hardened-LMB1[Runtime::python3.13]', Severity.WARNING],
        ['Py314', 'Hardened-LMB1[Runtime::python3.14]', Severity.WARNING],
      ]);
      expect(findings[2].message).toContain('deprecates on 2029-06-30 (in 29 days)');
      for (const f of findings) expect(f.fix).toMatch(GENERIC_FIX);
    });

    test('only a runtime supported for more than 180 days after the check (never one that would itself be flagged)', () => {
      const template = functions({ Old: { Runtime: 'python3.8' }, Newest: { Runtime: 'python3.14' } });
      // 2029-01-01 is 180 days before python3.14's deprecation: python3.14 is itself flagged, so it is not suggested.
      const at180 = findingsOf(checkTemplate(template, { date: day('2029-01-01') }), 'LMB1');
      expect(at180.map((f) => [f.logicalId, f.severity])).toEqual([['Old', Severity.ERROR], ['Newest', Severity.WARNING]]);
      expect(at180[0].fix).toMatch(GENERIC_FIX);
      // A day earlier python3.14 has 181 days left: it passes, and it is the suggestion.
      const at181 = findingsOf(checkTemplate(template, { date: day('2028-12-31') }), 'LMB1');
      expect(at181.map((f) => [f.logicalId, f.severity])).toEqual([['Old', Severity.ERROR]]);
      expect(at181[0].fix).toContain('from python3.8 to python3.14');
    });

    test('follows the runtimeDates setting: the runtime it makes longest-supported is suggested', () => {
      const moved = lmb1({ Runtime: 'python3.8' }, { runtimeDates: { 'python3.13': { deprecation: '2030-06-30' } } });
      expect(moved[0].fix).toContain('from python3.8 to python3.13 (CDK `runtime: lambda.Runtime.PYTHON_3_13`');
      // An added runtime that deprecates sooner than the table's newest is not suggested; the newest is.
      const added = lmb1({ Runtime: 'python3.15' }, { runtimeDates: { 'python3.15': { deprecation: '2027-01-31' } } });
      expect(summary(added)).toEqual([['Hardened-LMB1[Runtime::python3.15]', Severity.WARNING]]);
      expect(added[0].fix).toContain('from python3.15 to python3.14');
    });

    test('never crosses languages, even to a runtime of another language the user adds', () => {
      const options = { runtimeDates: { 'pwsh7.4': { deprecation: '2035-01-01' }, 'dotnet11': { deprecation: '2035-01-01' } } };
      expect(lmb1({ Runtime: 'python3.8' }, options)[0].fix).toContain('from python3.8 to python3.14');
      expect(lmb1({ Runtime: 'nodejs16.x' }, options)[0].fix).toContain('from nodejs16.x to nodejs24.x');
      // .NET Core is the same language as .NET: its successor is the newest .NET.
      expect(lmb1({ Runtime: 'dotnetcore2.1' }, options)[0].fix).toContain('from dotnetcore2.1 to dotnet11');
    });

    test('a deprecation date that cannot be parsed leaves that runtime unjudged and the others\' suggestions intact', () => {
      // The public options reject such a date (YYYY-MM-DD only); the engine must still not crash on one.
      const options = { runtimeDates: { 'python2.7': { deprecation: 'soon' } } };
      const findings = findingsOf(checkTemplate(functions({ Py27: { Runtime: 'python2.7' }, Py38: { Runtime: 'python3.8' } }), options), 'LMB1');
      expect(findings.map((f) => [f.logicalId, f.id])).toEqual([['Py38', 'Hardened-LMB1[Runtime::python3.8]']]);
      expect(findings[0].fix).toContain('from python3.8 to python3.14');
    });
  });

  describe('container images (PackageType Image have no runtime to judge)', () => {
    test('an image function is not judged even when it names a deprecated Runtime', () => {
      expect(lmb1({ PackageType: 'Image', Runtime: 'python3.8', Code: { ImageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1' } })).toEqual([]);
      expect(lmb1({ PackageType: 'Image', Runtime: 'python3.8' }, undefined, { Transform: 'AWS::Serverless-2016-10-31' }, 'AWS::Serverless::Function')).toEqual([]);
    });

    test('a zip function (explicit or default) is judged', () => {
      expect(summary(lmb1({ PackageType: 'Zip', Runtime: 'python3.8' }))).toEqual([['Hardened-LMB1[Runtime::python3.8]', Severity.ERROR]]);
      expect(summary(lmb1({ Runtime: 'python3.8' }))).toEqual([['Hardened-LMB1[Runtime::python3.8]', Severity.ERROR]]);
    });

    test('a PackageType that may be Zip is judged; one that can only be Image is not', () => {
      const ifImage = lmb1({ PackageType: { 'Fn::If': ['Legacy', 'Image', 'Zip'] }, Runtime: 'python3.8' });
      expect(summary(ifImage)).toEqual([['Hardened-LMB1[Runtime::python3.8]', Severity.ERROR]]);
      const param = (allowed?: string[]) => ({ Parameters: { Pkg: { Type: 'String', ...(allowed ? { AllowedValues: allowed } : {}) } } });
      expect(lmb1({ PackageType: { Ref: 'Pkg' }, Runtime: 'python3.8' }, undefined, param(['Image']))).toEqual([]);
      expect(summary(lmb1({ PackageType: { Ref: 'Pkg' }, Runtime: 'python3.8' }, undefined, param(['Image', 'Zip'])))).toEqual([
        ['Hardened-LMB1[Runtime::python3.8]', Severity.ERROR],
      ]);
      expect(summary(lmb1({ PackageType: { Ref: 'Pkg' }, Runtime: 'python3.8' }, undefined, param()))).toEqual([['Hardened-LMB1[Runtime::python3.8]', Severity.ERROR]]);
    });
  });

  describe('Runtime values', () => {
    test('an AWS::NoValue branch removes the Runtime: only the other branch is judged, nothing is unresolved', () => {
      const noValue = (runtime: string) => lmb1({ Runtime: { 'Fn::If': ['Legacy', runtime, { Ref: 'AWS::NoValue' }] } });
      expect(summary(noValue('python3.8'))).toEqual([['Hardened-LMB1[Runtime::python3.8]', Severity.ERROR]]);
      expect(noValue('python3.13')).toEqual([]);
    });

    test('a Runtime written with spaces around it is judged as the runtime', () => {
      expect(summary(lmb1({ Runtime: ' python3.8 ' }))).toEqual([['Hardened-LMB1[Runtime::python3.8]', Severity.ERROR]]);
    });

    test('an imported Runtime is unresolved, saying which function and why', () => {
      const [f, ...rest] = lmb1({ Runtime: { 'Fn::ImportValue': 'SharedRuntime' } });
      expect(rest).toEqual([]);
      expect([f.id, f.severity]).toEqual(['Hardened-LMB1[Unresolved::Properties.Runtime]', Severity.ERROR]);
      expect(f.message).toBe(
        'The runtime of function Fn (<Fn::ImportValue>) cannot be verified at synth time (Properties.Runtime), so LMB1 cannot prove that lambda functions use a runtime AWS still supports',
      );
    });

    test('a Runtime that only a custom resource knows is unresolved', () => {
      const findings = lmb1({ Runtime: { 'Fn::GetAtt': ['Lookup', 'Runtime'] } }, undefined, {
        Resources: { Lookup: { Type: 'Custom::RuntimeLookup', Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:lookup' } } },
      });
      expect(summary(findings)).toEqual([['Hardened-LMB1[Unresolved::Properties.Runtime]', Severity.ERROR]]);
      expect(findings[0].message).toContain('The runtime of function Fn (${GetAtt.Lookup.Runtime})');
    });

    test('a Runtime that is not a string (a list, a number) is unresolved, not skipped', () => {
      expect(summary(lmb1({ Runtime: ['python3.8'] }))).toEqual([['Hardened-LMB1[Unresolved::Properties.Runtime]', Severity.ERROR]]);
      const number = lmb1({ Runtime: 3.9 });
      expect(summary(number)).toEqual([['Hardened-LMB1[Unresolved::Properties.Runtime]', Severity.ERROR]]);
      expect(number[0].message).toContain('The runtime of function Fn (3.9)');
    });
  });

  describe('CDK tokens (aspect and template agree)', () => {
    /** LMB1's findings on a stack with one function whose runtime `runtimeOf` makes in that stack. */
    const judgeStack = (runtimeOf: (stack: ReturnType<typeof newStack>) => lambda.Runtime) => {
      const stack = newStack();
      const code = lambda.Code.fromBucket(s3.Bucket.fromBucketName(stack, 'Code', 'my-code-bucket'), 'fn.zip');
      new lambda.Function(stack, 'Fn', { runtime: runtimeOf(stack), handler: 'index.handler', code });
      return findingsOf(checkStack(stack), 'LMB1');
    };

    test('an imported runtime name is unresolved on the function', () => {
      const findings = judgeStack(() => new lambda.Runtime(Fn.importValue('SharedRuntime')));
      expect(findings.map((f) => [f.id, f.path])).toEqual([['Hardened-LMB1[Unresolved::Properties.Runtime]', 'TestStack/Fn/Resource']]);
    });

    test('a runtime parameter is judged by its allowed values, and unresolved without them', () => {
      const withParam = (allowedValues?: string[]) =>
        summary(judgeStack((stack) => new lambda.Runtime(new CfnParameter(stack, 'Runtime', { type: 'String', allowedValues }).valueAsString)));
      expect(withParam(['python3.13', 'python3.12'])).toEqual([]);
      expect(withParam(['python3.13', 'nodejs22.x'])).toEqual([['Hardened-LMB1[Runtime::nodejs22.x]', Severity.WARNING]]);
      expect(withParam()).toEqual([['Hardened-LMB1[Unresolved::Properties.Runtime]', Severity.ERROR]]);
    });
  });

  test('is catalogued as the lambda family\'s error serving Lambda.2, with its sources, and findings carry the control', () => {
    const rule = RULES_BY_ID.get('LMB1')!;
    const { family, severity, controls, references, resourceTypes } = rule;
    expect({ family, severity, controls, references, resourceTypes }).toEqual({
      family: 'lambda',
      severity: 'error',
      controls: ['Lambda.2'],
      references: [LAMBDA_RUNTIMES_SOURCE],
      resourceTypes: ['AWS::Lambda::Function', 'AWS::Serverless::Function'],
    });
    expect(rule.title).toBe('Lambda functions use a runtime AWS still supports');
    expect(rule.explanation).toMatch(/stops applying security patches.*180 days of notice/);
    expect(rule.fix).toMatch(GENERIC_FIX);
    expect(lmb1({ Runtime: 'python3.8' })[0].controls).toEqual(['Lambda.2']);
  });
});
