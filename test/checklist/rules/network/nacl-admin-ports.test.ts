import { CfnParameter } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { allowAll, allowSsh, deny, importedVpc } from './fixtures';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

type Entry = Record<string, unknown>;

/** A raw template with one ACL (`Acl`) and the given entries (ACL `Acl` unless they say otherwise). */
function acl(entries: Record<string, Entry>, extra: Record<string, unknown> = {}) {
  const resources: Record<string, unknown> = {
    Acl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: 'vpc-12345678' } },
    OtherAcl: { Type: 'AWS::EC2::NetworkAcl', Properties: { VpcId: 'vpc-12345678' } },
  };
  for (const [id, props] of Object.entries(entries)) {
    resources[id] = { Type: 'AWS::EC2::NetworkAclEntry', Properties: { NetworkAclId: { Ref: 'Acl' }, ...props } };
  }
  return { ...extra, Resources: resources };
}


function net6(template: object): string[] {
  return findingsOf(checkTemplate(template), 'NET6')
    .map((f) => `${f.logicalId} ${f.id}`)
    .sort();
}

describe('NET6 network ACL entries that let SSH or RDP in from anywhere', () => {
  test('fails on a CDK NetworkAcl entry allowing TCP 22 from anyIpv4, landing on the entry', () => {
    const stack = newStack();
    const nacl = new ec2.NetworkAcl(stack, 'Acl', { vpc: importedVpc(stack) });
    nacl.addEntry('Ssh', {
      cidr: ec2.AclCidr.anyIpv4(),
      ruleNumber: 100,
      traffic: ec2.AclTraffic.tcpPort(22),
      direction: ec2.TrafficDirection.INGRESS,
      ruleAction: ec2.Action.ALLOW,
    });
    const findings = findingsOf(checkStack(stack), 'NET6');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-NET6[Port::tcp/22]']);
    expect(findings[0].path).toBe('TestStack/Acl/Ssh/Resource');
    expect(findings[0].resourceType).toBe('AWS::EC2::NetworkAclEntry');
  });

  test('passes on a CDK entry allowing 443 from anywhere and 22 from a private range', () => {
    const stack = newStack();
    const nacl = new ec2.NetworkAcl(stack, 'Acl', { vpc: importedVpc(stack) });
    nacl.addEntry('Https', { cidr: ec2.AclCidr.anyIpv4(), ruleNumber: 100, traffic: ec2.AclTraffic.tcpPort(443), direction: ec2.TrafficDirection.INGRESS });
    nacl.addEntry('Ssh', { cidr: ec2.AclCidr.ipv4('10.0.0.0/8'), ruleNumber: 110, traffic: ec2.AclTraffic.tcpPort(22), direction: ec2.TrafficDirection.INGRESS });
    nacl.addEntry('Out', { cidr: ec2.AclCidr.anyIpv4(), ruleNumber: 100, traffic: ec2.AclTraffic.allTraffic(), direction: ec2.TrafficDirection.EGRESS });
    expect(idsOf(checkStack(stack), 'NET6')).toEqual([]);
  });

  test('fails on the equivalent raw entries: 3389 from ::/0, a range, and loose scalars', () => {
    expect(
      net6(
        acl({
          Rdp6: { RuleNumber: '100', Protocol: '6', RuleAction: 'allow', Egress: 'false', Ipv6CidrBlock: '::/0', PortRange: { From: '3389', To: '3389' } },
          Range: { RuleNumber: 110, Protocol: 6, RuleAction: 'ALLOW', CidrBlock: '0.0.0.0/0', PortRange: { From: 1, To: 1024 } },
          Udp: { RuleNumber: 120, Protocol: 17, RuleAction: 'allow', CidrBlock: '0.0.0.0/0', PortRange: { From: 22, To: 22 } },
          Egress: { ...allowSsh, RuleNumber: 130, Egress: true },
        }),
      ),
    ).toEqual(['Range Hardened-NET6[Port::tcp/1-1024]', 'Rdp6 Hardened-NET6[Port::tcp/3389]']);
  });

  describe('rule-number order', () => {
    test('passes when a lower-numbered deny blocks 22 from 0.0.0.0/0', () => {
      expect(net6(acl({ DenySsh: deny(90, 22), AllowSsh: allowSsh }))).toEqual([]);
    });

    test('fails when the deny comes after the allow', () => {
      expect(net6(acl({ DenySsh: deny(110, 22), AllowSsh: allowSsh }))).toEqual(['AllowSsh Hardened-NET6[Port::tcp/22]']);
    });

    test('fails on an all-ports allow when only 22 is blocked, passes when 22 and 3389 are', () => {
      expect(net6(acl({ DenySsh: deny(10, 22), AllowAll: allowAll }))).toEqual(['AllowAll Hardened-NET6[Port::all]']);
      expect(net6(acl({ DenySsh: deny(10, 22), DenyRdp: deny(20, 3389), AllowAll: allowAll }))).toEqual([]);
    });

    test('a UDP deny does not block TCP; an all-protocols deny does', () => {
      expect(net6(acl({ DenyUdp: deny(90, 22, { Protocol: 17 }), AllowSsh: allowSsh }))).toEqual(['AllowSsh Hardened-NET6[Port::tcp/22]']);
      expect(net6(acl({ DenyAll: { RuleNumber: 1, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' }, AllowAll: allowAll }))).toEqual([]);
    });

    test('a deny of a narrower source, of the other address family or of another ACL does not block', () => {
      expect(net6(acl({ DenyNarrow: deny(90, 22, { CidrBlock: '10.0.0.0/8' }), AllowSsh: allowSsh }))).toEqual(['AllowSsh Hardened-NET6[Port::tcp/22]']);
      expect(net6(acl({ Deny6: deny(90, 22, { CidrBlock: undefined, Ipv6CidrBlock: '::/0' }), AllowSsh: allowSsh }))).toEqual([
        'AllowSsh Hardened-NET6[Port::tcp/22]',
      ]);
      expect(net6(acl({ DenyOther: deny(90, 22, { NetworkAclId: { Ref: 'OtherAcl' } }), AllowSsh: allowSsh }))).toEqual([
        'AllowSsh Hardened-NET6[Port::tcp/22]',
      ]);
    });

    test('a deny naming the ACL by Fn::GetAtt blocks an allow naming it by Ref', () => {
      expect(net6(acl({ DenySsh: deny(90, 22, { NetworkAclId: { 'Fn::GetAtt': ['Acl', 'Id'] } }), AllowSsh: allowSsh }))).toEqual([]);
    });

    test('an egress deny does not block ingress', () => {
      expect(net6(acl({ DenyOut: deny(90, 22, { Egress: true }), AllowSsh: allowSsh }))).toEqual(['AllowSsh Hardened-NET6[Port::tcp/22]']);
    });

    test('a deny with a Condition may not exist and blocks nothing', () => {
      const template = acl({ DenySsh: deny(90, 22), AllowSsh: allowSsh }, { Conditions: { Strict: { 'Fn::Equals': ['a', 'b'] } } });
      (template.Resources.DenySsh as any).Condition = 'Strict';
      expect(net6(template)).toEqual(['AllowSsh Hardened-NET6[Port::tcp/22]']);
    });
  });

  describe('values unknown at synth time', () => {
    test('fails as unresolved when the allowed source is a parameter without AllowedValues', () => {
      const stack = newStack();
      const cidr = new CfnParameter(stack, 'Cidr', { type: 'String' });
      const nacl = new ec2.NetworkAcl(stack, 'Acl', { vpc: importedVpc(stack) });
      nacl.addEntry('Ssh', { cidr: ec2.AclCidr.ipv4(cidr.valueAsString), ruleNumber: 100, traffic: ec2.AclTraffic.tcpPort(22), direction: ec2.TrafficDirection.INGRESS });
      expect(idsOf(checkStack(stack), 'NET6')).toEqual(['Hardened-NET6[Unresolved::Properties.CidrBlock]']);
    });

    test('fails when one AllowedValue is 0.0.0.0/0, passes when none is', () => {
      const entry = { ...allowSsh, CidrBlock: { Ref: 'Cidr' } };
      const open = acl({ AllowSsh: entry }, { Parameters: { Cidr: { Type: 'String', AllowedValues: ['10.0.0.0/8', '0.0.0.0/0'] } } });
      expect(net6(open)).toEqual(['AllowSsh Hardened-NET6[Port::tcp/22]']);
      const closed = acl({ AllowSsh: entry }, { Parameters: { Cidr: { Type: 'String', AllowedValues: ['10.0.0.0/8'] } } });
      expect(net6(closed)).toEqual([]);
    });

    test('fails when one Fn::If branch of the rule action allows', () => {
      const template = acl({ Ssh: { ...allowSsh, RuleAction: { 'Fn::If': ['Lock', 'deny', 'allow'] } } }, { Conditions: { Lock: { 'Fn::Equals': ['a', 'b'] } } });
      expect(net6(template)).toEqual(['Ssh Hardened-NET6[Port::tcp/22]']);
    });

    test('fails as unresolved, naming the deny, when a lower deny might block', () => {
      const template = acl({ DenySsh: deny(90, 22, { CidrBlock: { 'Fn::ImportValue': 'Blocked' } }), AllowSsh: allowSsh });
      expect(net6(template)).toEqual(['AllowSsh Hardened-NET6[Unresolved::DenySsh.Properties.CidrBlock]']);
    });

    test('fails as unresolved when the deny\'s rule number is unknown', () => {
      const template = acl({ DenySsh: deny(90, 22, { RuleNumber: { Ref: 'N' } }), AllowSsh: allowSsh }, { Parameters: { N: { Type: 'Number' } } });
      expect(net6(template)).toEqual(['AllowSsh Hardened-NET6[Unresolved::DenySsh.Properties.RuleNumber]']);
    });

    test('judges a port range from one parameter as one port', () => {
      const entry = { ...allowSsh, PortRange: { From: { Ref: 'P' }, To: { Ref: 'P' } } };
      expect(net6(acl({ A: entry }, { Parameters: { P: { Type: 'Number', AllowedValues: [21, 23] } } }))).toEqual([]);
      expect(net6(acl({ A: entry }, { Parameters: { P: { Type: 'Number' } } }))).toEqual(['A Hardened-NET6[Unresolved::Properties.PortRange.From]']);
    });
  });
});
