import { sgWithIngress } from './fixtures';
import { checkTemplate, findingsOf } from '../../helpers';

describe('NET3 messages', () => {
  const findings = findingsOf(
    checkTemplate(
      sgWithIngress([
        { IpProtocol: '-1', CidrIp: '0.0.0.0/0' },
        { IpProtocol: 'udp', FromPort: 0, ToPort: 65535, CidrIp: '10.0.0.0/8' },
      ]),
    ),
    'NET3',
  );

  test('calls all protocols "all protocols" and names the source and the rule', () => {
    const f = findings.find((x) => x.detail === 'Cidr::0.0.0.0/0')!;
    expect(f.message).toContain('Sg');
    expect(f.message).toContain('all protocols from 0.0.0.0/0 (inline ingress rule #1)');
  });

  test('names the traffic of an all-ports rule', () => {
    const f = findings.find((x) => x.detail === 'Cidr::10.0.0.0/8')!;
    expect(f.message).toContain('udp/0-65535 from 10.0.0.0/8 (inline ingress rule #2)');
    expect(f.message).not.toContain('all protocols');
  });
});
