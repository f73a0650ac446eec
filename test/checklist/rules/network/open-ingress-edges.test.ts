import { rule, sgWithIngress } from './fixtures';
import { checkTemplate, findingsOf } from '../../helpers';

const byDetail = (findings: ReturnType<typeof checkTemplate>, detail: string) => findingsOf(findings, 'NET1').find((f) => f.detail === detail)!;

describe('NET1 messages', () => {
  const findings = checkTemplate(
    sgWithIngress([rule({ FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }), { IpProtocol: '-1', CidrIpv6: '::/0' }]),
  );

  test('names the traffic, the source, the rule and the public ports', () => {
    const f = byDetail(findings, 'Port::tcp/22');
    expect(f.message).toContain('Sg');
    expect(f.message).toContain('tcp/22 from 0.0.0.0/0 (inline ingress rule #1)');
    expect(f.message).not.toContain('all traffic');
    expect(f.message).toContain('(80, 443)');
  });

  test('calls all protocols "all traffic"', () => {
    const f = byDetail(findings, 'Port::all');
    expect(f.message).toContain('all traffic from ::/0 (inline ingress rule #2)');
  });

  test('lists the configured public ports in ascending order', () => {
    const f = findingsOf(checkTemplate(sgWithIngress([rule({ FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' })]), { publicPorts: [8443, 443, 9443, 80] }), 'NET1')[0];
    expect(f.message).toContain('(80, 443, 8443, 9443)');
  });

  test('says none when no port is public', () => {
    const f = findingsOf(checkTemplate(sgWithIngress([rule({ FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' })]), { publicPorts: [] }), 'NET1');
    expect(f.map((x) => x.id)).toEqual(['Hardened-NET1[Port::tcp/443]']);
    expect(f[0].message).toContain('(none)');
  });

  test('a range of only public ports passes, one more port fails', () => {
    const ok = checkTemplate(sgWithIngress([rule({ FromPort: 80, ToPort: 81, CidrIp: '0.0.0.0/0' })]), { publicPorts: [80, 81, 82] });
    expect(findingsOf(ok, 'NET1')).toEqual([]);
    const bad = checkTemplate(sgWithIngress([rule({ FromPort: 80, ToPort: 83, CidrIp: '0.0.0.0/0' })]), { publicPorts: [80, 81, 83] });
    expect(findingsOf(bad, 'NET1').map((f) => f.id)).toEqual(['Hardened-NET1[Port::tcp/80-83]']);
  });
});
