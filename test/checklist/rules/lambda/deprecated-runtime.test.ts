import { RemovalPolicy } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Severity } from '../../../../src/checklist/severity';
import { LAMBDA_RUNTIME_DEPRECATIONS } from '../../../../src/private/lambda-runtimes';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

function fn(stack: ReturnType<typeof newStack>, runtime: lambda.Runtime, id = 'Fn') {
  const bucket = s3.Bucket.fromBucketName(stack, `${id}Code`, 'my-code-bucket');
  return new lambda.Function(stack, id, { runtime, handler: 'index.handler', code: lambda.Code.fromBucket(bucket, `${id}.zip`) });
}

/** A raw template with one function whose Runtime is `runtime`. */
function functionTemplate(runtime: unknown, extra: Record<string, unknown> = {}, type = 'AWS::Lambda::Function') {
  return {
    ...extra,
    Resources: { Fn: { Type: type, Properties: { Runtime: runtime, Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/fn', Code: { ZipFile: 'x' } } } },
  };
}

describe('LMB1 deprecated Lambda runtimes (judged at TEST_DATE, 2026-11-23)', () => {
  test('fails when a function uses python3.8', () => {
    const stack = newStack();
    fn(stack, lambda.Runtime.PYTHON_3_8);
    const findings = checkStack(stack);
    expect(idsOf(findings, 'LMB1')).toEqual(['Hardened-LMB1[Runtime::python3.8]']);
    const [f] = findingsOf(findings, 'LMB1');
    expect(f.severity).toBe(Severity.ERROR);
    expect(f.path).toBe('TestStack/Fn/Resource');
    expect(f.message).toContain('2024-10-14');
    expect(f.fix).toContain('lambda.Runtime.PYTHON_3_14');
  });

  test('warns when the runtime is deprecated within 180 days (nodejs22.x on 2027-04-30)', () => {
    const stack = newStack();
    fn(stack, lambda.Runtime.NODEJS_22_X);
    const findings = checkStack(stack);
    expect(idsOf(findings, 'LMB1')).toEqual(['Hardened-LMB1[Runtime::nodejs22.x]']);
    const [f] = findingsOf(findings, 'LMB1');
    expect(f.severity).toBe(Severity.WARNING);
    expect(f.message).toContain('in 158 days');
    expect(f.fix).toContain('nodejs24.x');
  });

  test('passes when the runtime is supported for more than 180 days', () => {
    const stack = newStack();
    fn(stack, lambda.Runtime.PYTHON_3_13, 'Py');
    fn(stack, lambda.Runtime.NODEJS_24_X, 'Node');
    fn(stack, lambda.Runtime.JAVA_21, 'Java');
    expect(idsOf(checkStack(stack), 'LMB1')).toEqual([]);
  });

  test('passes a container image function, which has no runtime', () => {
    const stack = newStack();
    const repo = ecr.Repository.fromRepositoryName(stack, 'Repo', 'app');
    new lambda.DockerImageFunction(stack, 'Image', { code: lambda.DockerImageCode.fromEcr(repo) });
    expect(idsOf(checkStack(stack), 'LMB1')).toEqual([]);
    const raw = checkTemplate({
      Resources: { Fn: { Type: 'AWS::Lambda::Function', Properties: { PackageType: 'Image', Code: { ImageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1' }, Role: 'arn:aws:iam::123456789012:role/fn' } } },
    });
    expect(idsOf(raw, 'LMB1')).toEqual([]);
  });

  test('fails on a raw SAM function on nodejs16.x', () => {
    const findings = checkTemplate(functionTemplate('nodejs16.x', { Transform: 'AWS::Serverless-2016-10-31' }, 'AWS::Serverless::Function'));
    expect(idsOf(findings, 'LMB1')).toEqual(['Hardened-LMB1[Runtime::nodejs16.x]']);
    expect(findingsOf(findings, 'LMB1')[0].logicalId).toBe('Fn');
  });

  test('passes a runtime identifier the table does not know (newer than the table)', () => {
    expect(idsOf(checkTemplate(functionTemplate('python3.15')), 'LMB1')).toEqual([]);
  });

  test('judges each allowed value of a Runtime parameter', () => {
    const param = (allowed?: string[]) => ({ Parameters: { Runtime: { Type: 'String', ...(allowed ? { AllowedValues: allowed } : {}) } } });
    expect(idsOf(checkTemplate(functionTemplate({ Ref: 'Runtime' }, param(['python3.13', 'python3.12']))), 'LMB1')).toEqual([]);
    expect(idsOf(checkTemplate(functionTemplate({ Ref: 'Runtime' }, param(['python3.13', 'python3.9']))), 'LMB1')).toEqual(['Hardened-LMB1[Runtime::python3.9]']);
    expect(idsOf(checkTemplate(functionTemplate({ Ref: 'Runtime' }, param())), 'LMB1')).toEqual(['Hardened-LMB1[Unresolved::Properties.Runtime]']);
  });

  test('judges both branches of an Fn::If, and reports an imported runtime as unresolved', () => {
    const conditions = { Conditions: { Legacy: { 'Fn::Equals': ['a', 'b'] } } };
    expect(idsOf(checkTemplate(functionTemplate({ 'Fn::If': ['Legacy', 'go1.x', 'provided.al2023'] }, conditions)), 'LMB1')).toEqual(['Hardened-LMB1[Runtime::go1.x]']);
    expect(idsOf(checkTemplate(functionTemplate({ 'Fn::ImportValue': 'SharedRuntime' })), 'LMB1')).toEqual(['Hardened-LMB1[Unresolved::Properties.Runtime]']);
  });

  test('judges against the date of the check', () => {
    const template = functionTemplate('python3.8');
    expect(idsOf(checkTemplate(template, { date: new Date('2024-01-01T00:00:00Z') }), 'LMB1')).toEqual([]);
    const early = checkTemplate(template, { date: new Date('2024-06-01T00:00:00Z') });
    expect(findingsOf(early, 'LMB1').map((f) => [f.id, f.severity])).toEqual([['Hardened-LMB1[Runtime::python3.8]', Severity.WARNING]]);
    const onTheDay = checkTemplate(template, { date: new Date('2024-10-14T00:00:00Z') });
    expect(findingsOf(onTheDay, 'LMB1').map((f) => f.severity)).toEqual([Severity.ERROR]);
  });

  test('the runtimeDates option overrides and extends the table', () => {
    const overridden = checkTemplate(functionTemplate('python3.13'), { runtimeDates: { 'python3.13': { deprecation: '2026-01-01' } } });
    expect(idsOf(overridden, 'LMB1')).toEqual(['Hardened-LMB1[Runtime::python3.13]']);
    const extended = checkTemplate(functionTemplate('python3.15'), { runtimeDates: { 'python3.15': { deprecation: '2027-01-31' } } });
    expect(findingsOf(extended, 'LMB1').map((f) => [f.id, f.severity])).toEqual([['Hardened-LMB1[Runtime::python3.15]', Severity.WARNING]]);
  });

  test('reports the runtime of a function aws-cdk-lib creates for itself as CdkInternal', () => {
    const stack = newStack();
    new s3.Bucket(stack, 'Bucket', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
    // Judged late in 2027, when every runtime aws-cdk-lib uses today is close to deprecation or past it.
    const findings = findingsOf(checkStack(stack, { date: new Date('2027-12-01T00:00:00Z') }), 'LMB1');
    expect(findings.map((f) => [f.id, f.path])).toEqual([['Hardened-LMB1[CdkInternal]', 'TestStack/Custom::S3AutoDeleteObjectsCustomResourceProvider/Handler']]);
    expect(findings[0].fix).toContain('upgrade aws-cdk-lib');
  });

  test('the table holds every runtime aws-cdk-lib names that AWS has deprecated', () => {
    for (const id of ['nodejs', 'nodejs4.3', 'nodejs6.10', 'nodejs8.10', 'nodejs10.x', 'nodejs12.x', 'nodejs14.x', 'nodejs16.x', 'nodejs18.x', 'nodejs20.x',
      'python2.7', 'python3.6', 'python3.7', 'python3.8', 'python3.9', 'python3.10', 'java8', 'dotnet6', 'dotnetcore1.0', 'dotnetcore2.0', 'dotnetcore2.1',
      'dotnetcore3.1', 'go1.x', 'ruby2.5', 'ruby2.7', 'ruby3.2', 'provided', 'provided.al2']) {
      expect(LAMBDA_RUNTIME_DEPRECATIONS[id]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
});
