// Edge cases of SEC4 found by mutation testing: what the finding says, and parameters
// written without a Type.
import { runChecklist } from '../../../../src/checklist/engine';
import { templateFromObject } from '../../../../src/checklist/template';
import { checkTemplate, findingsOf, TEST_DATE } from '../../helpers';

const withParameters = (parameters: Record<string, unknown>) => ({
  Parameters: parameters,
  Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: {} } },
});

describe('SEC4 edge cases', () => {
  test('the message names the parameter and the word that looks secret, and lists every problem', () => {
    const [f] = findingsOf(checkTemplate(withParameters({ DbPassword: { Type: 'String', Default: 'changeme' } })), 'SEC4');
    expect(f.message).toMatch(/^Template parameter DbPassword looks secret \('password'\) but is not NoEcho/);
    expect(f.message).toMatch(/describe-stacks and stack events and has a Default, which writes the value into the template$/);
  });

  test('names the template only when the app has several', () => {
    const templates = [
      templateFromObject(withParameters({ Stage: { Type: 'String' } }), 'first.template.json'),
      templateFromObject(withParameters({ ApiToken: { Type: 'String' } }), 'second.template.json'),
    ];
    const findings = runChecklist(templates, { only: ['SEC4'], date: TEST_DATE }).findings;
    expect(findings.map((f) => [f.id, f.template])).toEqual([['Hardened-SEC4[Parameter::ApiToken]', 'second.template.json']]);
    expect(findings[0].message).toMatch(/^Template parameter ApiToken of template second\.template\.json looks secret \('token'\)/);
  });

  test('a parameter written without a Type is judged like a String parameter', () => {
    const findings = findingsOf(checkTemplate(withParameters({ DbPassword: { NoEcho: true, Default: 'changeme' } })), 'SEC4');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-SEC4[Parameter::DbPassword]']);
    expect(findings[0].message).toContain('has a Default');
  });
});
