import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { importedVpc, rule, sgWithIngress } from './fixtures';
import { ADMIN_AND_DATABASE_PORTS, adminPortsIn } from '../../../../src/checklist/rules/network/admin-port-ingress';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

describe('NET2 administration and database ports open to the world', () => {
  test('fails when a security group is open to the world on 22', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    const findings = findingsOf(checkStack(stack), 'NET2');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-NET2[Port::tcp/22]']);
    expect(findings[0].path).toBe('TestStack/SG/Resource');
    expect(findings[0].message).toContain('port 22');
  });

  test('fails on database ports open to ::/0', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(5432));
    sg.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(6379));
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.udp(11211));
    expect(idsOf(checkStack(stack), 'NET2')).toEqual([
      'Hardened-NET2[Port::tcp/5432]',
      'Hardened-NET2[Port::tcp/6379]',
      'Hardened-NET2[Port::udp/11211]',
    ]);
  });

  test('fails on a range that includes a listed port', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcpRange(3000, 3400));
    const findings = findingsOf(checkStack(stack), 'NET2');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-NET2[Port::tcp/3000-3400]']);
    expect(findings[0].message).toContain('ports 3306, 3389');
  });

  test('fails on all traffic from anywhere', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allTraffic());
    expect(idsOf(checkStack(stack), 'NET2')).toEqual(['Hardened-NET2[Port::all]']);
  });

  test('passes on a web port and on a range without listed ports', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcpRange(8081, 8090));
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allIcmp());
    expect(idsOf(checkStack(stack), 'NET2')).toEqual([]);
  });

  test('passes when 22 is open only to a private range', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/8'), ec2.Port.tcp(22));
    sg.addIngressRule(ec2.Peer.ipv6('2001:db8::/32'), ec2.Port.tcp(3389));
    expect(idsOf(checkStack(stack), 'NET2')).toEqual([]);
  });

  test('fails on the equivalent raw CloudFormation, inline and standalone', () => {
    const findings = checkTemplate({
      Resources: {
        Sg: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: { GroupDescription: 'raw', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: '3389', ToPort: '3389', CidrIp: '0.0.0.0/0' }] },
        },
        Rdp: {
          Type: 'AWS::EC2::SecurityGroupIngress',
          Properties: { GroupId: { Ref: 'Sg' }, IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, CidrIpv6: '::/0' },
        },
      },
    });
    expect(findingsOf(findings, 'NET2').map((f) => `${f.logicalId} ${f.id}`).sort()).toEqual([
      'Rdp Hardened-NET2[Port::tcp/0-65535]',
      'Sg Hardened-NET2[Port::tcp/3389]',
    ]);
  });

  test('lists the closed set of CHECKLIST.md', () => {
    expect(ADMIN_AND_DATABASE_PORTS).toHaveLength(36);
    expect(adminPortsIn({ from: 20, to: 25 })).toEqual([20, 21, 22, 23, 25]);
    expect(adminPortsIn({ from: 26, to: 109 })).toEqual([]);
  });

  describe('values unknown at synth time', () => {
    test('fails as unresolved when the CIDR is a parameter without AllowedValues', () => {
      const stack = newStack();
      const cidr = new CfnParameter(stack, 'Cidr', { type: 'String' });
      const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
      sg.addIngressRule(ec2.Peer.ipv4(cidr.valueAsString), ec2.Port.tcp(22));
      expect(idsOf(checkStack(stack), 'NET2')).toEqual(['Hardened-NET2[Unresolved::Properties.SecurityGroupIngress.0.CidrIp]']);
    });

    test('passes when the CIDR is unknown but the port is not listed', () => {
      const stack = newStack();
      const cidr = new CfnParameter(stack, 'Cidr', { type: 'String' });
      const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
      sg.addIngressRule(ec2.Peer.ipv4(cidr.valueAsString), ec2.Port.tcp(8443));
      expect(idsOf(checkStack(stack), 'NET2')).toEqual([]);
    });

    test('fails when one AllowedValue of the CIDR parameter is 0.0.0.0/0, passes when none is', () => {
      const open = checkTemplate(
        sgWithIngress([rule({ FromPort: 22, ToPort: 22, CidrIp: { Ref: 'Cidr' } })], {
          Parameters: { Cidr: { Type: 'String', AllowedValues: ['10.0.0.0/8', '0.0.0.0/0'] } },
        }),
      );
      expect(idsOf(open, 'NET2')).toEqual(['Hardened-NET2[Port::tcp/22]']);
      const closed = checkTemplate(
        sgWithIngress([rule({ FromPort: 22, ToPort: 22, CidrIp: { Ref: 'Cidr' } })], {
          Parameters: { Cidr: { Type: 'String', AllowedValues: ['10.0.0.0/8', '172.16.0.0/12'] } },
        }),
      );
      expect(idsOf(closed, 'NET2')).toEqual([]);
    });

    test('judges each AllowedValue of a shared FromPort/ToPort parameter as one port', () => {
      const findings = checkTemplate(
        sgWithIngress([rule({ FromPort: { Ref: 'Port' }, ToPort: { Ref: 'Port' }, CidrIp: '0.0.0.0/0' })], {
          Parameters: { Port: { Type: 'Number', AllowedValues: [20, 443] } },
        }),
      );
      // A cross product would also invent 20-443, which holds 22, 23, 25, 110, 135, 143.
      expect(idsOf(findings, 'NET2')).toEqual(['Hardened-NET2[Port::tcp/20]']);
    });

    test('fails when one Fn::If branch opens 22 to the world', () => {
      const findings = checkTemplate(
        sgWithIngress([rule({ FromPort: 22, ToPort: 22, CidrIpv6: { 'Fn::If': ['Open', '::/0', '2001:db8::/64'] } })], {
          Conditions: { Open: { 'Fn::Equals': ['a', 'b'] } },
        }),
      );
      expect(idsOf(findings, 'NET2')).toEqual(['Hardened-NET2[Port::tcp/22]']);
    });

    test('fails as unresolved on an imported CIDR', () => {
      const stack = newStack();
      const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
      sg.addIngressRule(ec2.Peer.ipv6(Fn.importValue('SharedCidr6')), ec2.Port.tcp(5432));
      expect(idsOf(checkStack(stack), 'NET2')).toEqual(['Hardened-NET2[Unresolved::Properties.SecurityGroupIngress.0.CidrIpv6]']);
    });
  });
});
