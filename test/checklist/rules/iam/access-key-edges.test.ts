// Edge case of IAM5 found by mutation testing: the finding says which key it is about.
import { checkTemplate, findingsOf } from '../../helpers';

describe('IAM5 edge cases', () => {
  test('the message names the access key resource', () => {
    const findings = findingsOf(checkTemplate({ Resources: { DeployKey: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'deployer' } } } }), 'IAM5');
    expect(findings.map((f) => `${f.logicalId} ${f.id}`)).toEqual(['DeployKey Hardened-IAM5']);
    expect(findings[0].message).toContain('DeployKey');
    expect(findings[0].message).toMatch(/access key/i);
  });
});
