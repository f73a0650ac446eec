import { CfnParameter } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { importedVpc, rule, sgWithIngress } from './fixtures';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

describe('NET3 all traffic from wide ranges', () => {
  test('fails on ec2.Port.allTraffic() from anyIpv4', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allTraffic());
    const findings = findingsOf(checkStack(stack), 'NET3');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-NET3[Cidr::0.0.0.0/0]']);
    expect(findings[0].path).toBe('TestStack/SG/Resource');
  });

  test('fails on all TCP ports from a /8 and all traffic from ::/0', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/8'), ec2.Port.allTcp());
    sg.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.allTraffic());
    expect(idsOf(checkStack(stack), 'NET3')).toEqual(['Hardened-NET3[Cidr::10.0.0.0/8]', 'Hardened-NET3[Cidr::Any-IPv6]']);
  });

  test('fails on an IPv6 range wider than /44, written without :: in the detail', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.ipv6('2001:db8::/32'), ec2.Port.allTraffic());
    expect(idsOf(checkStack(stack), 'NET3')).toEqual(['Hardened-NET3[Cidr::2001:db8:0:0:0:0:0:0/32]']);
  });

  test('passes on all traffic from a /16, an IPv6 /56 or another security group', () => {
    const stack = newStack();
    const vpc = importedVpc(stack);
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc, allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.ipv4('10.1.0.0/16'), ec2.Port.allTraffic());
    sg.addIngressRule(ec2.Peer.ipv6('2001:db8:1234:5600::/56'), ec2.Port.allTraffic());
    sg.addIngressRule(sg, ec2.Port.allTraffic());
    expect(idsOf(checkStack(stack), 'NET3')).toEqual([]);
  });

  test('passes on one port or a partial range from anywhere (NET1 judges those)', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcpRange(1024, 65535));
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allIcmp());
    expect(idsOf(checkStack(stack), 'NET3')).toEqual([]);
  });

  test('fails on the equivalent raw CloudFormation (IpProtocol -1, "-1", "all"; UDP 1-65535)', () => {
    const findings = checkTemplate({
      Resources: {
        Sg: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: {
            GroupDescription: 'raw',
            SecurityGroupIngress: [
              { IpProtocol: '-1', CidrIp: '0.0.0.0/0' },
              { IpProtocol: 'udp', FromPort: 1, ToPort: 65535, CidrIp: '172.16.0.0/12' },
            ],
          },
        },
        Wide: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { Ref: 'Sg' }, IpProtocol: 'all', CidrIp: '10.0.0.0/15' } },
        Narrow: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { Ref: 'Sg' }, IpProtocol: -1, CidrIp: '10.0.0.0/16' } },
      },
    });
    expect(findingsOf(findings, 'NET3').map((f) => `${f.logicalId} ${f.id}`).sort()).toEqual([
      'Sg Hardened-NET3[Cidr::0.0.0.0/0]',
      'Sg Hardened-NET3[Cidr::172.16.0.0/12]',
      'Wide Hardened-NET3[Cidr::10.0.0.0/15]',
    ]);
  });

  describe('values unknown at synth time', () => {
    test('fails as unresolved when the CIDR of an all-traffic rule is a parameter', () => {
      const stack = newStack();
      const cidr = new CfnParameter(stack, 'Cidr', { type: 'String' });
      const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
      sg.addIngressRule(ec2.Peer.ipv4(cidr.valueAsString), ec2.Port.allTraffic());
      expect(idsOf(checkStack(stack), 'NET3')).toEqual(['Hardened-NET3[Unresolved::Properties.SecurityGroupIngress.0.CidrIp]']);
    });

    test('fails on each wide AllowedValue of a CIDR parameter', () => {
      const findings = checkTemplate(
        sgWithIngress([{ IpProtocol: -1, CidrIp: { Ref: 'Cidr' } }], {
          Parameters: { Cidr: { Type: 'String', AllowedValues: ['10.0.0.0/8', '0.0.0.0/0', '10.2.0.0/16'] } },
        }),
      );
      expect(idsOf(findings, 'NET3')).toEqual(['Hardened-NET3[Cidr::0.0.0.0/0]', 'Hardened-NET3[Cidr::10.0.0.0/8]']);
    });

    test('proves one port from the same parameter is never all ports', () => {
      const findings = checkTemplate(
        sgWithIngress([rule({ FromPort: { Ref: 'Port' }, ToPort: { Ref: 'Port' }, CidrIp: '0.0.0.0/0' })], { Parameters: { Port: { Type: 'Number' } } }),
      );
      expect(idsOf(findings, 'NET3')).toEqual([]);
    });

    test('fails as unresolved when FromPort and ToPort are different unknowns', () => {
      const findings = checkTemplate(
        sgWithIngress([rule({ FromPort: { Ref: 'From' }, ToPort: { Ref: 'To' }, CidrIp: '0.0.0.0/0' })], {
          Parameters: { From: { Type: 'Number' }, To: { Type: 'Number' } },
        }),
      );
      expect(idsOf(findings, 'NET3')).toEqual(['Hardened-NET3[Unresolved::Properties.SecurityGroupIngress.0.FromPort]']);
    });

    test('fails when one Fn::If branch of the protocol is all traffic', () => {
      const findings = checkTemplate(
        sgWithIngress([{ IpProtocol: { 'Fn::If': ['Debug', '-1', 'tcp'] }, FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }], {
          Conditions: { Debug: { 'Fn::Equals': ['a', 'b'] } },
        }),
      );
      expect(idsOf(findings, 'NET3')).toEqual(['Hardened-NET3[Cidr::0.0.0.0/0]']);
    });

    test('fails as unresolved on an imported protocol', () => {
      const findings = checkTemplate(sgWithIngress([{ IpProtocol: { 'Fn::ImportValue': 'Proto' }, CidrIp: '10.0.0.0/8' }]));
      expect(idsOf(findings, 'NET3')).toEqual(['Hardened-NET3[Unresolved::Properties.SecurityGroupIngress.0.IpProtocol]']);
    });

    test('passes on all traffic from the VPC CIDR block of the template', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Net', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PUBLIC }] });
      const sg = new ec2.SecurityGroup(stack, 'SG', { vpc, allowAllOutbound: false });
      sg.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.allTraffic());
      expect(idsOf(checkStack(stack), 'NET3')).toEqual([]);
    });
  });
});
