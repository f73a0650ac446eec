// Edge cases of NET6 found by mutation testing: each test pins one decision of the rule
// that the main tests (nacl-admin-ports.test.ts) left open.
import { Lazy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { allowAll, allowSsh, deny } from './fixtures';
import { checkTemplate, checkTree, findingsOf, idsOf, newStack } from '../../helpers';

type Entry = Record<string, unknown>;

/** A raw template with one ACL (`Acl`) and the given entries (in ACL `Acl` unless they say otherwise). */
function acl(entries: Record<string, Entry>, extra: Record<string, unknown> = {}) {
  const resources: Record<string, unknown> = {
    Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: 'vpc-12345678' } },
  };
  for (const [id, props] of Object.entries(entries)) {
    resources[id] = { Type: 'AWS::EC2::NetworkAclEntry', Properties: { NetworkAclId: { Ref: 'Acl' }, ...props } };
  }
  return { Conditions: { On: { 'Fn::Equals': ['a', 'b'] } }, ...extra, Resources: resources };
}

const unknownParam = { Type: 'String' };

function net6(template: object): string[] {
  return findingsOf(checkTemplate(template), 'NET6')
    .map((f) => `${f.logicalId} ${f.id}`)
    .sort();
}

describe('NET6 edge cases', () => {
  describe('which ACL an entry belongs to', () => {
    test('entries of different ACLs named by literal IDs do not block each other', () => {
      const template = acl({
        DenySsh: deny(90, 22, { NetworkAclId: 'acl-11111111' }),
        AllowSsh: { ...allowSsh, NetworkAclId: 'acl-22222222' },
      });
      expect(net6(template)).toEqual(['AllowSsh Hardened-NET6[Port::tcp/22]']);
    });

    test('entries of the same ACL named by a literal ID or a parameter block each other', () => {
      expect(net6(acl({ DenySsh: deny(90, 22, { NetworkAclId: 'acl-11111111' }), AllowSsh: { ...allowSsh, NetworkAclId: 'acl-11111111' } }))).toEqual([]);
      const byParam = acl(
        { DenySsh: deny(90, 22, { NetworkAclId: { Ref: 'AclId' } }), AllowSsh: { ...allowSsh, NetworkAclId: { Ref: 'AclId' } } },
        { Parameters: { AclId: unknownParam } },
      );
      expect(net6(byParam)).toEqual([]);
    });
  });

  describe('port ranges', () => {
    test('a TCP allow without PortRange allows every port', () => {
      expect(net6(acl({ Any: { ...allowSsh, PortRange: undefined } }))).toEqual(['Any Hardened-NET6[Port::tcp/0-65535]']);
    });

    // Bug found by mutation testing: the AWS::NoValue branch was dropped, so only the other branch was judged.
    test('an AWS::NoValue PortRange branch means all ports, like an absent PortRange', () => {
      const template = acl({ A: { ...allowSsh, PortRange: { 'Fn::If': ['On', { Ref: 'AWS::NoValue' }, { From: 443, To: 443 }] } } });
      expect(net6(template)).toEqual(['A Hardened-NET6[Port::tcp/0-65535]']);
    });

    test('a missing From or To is open on that side; an AWS::NoValue From is missing', () => {
      expect(net6(acl({ A: { ...allowSsh, PortRange: { To: 22 } } }))).toEqual(['A Hardened-NET6[Port::tcp/0-22]']);
      expect(net6(acl({ A: { ...allowSsh, PortRange: { From: 3389 } } }))).toEqual(['A Hardened-NET6[Port::tcp/3389-65535]']);
      const noValue = acl({ A: { ...allowSsh, PortRange: { From: { 'Fn::If': ['On', { Ref: 'AWS::NoValue' }, 22] }, To: 22 } } });
      expect(net6(noValue)).toEqual(['A Hardened-NET6[Port::tcp/0-22]', 'A Hardened-NET6[Port::tcp/22]']);
      const noValueTo = acl({ A: { ...allowSsh, PortRange: { From: 3389, To: { 'Fn::If': ['On', { Ref: 'AWS::NoValue' }, 3389] } } } });
      expect(net6(noValueTo)).toEqual(['A Hardened-NET6[Port::tcp/3389-65535]', 'A Hardened-NET6[Port::tcp/3389]']);
    });

    test('negative ports mean the whole range; a range of port 0 only does not include 22', () => {
      expect(net6(acl({ A: { ...allowSsh, PortRange: { From: -1, To: -1 } } }))).toEqual(['A Hardened-NET6[Port::tcp/0-65535]']);
      expect(net6(acl({ A: { ...allowSsh, PortRange: { From: 0, To: 0 } } }))).toEqual([]);
    });

    test('a port range written backwards is the same range', () => {
      expect(net6(acl({ A: { ...allowSsh, PortRange: { From: 3389, To: 1 } } }))).toEqual(['A Hardened-NET6[Port::tcp/1-3389]']);
    });

    test('an unknown PortRange, From or To is unresolved, naming the part', () => {
      expect(net6(acl({ A: { ...allowSsh, PortRange: { 'Fn::ImportValue': 'Range' } } }))).toEqual(['A Hardened-NET6[Unresolved::Properties.PortRange]']);
      expect(net6(acl({ A: { ...allowSsh, PortRange: { From: { 'Fn::ImportValue': 'P' }, To: 22 } } }))).toEqual([
        'A Hardened-NET6[Unresolved::Properties.PortRange.From]',
      ]);
      expect(net6(acl({ A: { ...allowSsh, PortRange: { From: 22, To: { 'Fn::ImportValue': 'P' } } } }))).toEqual([
        'A Hardened-NET6[Unresolved::Properties.PortRange.To]',
      ]);
    });

    test('ports are ignored for an all-protocols allow', () => {
      expect(net6(acl({ A: { ...allowAll, PortRange: { From: 443, To: 443 } } }))).toEqual(['A Hardened-NET6[Port::all]']);
    });
  });

  describe('values of the allow entry', () => {
    test('the rule action is read case- and space-insensitively; an unknown or unrecognised one is unresolved', () => {
      expect(net6(acl({ A: { ...allowSsh, RuleAction: ' Allow ' } }))).toEqual(['A Hardened-NET6[Port::tcp/22]']);
      expect(net6(acl({ A: { ...allowSsh, RuleAction: { 'Fn::ImportValue': 'Action' } } }))).toEqual(['A Hardened-NET6[Unresolved::Properties.RuleAction]']);
      expect(net6(acl({ A: { ...allowSsh, RuleAction: 'permit' } }))).toEqual(['A Hardened-NET6[Unresolved::Properties.RuleAction]']);
    });

    test('an unknown Egress or Protocol is unresolved; an AWS::NoValue Egress means ingress', () => {
      expect(net6(acl({ A: { ...allowSsh, Egress: { 'Fn::ImportValue': 'Out' } } }))).toEqual(['A Hardened-NET6[Unresolved::Properties.Egress]']);
      expect(net6(acl({ A: { ...allowSsh, Protocol: { 'Fn::ImportValue': 'Proto' } } }))).toEqual(['A Hardened-NET6[Unresolved::Properties.Protocol]']);
      expect(net6(acl({ A: { ...allowSsh, Egress: { 'Fn::If': ['On', true, { Ref: 'AWS::NoValue' }] } } }))).toEqual(['A Hardened-NET6[Port::tcp/22]']);
    });

    test('an allow without any CIDR is unresolved', () => {
      expect(net6(acl({ A: { ...allowSsh, CidrBlock: undefined } }))).toEqual(['A Hardened-NET6[Unresolved::Properties.CidrBlock]']);
    });

    test('an unknown IPv6 source is unresolved under Ipv6CidrBlock', () => {
      const template = acl({ A: { ...allowSsh, CidrBlock: undefined, Ipv6CidrBlock: { Ref: 'Cidr6' } } }, { Parameters: { Cidr6: unknownParam } });
      expect(net6(template)).toEqual(['A Hardened-NET6[Unresolved::Properties.Ipv6CidrBlock]']);
    });

    test('an unknown rule number of the allow is unresolved when a deny could come before it', () => {
      const template = acl({ DenySsh: deny(90, 22), A: { ...allowSsh, RuleNumber: { Ref: 'N' } } }, { Parameters: { N: { Type: 'Number' } } });
      expect(net6(template)).toEqual(['A Hardened-NET6[Unresolved::Properties.RuleNumber]']);
    });

    test('a definite finding is not joined by the doubts of other variants', () => {
      const template = acl({ A: { ...allowSsh, CidrBlock: { 'Fn::If': ['On', '0.0.0.0/0', { 'Fn::ImportValue': 'Cidr' }] } } });
      expect(net6(template)).toEqual(['A Hardened-NET6[Port::tcp/22]']);
    });

    test('an entry with more combinations than the rule judges is unresolved, never a silent pass', () => {
      // Rule numbers times sources: 8 x 8 combinations are judged one by one, 9 x 8 are too many.
      const numbers = (n: number) => Array.from({ length: n }, (_, i) => 100 + i);
      const cidrs = ['0.0.0.0/0', ...Array.from({ length: 7 }, (_, i) => `10.${i}.0.0/16`)];
      const entry = { ...allowSsh, RuleNumber: { Ref: 'N' }, CidrBlock: { Ref: 'Cidr' } };
      const params = (n: number) => ({ Parameters: { N: { Type: 'Number', AllowedValues: numbers(n) }, Cidr: { Type: 'String', AllowedValues: cidrs } } });
      expect(net6(acl({ A: entry }, params(8)))).toEqual(['A Hardened-NET6[Port::tcp/22]']);
      const tooMany = acl({ A: entry }, params(9));
      const ids = net6(tooMany);
      expect(ids).toHaveLength(1);
      expect(ids[0]).toMatch(/^A Hardened-NET6\[Unresolved::Properties\./);
    });
  });

  describe('the deny entries before it', () => {
    test('an IPv6 deny of ::/0 blocks an IPv6 allow of ::/0', () => {
      const allow6 = { ...allowSsh, CidrBlock: undefined, Ipv6CidrBlock: '::/0' };
      expect(net6(acl({ Deny6: deny(90, 22, { CidrBlock: undefined, Ipv6CidrBlock: '::/0' }), Allow6: allow6 }))).toEqual([]);
    });

    test('a deny with an unknown IPv6 source is unresolved, naming the deny\'s Ipv6CidrBlock', () => {
      const allow6 = { ...allowSsh, CidrBlock: undefined, Ipv6CidrBlock: '::/0' };
      const template = acl(
        { Deny6: deny(90, 22, { CidrBlock: undefined, Ipv6CidrBlock: { Ref: 'Cidr6' } }), Allow6: allow6 },
        { Parameters: { Cidr6: unknownParam } },
      );
      expect(net6(template)).toEqual(['Allow6 Hardened-NET6[Unresolved::Deny6.Properties.Ipv6CidrBlock]']);
    });

    test('a deny without any CIDR might block: unresolved, naming the deny', () => {
      expect(net6(acl({ DenySsh: deny(90, 22, { CidrBlock: undefined }), AllowSsh: allowSsh }))).toEqual([
        'AllowSsh Hardened-NET6[Unresolved::DenySsh.Properties.CidrBlock]',
      ]);
    });

    test('a deny whose action, direction, protocol or ports are unknown is unresolved, naming that property of the deny', () => {
      const imported = { 'Fn::ImportValue': 'X' };
      const cases: Array<[Entry, string]> = [
        [{ RuleAction: imported }, 'DenySsh.Properties.RuleAction'],
        [{ Egress: imported }, 'DenySsh.Properties.Egress'],
        [{ Protocol: imported }, 'DenySsh.Properties.Protocol'],
        [{ PortRange: { From: imported, To: imported } }, 'DenySsh.Properties.PortRange.From'],
      ];
      for (const [extra, path] of cases) {
        const onAllow = net6(acl({ DenySsh: deny(90, 22, extra), AllowSsh: allowSsh })).filter((f) => f.startsWith('AllowSsh '));
        expect(onAllow).toEqual([`AllowSsh Hardened-NET6[Unresolved::${path}]`]);
      }
    });

    test('an all-ports allow with one port blocked and the other in doubt is unresolved', () => {
      const template = acl({
        DenyRdp: deny(10, 3389),
        DenySsh: deny(20, 22, { CidrBlock: { 'Fn::ImportValue': 'Blocked' } }),
        AllowAll: allowAll,
      });
      expect(net6(template)).toEqual(['AllowAll Hardened-NET6[Unresolved::DenySsh.Properties.CidrBlock]']);
    });
  });

  describe('messages', () => {
    test('an all-traffic finding names the entry, the source, the rule number and both ports', () => {
      const [f] = findingsOf(checkTemplate(acl({ AllowAll: allowAll })), 'NET6');
      expect(f.message).toContain('AllowAll');
      expect(f.message).toContain('all traffic');
      expect(f.message).toContain('0.0.0.0/0');
      expect(f.message).toContain('100');
      expect(f.message).toContain('SSH (22)');
      expect(f.message).toContain('RDP (3389)');
    });

    test('a TCP finding names the ports it allows and only the admin port it exposes', () => {
      const [rdp] = findingsOf(checkTemplate(acl({ Rdp: { ...allowSsh, PortRange: { From: 3389, To: 3389 } } })), 'NET6');
      expect(rdp.message).toContain('tcp/3389');
      expect(rdp.message).not.toContain('all traffic');
      expect(rdp.message).toContain('RDP (3389)');
      expect(rdp.message).not.toContain('SSH');
      const [ssh] = findingsOf(checkTemplate(acl({ Ssh: allowSsh })), 'NET6');
      expect(ssh.message).toContain('SSH (22)');
      expect(ssh.message).not.toContain('RDP');
    });

    test('an unresolved finding names the entry', () => {
      const [f] = findingsOf(checkTemplate(acl({ A: { ...allowSsh, Protocol: { 'Fn::ImportValue': 'Proto' } } })), 'NET6');
      expect(f.message).toContain('A');
      expect(f.message).toMatch(/SSH or RDP/);
    });
  });

  test('an entry whose properties cannot be rendered is unresolved, never a silent pass', () => {
    const stack = newStack();
    new ec2.CfnNetworkAclEntry(stack, 'Entry', {
      networkAclId: 'acl-12345678',
      ruleNumber: 100,
      protocol: 6,
      ruleAction: 'allow',
      cidrBlock: Lazy.string({
        produce: () => {
          throw new Error('cannot render');
        },
      }),
    });
    const ids = idsOf(checkTree(stack), 'NET6');
    expect(ids).toHaveLength(1);
    expect(ids[0]).toMatch(/^Hardened-NET6\[Unresolved::Properties\./);
  });
});
