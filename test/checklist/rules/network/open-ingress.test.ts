import { CfnParameter, Fn, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { importedVpc, rule, sgWithIngress } from './fixtures';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

describe('NET1 ingress from anywhere on non-public ports', () => {
  test('fails when a security group is open to the world on 22', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    const findings = checkStack(stack);
    expect(idsOf(findings, 'NET1')).toEqual(['Hardened-NET1[Port::tcp/22]']);
    const f = findingsOf(findings, 'NET1')[0];
    expect(f.path).toBe('TestStack/SG/Resource');
    expect(f.message).toContain('from 0.0.0.0/0');
  });

  test('fails once per port when the same port is open to both 0.0.0.0/0 and ::/0', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(8080));
    sg.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(8080));
    sg.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.udpRange(1000, 2000));
    const findings = checkStack(stack);
    expect(idsOf(findings, 'NET1')).toEqual(['Hardened-NET1[Port::tcp/8080]', 'Hardened-NET1[Port::udp/1000-2000]']);
    expect(findingsOf(findings, 'NET1').find((f) => f.detail === 'Port::tcp/8080')?.message).toContain('from 0.0.0.0/0 and ::/0');
  });

  test('fails on all traffic from anywhere', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allTraffic());
    expect(idsOf(checkStack(stack), 'NET1')).toEqual(['Hardened-NET1[Port::all]']);
  });

  test('passes when 443 and 80 are open to the world', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    sg.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(443));
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80));
    expect(idsOf(checkStack(stack), 'NET1')).toEqual([]);
  });

  test('fails on a range from 80 to 443, which holds non-public ports', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcpRange(80, 443));
    expect(idsOf(checkStack(stack), 'NET1')).toEqual(['Hardened-NET1[Port::tcp/80-443]']);
  });

  test('passes when other ports are open only to a private range or another security group', () => {
    const stack = newStack();
    const vpc = importedVpc(stack);
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc, allowAllOutbound: false });
    const app = new ec2.SecurityGroup(stack, 'App', { vpc, allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(22));
    sg.addIngressRule(app, ec2.Port.tcp(5432));
    sg.addIngressRule(ec2.Peer.prefixList('pl-12345678'), ec2.Port.tcp(8080));
    expect(idsOf(checkStack(stack), 'NET1')).toEqual([]);
  });

  test('passes on ICMP from anywhere (NET1 judges TCP, UDP and all protocols)', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allIcmp());
    sg.addIngressRule(ec2.Peer.anyIpv6(), ec2.Port.allIcmpV6());
    expect(idsOf(checkStack(stack), 'NET1')).toEqual([]);
  });

  test('uses the configured public ports', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(8443));
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    expect(idsOf(checkStack(stack, { publicPorts: [8443] }), 'NET1')).toEqual(['Hardened-NET1[Port::tcp/443]']);
  });

  test('fails on a standalone ingress of an imported security group, landing on the ingress resource', () => {
    const stack = newStack();
    const imported = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Imported', 'sg-12345678');
    imported.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(3000));
    const findings = findingsOf(checkStack(stack), 'NET1');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-NET1[Port::tcp/3000]']);
    expect(findings[0].resourceType).toBe('AWS::EC2::SecurityGroupIngress');
    expect(findings[0].path).toBe('TestStack/Imported/from 0.0.0.0_0:3000');
  });

  test('fails on the equivalent raw CloudFormation, with loose scalars', () => {
    const findings = checkTemplate({
      Resources: {
        Sg: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: {
            GroupDescription: 'raw',
            SecurityGroupIngress: [
              { IpProtocol: '6', FromPort: '22', ToPort: '22', CidrIp: '0.0.0.0/0' },
              { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv6: '::/0' },
              { IpProtocol: '17', FromPort: 53, ToPort: 53, CidrIp: '0.0.0.0/0' },
            ],
          },
        },
        Standalone: {
          Type: 'AWS::EC2::SecurityGroupIngress',
          Properties: { GroupId: { Ref: 'Sg' }, IpProtocol: -1, CidrIpv6: '::/0' },
        },
        AllWords: {
          Type: 'AWS::EC2::SecurityGroupIngress',
          Properties: { GroupId: { Ref: 'Sg' }, IpProtocol: 'all', FromPort: -1, ToPort: -1, CidrIp: '0.0.0.0/0' },
        },
      },
    });
    expect(findingsOf(findings, 'NET1').map((f) => `${f.logicalId} ${f.id}`).sort()).toEqual([
      'AllWords Hardened-NET1[Port::all]',
      'Sg Hardened-NET1[Port::tcp/22]',
      'Sg Hardened-NET1[Port::udp/53]',
      'Standalone Hardened-NET1[Port::all]',
    ]);
  });

  test('fails on a prefix list of the same template that holds 0.0.0.0/0', () => {
    const findings = checkTemplate(
      sgWithIngress([rule({ FromPort: 8080, ToPort: 8080, SourcePrefixListId: { 'Fn::GetAtt': ['Everyone', 'PrefixListId'] } })], {
        Resources: {
          Everyone: {
            Type: 'AWS::EC2::PrefixList',
            Properties: { AddressFamily: 'IPv4', MaxEntries: 2, PrefixListName: 'everyone', Entries: [{ Cidr: '10.0.0.0/8' }, { Cidr: '0.0.0.0/0' }] },
          },
        },
      }),
    );
    expect(idsOf(findings, 'NET1')).toEqual(['Hardened-NET1[Port::tcp/8080]']);
  });

  describe('values unknown at synth time', () => {
    test('fails as unresolved when the CIDR is a parameter without AllowedValues', () => {
      const stack = newStack();
      const cidr = new CfnParameter(stack, 'Cidr', { type: 'String' });
      const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
      sg.addIngressRule(ec2.Peer.ipv4(cidr.valueAsString), ec2.Port.tcp(8080));
      const findings = findingsOf(checkStack(stack), 'NET1');
      expect(findings.map((f) => f.id)).toEqual(['Hardened-NET1[Unresolved::Properties.SecurityGroupIngress.0.CidrIp]']);
      expect(findings[0].path).toBe('TestStack/SG/Resource');
    });

    test('passes when every AllowedValue of the CIDR parameter is private', () => {
      const findings = checkTemplate(
        sgWithIngress([rule({ FromPort: 22, ToPort: 22, CidrIp: { Ref: 'Cidr' } })], {
          Parameters: { Cidr: { Type: 'String', AllowedValues: ['10.0.0.0/8', '192.168.0.0/16'] } },
        }),
      );
      expect(idsOf(findings, 'NET1')).toEqual([]);
    });

    test('fails when one AllowedValue of the CIDR parameter is 0.0.0.0/0', () => {
      const findings = checkTemplate(
        sgWithIngress([rule({ FromPort: 22, ToPort: 22, CidrIp: { Ref: 'Cidr' } })], {
          Parameters: { Cidr: { Type: 'String', AllowedValues: ['10.0.0.0/8', '0.0.0.0/0'] } },
        }),
      );
      expect(idsOf(findings, 'NET1')).toEqual(['Hardened-NET1[Port::tcp/22]']);
    });

    test('fails when one Fn::If branch opens the port to the world', () => {
      const findings = checkTemplate(
        sgWithIngress([rule({ FromPort: 9000, ToPort: 9000, CidrIp: { 'Fn::If': ['IsDev', '0.0.0.0/0', '10.0.0.0/8'] } })], {
          Conditions: { IsDev: { 'Fn::Equals': ['a', 'b'] } },
        }),
      );
      expect(idsOf(findings, 'NET1')).toEqual(['Hardened-NET1[Port::tcp/9000]']);
    });

    test('passes when a whole rule is under Fn::If with an AWS::NoValue branch and the other branch is private', () => {
      const findings = checkTemplate(
        sgWithIngress([{ 'Fn::If': ['IsDev', rule({ FromPort: 22, ToPort: 22, CidrIp: '10.0.0.0/8' }), { Ref: 'AWS::NoValue' }] }], {
          Conditions: { IsDev: { 'Fn::Equals': ['a', 'b'] } },
        }),
      );
      expect(idsOf(findings, 'NET1')).toEqual([]);
    });

    test('fails as unresolved on an imported CIDR (a CDK token)', () => {
      const stack = newStack();
      const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
      sg.addIngressRule(ec2.Peer.ipv4(Fn.importValue('SharedCidr')), ec2.Port.tcp(8080));
      expect(idsOf(checkStack(stack), 'NET1')).toEqual(['Hardened-NET1[Unresolved::Properties.SecurityGroupIngress.0.CidrIp]']);
    });

    test('passes on a VPC CIDR block from the template (a specific, non-wildcard value)', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Net', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'p', subnetType: ec2.SubnetType.PUBLIC }] });
      const sg = new ec2.SecurityGroup(stack, 'SG', { vpc, allowAllOutbound: false });
      sg.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(8080));
      expect(idsOf(checkStack(stack), 'NET1')).toEqual([]);
    });

    test('treats FromPort and ToPort from the same parameter as one port', () => {
      const findings = checkTemplate(
        sgWithIngress([rule({ FromPort: { Ref: 'Port' }, ToPort: { Ref: 'Port' }, CidrIp: '0.0.0.0/0' })], {
          Parameters: { Port: { Type: 'Number', AllowedValues: [443, 8080] } },
        }),
      );
      // 8080 alone, not the range 443-8080 a cross product would invent.
      expect(idsOf(findings, 'NET1')).toEqual(['Hardened-NET1[Port::tcp/8080]']);
    });

    test('passes when the port parameter only allows public ports', () => {
      const findings = checkTemplate(
        sgWithIngress([rule({ FromPort: { Ref: 'Port' }, ToPort: { Ref: 'Port' }, CidrIp: '0.0.0.0/0' })], {
          Parameters: { Port: { Type: 'Number', AllowedValues: ['443', '80'] } },
        }),
      );
      expect(idsOf(findings, 'NET1')).toEqual([]);
    });

    test('fails as unresolved on a port from a CDK token (parameter without AllowedValues)', () => {
      const stack = newStack();
      const port = new CfnParameter(stack, 'Port', { type: 'Number' });
      const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
      sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(Token.asNumber(port.value)));
      // CDK cannot inline a rule with a token port: it writes an AWS::EC2::SecurityGroupIngress.
      const findings = findingsOf(checkStack(stack), 'NET1');
      expect(findings.map((f) => f.id)).toEqual(['Hardened-NET1[Unresolved::Properties.FromPort]']);
      expect(findings[0].resourceType).toBe('AWS::EC2::SecurityGroupIngress');
    });

    test('fails as unresolved when the protocol is unknown', () => {
      const findings = checkTemplate(
        sgWithIngress([{ IpProtocol: { 'Fn::ImportValue': 'Proto' }, FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }]),
      );
      expect(idsOf(findings, 'NET1')).toEqual(['Hardened-NET1[Unresolved::Properties.SecurityGroupIngress.0.IpProtocol]']);
    });

    test('passes when the CIDR is unknown but its prefix is not /0', () => {
      const findings = checkTemplate(
        sgWithIngress([rule({ FromPort: 22, ToPort: 22, CidrIp: { 'Fn::Sub': '${Base}/24' } })], { Parameters: { Base: { Type: 'String' } } }),
      );
      expect(idsOf(findings, 'NET1')).toEqual([]);
    });
  });
});
