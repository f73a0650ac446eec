import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { importedVpc } from './fixtures';
import { Severity } from '../../../../src/checklist/severity';
import { checkStack, checkTemplate, findingsOf, idsOf, newStack } from '../../helpers';

function sgWithEgress(egress: unknown, extra: Record<string, unknown> = {}) {
  const props: Record<string, unknown> = { GroupDescription: 'raw' };
  if (egress !== undefined) props.SecurityGroupEgress = egress;
  return { ...extra, Resources: { Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: props } } };
}

describe('NET4 unrestricted egress', () => {
  test('fails as a warning on a plain CDK SecurityGroup (allowAllOutbound: true)', () => {
    const stack = newStack();
    new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack) });
    const findings = findingsOf(checkStack(stack), 'NET4');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-NET4[Cidr::0.0.0.0/0]']);
    expect(findings[0].path).toBe('TestStack/SG/Resource');
    expect(findings[0].severity).toBe(Severity.WARNING);
  });

  test('fails on IPv6 all-outbound too', () => {
    const stack = newStack();
    new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllIpv6Outbound: true });
    expect(idsOf(checkStack(stack), 'NET4')).toEqual(['Hardened-NET4[Cidr::0.0.0.0/0]', 'Hardened-NET4[Cidr::Any-IPv6]']);
  });

  test('passes with allowAllOutbound: false (CDK\'s placeholder ICMP rule to 255.255.255.255/32)', () => {
    const stack = newStack();
    new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    expect(idsOf(checkStack(stack), 'NET4')).toEqual([]);
  });

  test('passes with explicit egress to 443 anywhere and all traffic to a private range', () => {
    const stack = newStack();
    const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
    sg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));
    sg.addEgressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.allTraffic());
    expect(idsOf(checkStack(stack), 'NET4')).toEqual([]);
  });

  test('fails on a raw security group without SecurityGroupEgress (AWS\'s default rule)', () => {
    const findings = findingsOf(checkTemplate(sgWithEgress(undefined)), 'NET4');
    expect(findings.map((f) => f.id)).toEqual(['Hardened-NET4[Cidr::0.0.0.0/0]']);
    expect(findings[0].message).toContain('no SecurityGroupEgress');
  });

  test('fails on an empty SecurityGroupEgress list, which also keeps the default rule', () => {
    expect(idsOf(checkTemplate(sgWithEgress([])), 'NET4')).toEqual(['Hardened-NET4[Cidr::0.0.0.0/0]']);
  });

  test('fails on a standalone AWS::EC2::SecurityGroupEgress to ::/0, landing on it', () => {
    const findings = checkTemplate({
      Resources: {
        Sg: {
          Type: 'AWS::EC2::SecurityGroup',
          Properties: { GroupDescription: 'raw', SecurityGroupEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' }] },
        },
        Out: { Type: 'AWS::EC2::SecurityGroupEgress', Properties: { GroupId: { Ref: 'Sg' }, IpProtocol: '-1', CidrIpv6: '::/0' } },
        AllTcp: {
          Type: 'AWS::EC2::SecurityGroupEgress',
          Properties: { GroupId: { Ref: 'Sg' }, IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, DestinationPrefixListId: 'pl-12345678' },
        },
      },
    });
    expect(findingsOf(findings, 'NET4').map((f) => `${f.logicalId} ${f.id}`)).toEqual(['Out Hardened-NET4[Cidr::Any-IPv6]']);
  });

  test('fails on every TCP port to anywhere', () => {
    const findings = checkTemplate(sgWithEgress([{ IpProtocol: 6, FromPort: 0, ToPort: 65535, CidrIp: '0.0.0.0/0' }]));
    expect(idsOf(findings, 'NET4')).toEqual(['Hardened-NET4[Cidr::0.0.0.0/0]']);
  });

  describe('values unknown at synth time', () => {
    test('fails as unresolved when the destination is a parameter without AllowedValues', () => {
      const stack = newStack();
      const cidr = new CfnParameter(stack, 'Cidr', { type: 'String' });
      const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
      sg.addEgressRule(ec2.Peer.ipv4(cidr.valueAsString), ec2.Port.allTraffic());
      expect(idsOf(checkStack(stack), 'NET4')).toEqual(['Hardened-NET4[Unresolved::Properties.SecurityGroupEgress.0.CidrIp]']);
    });

    test('passes when every AllowedValue is narrow, fails when one is 0.0.0.0/0', () => {
      const rule = [{ IpProtocol: '-1', CidrIp: { Ref: 'Dest' } }];
      const narrow = checkTemplate(sgWithEgress(rule, { Parameters: { Dest: { Type: 'String', AllowedValues: ['10.0.0.0/8'] } } }));
      expect(idsOf(narrow, 'NET4')).toEqual([]);
      const open = checkTemplate(sgWithEgress(rule, { Parameters: { Dest: { Type: 'String', AllowedValues: ['10.0.0.0/8', '0.0.0.0/0'] } } }));
      expect(idsOf(open, 'NET4')).toEqual(['Hardened-NET4[Cidr::0.0.0.0/0]']);
    });

    test('fails when the egress list is under Fn::If with an AWS::NoValue branch (the default rule applies)', () => {
      const findings = checkTemplate(
        sgWithEgress({ 'Fn::If': ['Locked', [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' }], { Ref: 'AWS::NoValue' }] }, {
          Conditions: { Locked: { 'Fn::Equals': ['a', 'b'] } },
        }),
      );
      expect(idsOf(findings, 'NET4')).toEqual(['Hardened-NET4[Cidr::0.0.0.0/0]']);
    });

    test('fails when every egress rule may vanish through Fn::If (the default rule then applies)', () => {
      const findings = checkTemplate(
        sgWithEgress([{ 'Fn::If': ['Locked', { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' }, { Ref: 'AWS::NoValue' }] }], {
          Conditions: { Locked: { 'Fn::Equals': ['a', 'b'] } },
        }),
      );
      expect(idsOf(findings, 'NET4')).toEqual(['Hardened-NET4[Cidr::0.0.0.0/0]']);
    });

    test('passes on many narrow rules whose AllowedValues multiply beyond what the resolver enumerates', () => {
      const rules = [1, 2, 3, 4].map((i) => ({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: { Ref: `Dest${i}` } }));
      const parameters = Object.fromEntries(
        [1, 2, 3, 4].map((i) => [`Dest${i}`, { Type: 'String', AllowedValues: ['10.0.0.0/8', '10.1.0.0/16', '10.2.0.0/16'] }]),
      );
      expect(idsOf(checkTemplate(sgWithEgress(rules, { Parameters: parameters })), 'NET4')).toEqual([]);
    });

    test('fails as unresolved when the whole egress list is imported', () => {
      const findings = checkTemplate(sgWithEgress({ 'Fn::ImportValue': 'EgressRules' }));
      expect(idsOf(findings, 'NET4')).toEqual(['Hardened-NET4[Unresolved::Properties.SecurityGroupEgress]']);
    });

    test('fails as unresolved on an imported destination (a CDK token)', () => {
      const stack = newStack();
      const sg = new ec2.SecurityGroup(stack, 'SG', { vpc: importedVpc(stack), allowAllOutbound: false });
      sg.addEgressRule(ec2.Peer.ipv4(Fn.importValue('Dest')), ec2.Port.allTraffic());
      expect(idsOf(checkStack(stack), 'NET4')).toEqual(['Hardened-NET4[Unresolved::Properties.SecurityGroupEgress.0.CidrIp]']);
    });
  });
});
