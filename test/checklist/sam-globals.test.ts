// SAM's Globals section: the rules judge a SAM resource with the properties the SAM
// transform gives it, so a setting made once in Globals is never a silent pass.
import { checkTemplate, findingsOf, idsOf } from './helpers';
import { FAKE } from './rules/secrets/fake-credentials';
import { templateFromObject } from '../../src/checklist/template';

const sam = (globals: object, resources: object) => ({
  Transform: 'AWS::Serverless-2016-10-31',
  Globals: globals,
  Resources: resources,
});
const fn = (props: object = {}) => ({ Type: 'AWS::Serverless::Function', Properties: { Handler: 'app.handler', CodeUri: 's3://b/k', ...props } });

describe('SAM Globals', () => {
  test('a deprecated runtime set in Globals.Function is judged on every function that does not set its own', () => {
    const findings = checkTemplate(sam({ Function: { Runtime: 'python3.8' } }, { Inherits: fn(), Overrides: fn({ Runtime: 'python3.13' }) }));
    expect(findingsOf(findings, 'LMB1').map((f) => [f.logicalId, f.id])).toEqual([['Inherits', 'Hardened-LMB1[Runtime::python3.8]']]);
  });

  test('environment variables merge: a secret in Globals is found next to the function own variables', () => {
    const findings = checkTemplate(
      sam({ Function: { Environment: { Variables: { DB_PASSWORD: 'hunter2-hunter2' } } } }, { Api: fn({ Runtime: 'python3.13', Environment: { Variables: { TABLE: 't' } } }) }),
    );
    expect(idsOf(findings, 'SEC1')).toEqual(['Hardened-SEC1[Variable::DB_PASSWORD]']);
    expect(findingsOf(findings, 'SEC1')[0].logicalId).toBe('Api');
  });

  test('a credential anywhere in Globals reaches the resources it applies to', () => {
    const findings = checkTemplate(sam({ Function: { Description: FAKE.awsAccessKey } }, { Api: fn({ Runtime: 'python3.13' }) }));
    expect(findingsOf(findings, 'SEC3').map((f) => [f.logicalId, f.detail])).toEqual([['Api', 'Property::Description']]);
  });

  test('the merge: own values override, maps merge, lists add up, intrinsics count as values', () => {
    const t = templateFromObject(
      sam(
        {
          Function: {
            Runtime: 'python3.12',
            Tags: { team: 'a', cost: 'x' },
            Layers: ['arn:layer:1'],
            Timeout: { 'Fn::If': ['Long', 60, 10] },
            MemorySize: 256,
          },
          Api: { TracingEnabled: true },
        },
        {
          F: fn({ Tags: { cost: 'y' }, Layers: ['arn:layer:2'], Timeout: 30, MemorySize: { Ref: 'Memory' } }),
          Plain: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs22.x' } },
          NoProps: { Type: 'AWS::Serverless::Function' },
        },
      ),
      'sam.yaml',
    );
    expect(t.resource('F')!.properties).toEqual({
      Handler: 'app.handler',
      CodeUri: 's3://b/k',
      Runtime: 'python3.12',
      Tags: { team: 'a', cost: 'y' },
      Layers: ['arn:layer:1', 'arn:layer:2'],
      Timeout: 30,
      MemorySize: { Ref: 'Memory' },
    });
    // Globals apply to SAM resources of their own section only.
    expect(t.resource('Plain')!.properties).toEqual({ Runtime: 'nodejs22.x' });
    expect(t.resource('NoProps')!.properties).toEqual({
      Runtime: 'python3.12',
      Tags: { team: 'a', cost: 'x' },
      Layers: ['arn:layer:1'],
      Timeout: { 'Fn::If': ['Long', 60, 10] },
      MemorySize: 256,
    });
  });

  test('a template without Globals, or with an odd one, is read as written', () => {
    const plain = { Resources: { F: fn({ Runtime: 'python3.8' }) } };
    expect(idsOf(checkTemplate(plain), 'LMB1')).toEqual(['Hardened-LMB1[Runtime::python3.8]']);
    const odd = { Globals: { Function: 'not a map' }, Resources: { F: fn({ Runtime: 'python3.13' }) } };
    expect(templateFromObject(odd, 't').resource('F')!.properties.Runtime).toBe('python3.13');
  });
});
