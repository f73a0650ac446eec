import { TEST_DATE } from './helpers';
import { ChecklistRun, runChecklist } from '../../src/checklist/engine';
import { SEC3 } from '../../src/checklist/rules/secrets/credential-in-template';
import { templateFromObject } from '../../src/checklist/template';

/** A template with an unprotected topic (TLS7) and a secret-looking parameter (SEC4); no trail anywhere (LOG1). */
const withParameter = () =>
  templateFromObject(
    { Parameters: { DbPassword: { Type: 'String' } }, Resources: { Topic: { Type: 'AWS::SNS::Topic' } } },
    'first.template.json',
  );
const withTopic = () => templateFromObject({ Resources: { Other: { Type: 'AWS::SNS::Topic' } } }, 'second.template.json');

const ids = (findings: Array<{ id: string; template: string }>) => findings.map((f) => `${f.template} ${f.id}`);

describe('ChecklistRun: one template at a time', () => {
  test('addTemplate returns that template\'s findings at once; finish adds the app-level ones; together they are runChecklist\'s', () => {
    const run = new ChecklistRun({ date: TEST_DATE }, 2);
    expect(ids(run.addTemplate(withParameter()))).toEqual(['first.template.json Hardened-TLS7', 'first.template.json Hardened-SEC4[Parameter::DbPassword]']);
    expect(ids(run.addTemplate(withTopic()))).toEqual(['second.template.json Hardened-TLS7']);
    expect(run.findingCount).toBe(3);
    const result = run.finish();
    expect(ids(result.findings.slice(3))).toEqual(['first.template.json Hardened-LOG1']);
    expect(ids(result.findings)).toEqual(ids(runChecklist([withParameter(), withTopic()], { date: TEST_DATE }).findings));
  });

  test('finish attributes app-level findings to the template it is given', () => {
    const run = new ChecklistRun({ date: TEST_DATE, only: ['LOG1'] }, 2);
    run.addTemplate(withParameter());
    const last = withTopic();
    run.addTemplate(last);
    expect(ids(run.finish(last).findings)).toEqual(['second.template.json Hardened-LOG1']);
  });

  test('the template count decides whether messages name the template', () => {
    const one = new ChecklistRun({ date: TEST_DATE, only: ['SEC4'] }, 1).addTemplate(withParameter());
    const two = new ChecklistRun({ date: TEST_DATE, only: ['SEC4'] }, 2).addTemplate(withParameter());
    expect(one[0].message).not.toContain('of template first.template.json');
    expect(two[0].message).toContain('of template first.template.json');
  });

  test('a template rule that throws gives an Unresolved finding on that template, and the next template is still judged', () => {
    const original = SEC3.checkTemplate!;
    const spy = jest.spyOn(SEC3, 'checkTemplate').mockImplementation((template, ctx) => {
      if (template.name === 'first.template.json') throw new Error('boom');
      original(template, ctx);
    });
    try {
      const run = new ChecklistRun({ date: TEST_DATE, only: ['SEC3'] }, 2);
      const first = run.addTemplate(withParameter());
      expect(first.map((f) => [f.id, f.template, f.logicalId])).toEqual([['Hardened-SEC3[Unresolved::rule-error]', 'first.template.json', null]]);
      expect(first[0].message).toBe('SEC3 could not judge template first.template.json: boom');
      run.addTemplate(withTopic());
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });
});
