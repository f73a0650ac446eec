import { RULES } from '../../../../src/checklist/rules/network';
import { cidrDetail, isAnywhere, isWide, parseIpv6, readCidr } from '../../../../src/checklist/rules/network/cidr';
import { readProtocol } from '../../../../src/checklist/rules/network/security-group-rules';
import { Unknown } from '../../../../src/checklist/values';

const cidr = (v: unknown, family: 4 | 6 = 4) => {
  const c = readCidr(v, family);
  if (!c) throw new Error('absent');
  return c;
};

describe('network helpers', () => {
  test('registers NET1 to NET9 in ID order', () => {
    expect(RULES.map((r) => r.id)).toEqual(['NET1', 'NET2', 'NET3', 'NET4', 'NET5', 'NET6', 'NET7', 'NET8', 'NET9']);
    expect(RULES.every((r) => r.family === 'network' && r.resourceTypes.length > 0)).toBe(true);
  });

  test('reads literal CIDRs of both families', () => {
    expect(cidr('10.0.0.0/8')).toMatchObject({ family: 4, prefix: 8, known: true });
    expect(cidr('10.0.0.1')).toMatchObject({ family: 4, prefix: 32, known: true });
    expect(cidr('2001:db8::/32', 6)).toMatchObject({ family: 6, prefix: 32, known: true });
    expect(cidr('::/0', 6)).toMatchObject({ family: 6, prefix: 0, known: true });
  });

  test('knows the prefix of a CIDR whose address is unknown', () => {
    expect(cidr('⟪Ref.Base⟫/24')).toMatchObject({ prefix: 24, known: false });
    expect(cidr('⟪Ref.Base⟫/0', 6)).toMatchObject({ family: 6, prefix: 0 });
    expect(isAnywhere(cidr('⟪Ref.Base⟫/24'), 'p').is).toBe('no');
    expect(isAnywhere(cidr('⟪Ref.Base⟫/0'), 'p').is).toBe('yes');
  });

  test('treats unknown and invalid values as maybe, a resource attribute as specific', () => {
    expect(isAnywhere(cidr(new Unknown('Fn::ImportValue')), 'Properties.CidrIp')).toEqual({ is: 'maybe', path: 'Properties.CidrIp' });
    expect(isAnywhere(cidr('not-a-cidr'), 'p').is).toBe('maybe');
    expect(isAnywhere(cidr('10.0.0.0/33'), 'p').is).toBe('maybe');
    expect(isAnywhere(cidr('⟦GetAtt.Vpc.CidrBlock⟧'), 'p').is).toBe('no');
    expect(isWide(cidr('⟦GetAtt.Vpc.CidrBlock⟧'), 'p').is).toBe('no');
  });

  test('calls IPv4 shorter than /16 and IPv6 shorter than /44 wide', () => {
    expect(isWide(cidr('10.0.0.0/15'), 'p').is).toBe('yes');
    expect(isWide(cidr('10.0.0.0/16'), 'p').is).toBe('no');
    expect(isWide(cidr('2001:db8::/43', 6), 'p').is).toBe('yes');
    expect(isWide(cidr('2001:db8::/44', 6), 'p').is).toBe('no');
  });

  test('writes details without :: (Any-IPv6, full IPv6 groups)', () => {
    expect(cidrDetail(cidr('0.0.0.0/0'))).toBe('0.0.0.0/0');
    expect(cidrDetail(cidr('10.0.0.0/0'))).toBe('0.0.0.0/0');
    expect(cidrDetail(cidr('::/0', 6))).toBe('Any-IPv6');
    expect(cidrDetail(cidr('2001:DB8::/32', 6))).toBe('2001:db8:0:0:0:0:0:0/32');
    expect(cidrDetail(cidr('172.16.0.0/12'))).toBe('172.16.0.0/12');
  });

  test('parses IPv6 addresses', () => {
    expect(parseIpv6('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6('::ffff:10.0.0.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0a00, 0x0001]);
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(parseIpv6('1::2::3')).toBeUndefined();
    expect(parseIpv6('1:2:3')).toBeUndefined();
  });

  test('normalizes CloudFormation\'s loose protocols', () => {
    expect([-1, '-1', 'all', 'ALL'].map((p) => readProtocol(p).protocol)).toEqual(['all', 'all', 'all', 'all']);
    expect(['tcp', '6', 6, 'udp', '17', 'icmp', 1, 'icmpv6', '58', '47'].map((p) => readProtocol(p).protocol)).toEqual([
      'tcp',
      'tcp',
      'tcp',
      'udp',
      'udp',
      'icmp',
      'icmp',
      'icmpv6',
      'icmpv6',
      'other',
    ]);
    expect(readProtocol('⟪Ref.Proto⟫').protocol).toBeUndefined();
  });
});
