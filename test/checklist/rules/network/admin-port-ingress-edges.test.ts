import { rule, sgWithIngress } from './fixtures';
import { checkTemplate, findingsOf } from '../../helpers';

const net2 = (ingress: unknown[]) => findingsOf(checkTemplate(sgWithIngress(ingress)), 'NET2');

describe('NET2 messages', () => {
  test('all protocols open every listed port, whatever ports the rule names, and say "all traffic"', () => {
    const [f] = net2([{ IpProtocol: '-1', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }]);
    expect(f.id).toBe('Hardened-NET2[Port::all]');
    expect(f.message).toContain('all traffic from 0.0.0.0/0 (inline ingress rule #1)');
    expect(f.message).toContain('ports 20, 21, 22, 23, 25, 110 and 30 more');
  });

  test('names the traffic of a TCP range, not "all traffic"', () => {
    const [f] = net2([rule({ FromPort: 20, ToPort: 25, CidrIpv6: '::/0' })]);
    expect(f.message).toContain('tcp/20-25 from ::/0');
    expect(f.message).not.toContain('all traffic');
  });

  test('lists six ports in full and counts the rest beyond six', () => {
    const [six] = net2([rule({ FromPort: 20, ToPort: 110, CidrIp: '0.0.0.0/0' })]);
    expect(six.message).toContain('ports 20, 21, 22, 23, 25, 110 to the world');
    const [seven] = net2([rule({ FromPort: 20, ToPort: 135, CidrIp: '0.0.0.0/0' })]);
    expect(seven.message).toContain('ports 20, 21, 22, 23, 25, 110 and 1 more');
    const [five] = net2([rule({ FromPort: 20, ToPort: 24, CidrIp: '0.0.0.0/0' })]);
    expect(five.message).toContain('ports 20, 21, 22, 23 to the world');
  });
});
