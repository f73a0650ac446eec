import { NO_VALUE } from '../../../../src/checklist/resolve';
import { cidrDetail, cidrText, isAnywhere, isWide, parseIpv6, readCidr } from '../../../../src/checklist/rules/network/cidr';
import { Unknown } from '../../../../src/checklist/values';

const cidr = (v: unknown, family: 4 | 6 = 4) => {
  const c = readCidr(v, family);
  if (!c) throw new Error('absent');
  return c;
};

describe('CIDR parsing edges', () => {
  test('an absent value is no CIDR at all', () => {
    expect(readCidr(undefined, 4)).toBeUndefined();
    expect(readCidr(null, 4)).toBeUndefined();
    expect(readCidr(NO_VALUE, 6)).toBeUndefined();
  });

  test('a value that is not a string cannot be proven', () => {
    expect(cidr(42)).toMatchObject({ family: 4, known: false, specific: false });
    expect(isAnywhere(cidr(42), 'p')).toEqual({ is: 'maybe', path: 'p' });
    const unknown = cidr(new Unknown('Fn::ImportValue'), 6);
    expect(unknown).toMatchObject({ family: 6, known: false, specific: false });
    expect(isWide(unknown, 'q')).toEqual({ is: 'maybe', path: 'q' });
  });

  test('surrounding spaces do not hide the prefix', () => {
    expect(cidr(' 0.0.0.0/0 ')).toMatchObject({ prefix: 0, known: true });
    expect(isAnywhere(cidr(' 0.0.0.0/0 '), 'p').is).toBe('yes');
  });

  test('a prefix that is not a number makes the CIDR unprovable', () => {
    for (const v of ['10.0.0.0/x', '10.0.0.0/', '10.0.0.0/8a']) {
      expect(cidr(v)).toMatchObject({ known: false });
      expect(isAnywhere(cidr(v), 'p').is).toBe('maybe');
      expect(isWide(cidr(v), 'p').is).toBe('maybe');
    }
  });

  test('the largest prefix of each family is valid, one more is not', () => {
    expect(cidr('10.0.0.1/32')).toMatchObject({ prefix: 32, known: true });
    expect(cidr('::1/128', 6)).toMatchObject({ prefix: 128, known: true });
    expect(cidr('::1/129', 6)).toMatchObject({ known: false });
  });

  test('an invalid address is unprovable and kept as written for messages', () => {
    for (const v of ['10.0.0.256/8', '300.0.0.0/0', 'not-a-cidr', 'zz::/0', '1:2:3:4:5:6:7:8:9/0']) {
      const c = cidr(v);
      expect(c).toMatchObject({ known: false, specific: false, text: v });
      expect(isAnywhere(c, 'p').is).toBe('maybe');
    }
  });

  test('a resource attribute is a specific, known value', () => {
    expect(cidr('⟦GetAtt.Vpc.CidrBlock⟧')).toMatchObject({ known: true, specific: true });
  });

  test('edge addresses parse: 255 is the largest IPv4 byte, embedded IPv4 in IPv6', () => {
    expect(cidr('255.255.255.255/32')).toMatchObject({ known: true, prefix: 32 });
    expect(cidr('0.255.0.0/16')).toMatchObject({ known: true });
    expect(parseIpv6('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseIpv6('::ffff:1.2.3.256')).toBeUndefined();
    expect(parseIpv6('::1.2.3.4:5')).toBeUndefined();
    expect(parseIpv6('1:2:3:4:5:6:1.2.3.4')).toEqual([1, 2, 3, 4, 5, 6, 0x0102, 0x0304]);
  });

  test('IPv6: :: must stand for at least one group, groups are 1-4 hex digits', () => {
    expect(parseIpv6('1:2:3:4::5:6:7:8')).toBeUndefined();
    expect(parseIpv6('1:2:3:4:5:6:7::')).toEqual([1, 2, 3, 4, 5, 6, 7, 0]);
    expect(parseIpv6('1:2:3:4:5:6:7')).toBeUndefined();
    expect(parseIpv6('1:2:3:4:5:6:7:8::')).toBeUndefined();
    expect(parseIpv6('1::2::3')).toBeUndefined();
    expect(parseIpv6('::g')).toBeUndefined();
    expect(parseIpv6('::12345')).toBeUndefined();
    expect(parseIpv6('1:2:3:4:5:6:7:x8')).toBeUndefined();
    expect(parseIpv6('1:2:3:4:5:6:7:8x')).toBeUndefined();
  });

  test('details: known IPv6 written out in full, other values as written without ::', () => {
    expect(cidrDetail(cidr('2001:db8::', 6))).toBe('2001:db8:0:0:0:0:0:0/128');
    expect(cidrDetail(cidr('2001:db8::/200', 6))).toBe('2001:db8:0:/200');
    expect(cidrDetail(cidr('10.1.0.0/16'))).toBe('10.1.0.0/16');
    expect(cidrDetail(cidr('::ffff:10.0.0.0/104', 6))).toBe('0:0:0:0:0:ffff:a00:0/104');
    expect(cidrDetail(cidr('⟪Ref.Base⟫::/40', 6))).not.toContain('::');
  });

  test('messages: the whole address space as 0.0.0.0/0 or ::/0, anything else as written', () => {
    expect(cidrText(cidr('10.0.0.0/0'))).toBe('0.0.0.0/0');
    expect(cidrText(cidr('2001:db8::/0', 6))).toBe('::/0');
    expect(cidrText(cidr('10.0.0.0/8'))).toBe('10.0.0.0/8');
    expect(cidrText(cidr('2001:db8::/32', 6))).toBe('2001:db8::/32');
    const unknownBase = cidr('⟪Ref.Base⟫/0');
    expect(cidrText(unknownBase)).toBe(unknownBase.text);
    expect(cidrText(unknownBase)).toContain('Base');
  });
});
