import { Lazy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { NO_VALUE } from '../../../../src/checklist/resolve';
import { RuleContext } from '../../../../src/checklist/rule';
import { readProtocol, securityGroupRules } from '../../../../src/checklist/rules/network/security-group-rules';
import { templateFromObject } from '../../../../src/checklist/template';
import { checkTemplate, checkTree, findingsOf, idsOf, newStack } from '../../helpers';

const COND = { Conditions: { C: { 'Fn::Equals': ['a', 'b'] } } };

/** A security group whose inline ingress is `ingress` (egress closed with CDK's placeholder). */
function sg(ingress: unknown, extra: Record<string, any> = {}, egress: unknown = [{ IpProtocol: 'icmp', FromPort: 252, ToPort: 86, CidrIp: '255.255.255.255/32' }]) {
  const props: Record<string, unknown> = { GroupDescription: 'edges' };
  if (ingress !== undefined) props.SecurityGroupIngress = ingress;
  if (egress !== undefined) props.SecurityGroupEgress = egress;
  return { ...extra, Resources: { ...(extra.Resources ?? {}), Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: props } } };
}

/** The part of a message before "cannot be verified": what the user is told could not be known. */
const subject = (message: string) => message.split(' cannot be verified')[0];

const one = (findings: ReturnType<typeof checkTemplate>, rule: string) => {
  const fs = findingsOf(findings, rule);
  expect(fs).toHaveLength(1);
  return fs[0];
};

describe('security group rule parsing (NET1-NET4)', () => {
  describe('rules that cannot be read', () => {
    test('an imported whole ingress list is unresolved, naming the security group', () => {
      const f = one(checkTemplate(sg({ 'Fn::ImportValue': 'Rules' })), 'NET1');
      expect(f.id).toBe('Hardened-NET1[Unresolved::Properties.SecurityGroupIngress]');
      expect(f.logicalId).toBe('Sg');
      expect(subject(f.message)).toContain('ingress rule of Sg');
    });

    test('an imported list element is unresolved at its index, never a silent pass', () => {
      const findings = checkTemplate(sg([{ 'Fn::ImportValue': 'Rule' }, 'not-a-rule']));
      for (const id of ['NET1', 'NET2', 'NET3']) {
        expect(idsOf(findings, id)).toEqual([
          `Hardened-${id}[Unresolved::Properties.SecurityGroupIngress.0]`,
          `Hardened-${id}[Unresolved::Properties.SecurityGroupIngress.1]`,
        ]);
      }
      expect(subject(findingsOf(findings, 'NET1')[0].message)).toContain('ingress rule of Sg');
    });

    test('an egress element that cannot be read is unresolved for NET4, naming egress', () => {
      const f = one(checkTemplate(sg(undefined, {}, [{ 'Fn::ImportValue': 'Rule' }])), 'NET4');
      expect(f.id).toBe('Hardened-NET4[Unresolved::Properties.SecurityGroupEgress.0]');
      expect(subject(f.message)).toContain('egress rule of Sg');
    });

    test('a standalone ingress whose properties cannot be rendered is unresolved on the rule', () => {
      const stack = newStack();
      new ec2.CfnSecurityGroupIngress(stack, 'In', {
        groupId: 'sg-12345678',
        ipProtocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        cidrIp: Lazy.string({
          produce: () => {
            throw new Error('cannot render');
          },
        }),
      });
      const findings = checkTree(stack);
      for (const id of ['NET1', 'NET2', 'NET3']) {
        const fs = findingsOf(findings, id);
        expect(fs.map((f) => f.id)).toEqual([`Hardened-${id}[Unresolved::Properties]`]);
        expect(fs[0].resourceType).toBe('AWS::EC2::SecurityGroupIngress');
      }
    });

    test('a security group whose properties cannot be rendered is unresolved for NET4', () => {
      const stack = newStack();
      new ec2.CfnSecurityGroup(stack, 'Group', {
        groupDescription: Lazy.string({
          produce: () => {
            throw new Error('cannot render');
          },
        }),
      });
      const f = findingsOf(checkTree(stack), 'NET4');
      expect(f.map((x) => x.id)).toEqual(['Hardened-NET4[Unresolved::Properties.SecurityGroupEgress]']);
      expect(subject(f[0].message)).toContain('egress rules of TestStack/Group');
    });

    test('a standalone rule only holds rules of its own direction', () => {
      const template = templateFromObject(
        {
          Resources: {
            Out: { Type: 'AWS::EC2::SecurityGroupEgress', Properties: { GroupId: 'sg-1', IpProtocol: '-1', CidrIp: '0.0.0.0/0' } },
            In: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: 'sg-1', IpProtocol: '-1', CidrIp: '0.0.0.0/0' } },
          },
        },
        'edges.json',
      );
      const ctx = {
        template,
        variants: (v: unknown) => template.resolver.variants(v),
        items: (v: unknown) => template.resolver.items(v),
      } as unknown as RuleContext;
      const out = template.resource('Out')!;
      const inn = template.resource('In')!;
      expect(securityGroupRules(out, ctx, 'ingress')).toEqual([]);
      expect(securityGroupRules(inn, ctx, 'egress')).toEqual([]);
      expect(securityGroupRules(out, ctx, 'egress')).toHaveLength(1);
      expect(securityGroupRules(inn, ctx, 'ingress')).toHaveLength(1);
    });
  });

  describe('combinations', () => {
    const params = (names: string[], values: unknown[]) =>
      Object.fromEntries(names.map((n) => [n, { Type: n.startsWith('Cidr') ? 'String' : 'Number', AllowedValues: values }]));

    test('judges every combination up to 512 (8 from-ports x 8 to-ports x 8 CIDRs)', () => {
      const ports = [1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007];
      const cidrs = ['10.0.0.0/8', '10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16', '10.4.0.0/16', '10.5.0.0/16', '10.6.0.0/16', '0.0.0.0/0'];
      const findings = checkTemplate(
        sg([{ IpProtocol: 'tcp', FromPort: { Ref: 'From' }, ToPort: { Ref: 'To' }, CidrIp: { Ref: 'Cidr' } }], {
          Parameters: { ...params(['From', 'To'], ports), Cidr: { Type: 'String', AllowedValues: cidrs } },
        }),
      );
      // Known values: real findings (e.g. 1000-1007 open to the world), no Unresolved.
      const ids = idsOf(findings, 'NET1');
      expect(ids).toContain('Hardened-NET1[Port::tcp/1000-1007]');
      expect(ids.some((id) => id.includes('Unresolved'))).toBe(false);
    });

    test('reports a rule with more than 512 combinations as unresolved rather than enumerating it', () => {
      const ports = [1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008];
      const cidrs = ['10.0.0.0/8', '10.1.0.0/16', '10.2.0.0/16', '10.3.0.0/16', '10.4.0.0/16', '10.5.0.0/16', '10.6.0.0/16'];
      const findings = checkTemplate(
        sg([{ IpProtocol: 'tcp', FromPort: { Ref: 'From' }, ToPort: { Ref: 'To' }, CidrIp: { Ref: 'Cidr' } }], {
          Parameters: { ...params(['From', 'To'], ports), Cidr: { Type: 'String', AllowedValues: cidrs } },
        }),
      );
      expect(idsOf(findings, 'NET1')).toEqual(['Hardened-NET1[Unresolved::Properties.SecurityGroupIngress.0]']);
    });
  });

  describe('protocols', () => {
    test('an absent or non-scalar IpProtocol is unresolved, naming the protocol', () => {
      const findings = checkTemplate(sg([{ FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }, { IpProtocol: ['tcp'], FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }]));
      const fs = findingsOf(findings, 'NET2');
      expect(fs.map((f) => f.id)).toEqual([
        'Hardened-NET2[Unresolved::Properties.SecurityGroupIngress.0.IpProtocol]',
        'Hardened-NET2[Unresolved::Properties.SecurityGroupIngress.1.IpProtocol]',
      ]);
      expect(subject(fs[0].message)).toContain('IpProtocol');
      expect(subject(fs[0].message)).toContain('inline ingress rule #1 of Sg');
      expect(subject(fs[1].message)).toContain('inline ingress rule #2 of Sg');
    });

    test('reads protocols with surrounding spaces and in upper case', () => {
      const findings = checkTemplate(sg([{ IpProtocol: ' TCP ', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }]));
      expect(idsOf(findings, 'NET2')).toEqual(['Hardened-NET2[Port::tcp/22]']);
    });

    test('readProtocol normalizes the text it gives messages', () => {
      expect(readProtocol(undefined)).toEqual({ text: '(absent)' });
      expect(readProtocol(NO_VALUE)).toEqual({ text: '(absent)' });
      expect(readProtocol(true).protocol).toBeUndefined();
      expect(readProtocol(' Udp ')).toEqual({ protocol: 'udp', text: 'udp' });
      expect(readProtocol(-1)).toEqual({ protocol: 'all', text: 'all' });
      expect(readProtocol('58')).toEqual({ protocol: 'icmpv6', text: 'icmpv6' });
      expect(readProtocol('GRE')).toEqual({ protocol: 'other', text: 'gre' });
      expect(readProtocol('⟪Ref.Proto⟫').text).toContain('Proto');
    });
  });

  describe('ports', () => {
    test('an absent FromPort is port 0 and an absent ToPort is 65535', () => {
      const findings = checkTemplate(
        sg([
          { IpProtocol: 'tcp', ToPort: 25, CidrIp: '0.0.0.0/0' },
          { IpProtocol: 'tcp', FromPort: 50000, CidrIp: '0.0.0.0/0' },
        ]),
      );
      expect(idsOf(findings, 'NET2')).toEqual(['Hardened-NET2[Port::tcp/0-25]', 'Hardened-NET2[Port::tcp/50000-65535]']);
    });

    test('-1 ports are 0 (from) and 65535 (to); a TCP rule without ports opens every port', () => {
      const findings = checkTemplate(
        sg([
          { IpProtocol: 'udp', FromPort: -1, ToPort: 100, CidrIp: '0.0.0.0/0' },
          { IpProtocol: 'udp', FromPort: 50000, ToPort: -1, CidrIp: '0.0.0.0/0' },
          { IpProtocol: 'tcp', CidrIp: '10.0.0.0/8' },
        ]),
      );
      expect(idsOf(findings, 'NET2')).toEqual(['Hardened-NET2[Port::udp/0-100]', 'Hardened-NET2[Port::udp/50000-65535]']);
      expect(idsOf(findings, 'NET3')).toEqual(['Hardened-NET3[Cidr::10.0.0.0/8]']);
    });

    test('an AWS::NoValue branch of a shared port expression means no port: all ports', () => {
      const port = { 'Fn::If': ['C', 8080, { Ref: 'AWS::NoValue' }] };
      const findings = checkTemplate(sg([{ IpProtocol: 'tcp', FromPort: port, ToPort: port, CidrIp: '0.0.0.0/0' }], COND));
      expect(idsOf(findings, 'NET1')).toEqual(['Hardened-NET1[Port::tcp/0-65535]', 'Hardened-NET1[Port::tcp/8080]']);
    });

    test('an unknown ToPort with a known FromPort is unresolved, naming ToPort', () => {
      const f = one(checkTemplate(sg([{ IpProtocol: 'tcp', FromPort: 22, ToPort: { 'Fn::ImportValue': 'To' }, CidrIp: '0.0.0.0/0' }])), 'NET1');
      expect(f.id).toBe('Hardened-NET1[Unresolved::Properties.SecurityGroupIngress.0.ToPort]');
      expect(subject(f.message)).toContain('ToPort');
      expect(subject(f.message)).toContain('inline ingress rule #1 of Sg');
    });

    test('an unknown FromPort is unresolved, naming FromPort', () => {
      const f = one(checkTemplate(sg([{ IpProtocol: 'tcp', FromPort: { 'Fn::ImportValue': 'From' }, ToPort: 22, CidrIp: '0.0.0.0/0' }])), 'NET2');
      expect(f.id).toBe('Hardened-NET2[Unresolved::Properties.SecurityGroupIngress.0.FromPort]');
      expect(subject(f.message)).toContain('FromPort');
    });

    test('port 0 alone is one port, not every port', () => {
      const findings = checkTemplate(sg([{ IpProtocol: 'tcp', FromPort: 0, ToPort: 0, CidrIp: '0.0.0.0/0' }]));
      expect(idsOf(findings, 'NET1')).toEqual(['Hardened-NET1[Port::tcp/0]']);
    });

    test('all ports means 0 or 1 to 65535: 2-65535 and 0-65534 are not all traffic', () => {
      const findings = checkTemplate(
        sg([
          { IpProtocol: 'tcp', FromPort: 2, ToPort: 65535, CidrIp: '10.0.0.0/8' },
          { IpProtocol: 'tcp', FromPort: 0, ToPort: 65534, CidrIp: '10.0.0.0/8' },
        ]),
      );
      expect(idsOf(findings, 'NET3')).toEqual([]);
    });
  });

  describe('CIDR peers', () => {
    test('an unknown CidrIpv6 is unresolved, naming CidrIpv6 and where the rule is', () => {
      const f = one(checkTemplate(sg([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv6: { 'Fn::ImportValue': 'V6' } }])), 'NET1');
      expect(f.id).toBe('Hardened-NET1[Unresolved::Properties.SecurityGroupIngress.0.CidrIpv6]');
      expect(subject(f.message)).toContain('CidrIpv6');
      expect(subject(f.message)).toContain('inline ingress rule #1 of Sg');
    });

    test('an unknown CidrIp is unresolved, naming CidrIp', () => {
      const f = one(checkTemplate(sg([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: { 'Fn::ImportValue': 'V4' } }])), 'NET1');
      expect(subject(f.message)).toContain('CidrIp');
      expect(subject(f.message)).toMatch(/CIDR/);
    });

    test('the first value that cannot be known is reported: the CIDR before the protocol', () => {
      const findings = checkTemplate(sg([{ IpProtocol: { 'Fn::ImportValue': 'P' }, FromPort: 22, ToPort: 22, CidrIp: { 'Fn::ImportValue': 'V4' } }]));
      expect(idsOf(findings, 'NET1')).toEqual(['Hardened-NET1[Unresolved::Properties.SecurityGroupIngress.0.CidrIp]']);
    });

    test('a standalone rule is named as its own rule in messages', () => {
      const findings = checkTemplate({
        Resources: {
          In: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: 'sg-1', IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' } },
          Unknown: {
            Type: 'AWS::EC2::SecurityGroupIngress',
            Properties: { GroupId: 'sg-1', IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: { 'Fn::ImportValue': 'V4' } },
          },
        },
      });
      const [hit] = findingsOf(findings, 'NET2').filter((f) => f.logicalId === 'In');
      expect(hit.message).toContain('(its ingress rule)');
      const [unknown] = findingsOf(findings, 'NET2').filter((f) => f.logicalId === 'Unknown');
      expect(subject(unknown.message)).toContain('its ingress rule of Unknown');
    });

    test('one finding names every rule that opens the same traffic', () => {
      const r = (cidr: string) => ({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: cidr });
      const f = one(checkTemplate(sg([r('10.0.0.0/8'), r('0.0.0.0/0'), r('0.0.0.0/0'), r('0.0.0.0/0')])), 'NET2');
      expect(f.message).toContain('from 0.0.0.0/0 (inline ingress rule #2, inline ingress rule #3 and inline ingress rule #4)');
    });

    test('a rule list from a mapping is judged, its rules named as inline rules', () => {
      const findings = checkTemplate(
        sg({ 'Fn::FindInMap': ['Rules', 'Ingress', 'Open'] }, {
          Mappings: { Rules: { Ingress: { Open: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIp: '0.0.0.0/0' }] } } },
        }),
      );
      const f = one(findings, 'NET2');
      expect(f.id).toBe('Hardened-NET2[Port::tcp/22]');
      expect(f.message).toContain('(an inline ingress rule)');
    });
  });

  describe('prefix lists', () => {
    const list = (props: Record<string, unknown>, type = 'AWS::EC2::PrefixList') => ({ Type: type, Properties: { MaxEntries: 5, PrefixListName: 'pl', ...props } });

    test('an egress rule to a prefix list of the template that holds 0.0.0.0/0 is unrestricted (DestinationPrefixListId)', () => {
      const findings = checkTemplate(
        sg(undefined, { Resources: { Everyone: list({ AddressFamily: 'IPv4', Entries: [{ Cidr: '0.0.0.0/0' }] }) } }, [
          { IpProtocol: '-1', DestinationPrefixListId: { Ref: 'Everyone' } },
        ]),
      );
      expect(idsOf(findings, 'NET4')).toEqual(['Hardened-NET4[Cidr::0.0.0.0/0]']);
    });

    test('an ingress rule reads SourcePrefixListId, not DestinationPrefixListId', () => {
      const findings = checkTemplate(
        sg([{ IpProtocol: '-1', DestinationPrefixListId: { Ref: 'Everyone' } }], {
          Resources: { Everyone: list({ AddressFamily: 'IPv4', Entries: [{ Cidr: '0.0.0.0/0' }] }) },
        }),
      );
      expect(idsOf(findings, 'NET1')).toEqual([]);
    });

    test('a prefix list referenced by Fn::GetAtt in its string form is judged by its entries', () => {
      const findings = checkTemplate(
        sg([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, SourcePrefixListId: { 'Fn::GetAtt': 'Everyone.PrefixListId' } }], {
          Resources: { Everyone: list({ AddressFamily: 'IPv4', Entries: [{ Cidr: '0.0.0.0/0' }] }) },
        }),
      );
      expect(idsOf(findings, 'NET2')).toEqual(['Hardened-NET2[Port::tcp/22]']);
    });

    test('an imported prefix list is a named source', () => {
      const findings = checkTemplate(sg([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, SourcePrefixListId: { 'Fn::ImportValue': 'SharedList' } }]));
      expect(idsOf(findings, 'NET2')).toEqual([]);
    });

    test('a referenced resource that is not an AWS::EC2::PrefixList is a named source', () => {
      const findings = checkTemplate(
        sg([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, SourcePrefixListId: { 'Fn::GetAtt': ['Custom', 'PrefixListId'] } }], {
          Resources: { Custom: list({ AddressFamily: 'IPv4', Entries: [{ Cidr: '0.0.0.0/0' }] }, 'Custom::PrefixList') },
        }),
      );
      expect(idsOf(findings, 'NET2')).toEqual([]);
    });

    test('an IPv6 prefix list reads entries whose address is unknown as IPv6', () => {
      const findings = checkTemplate(
        sg([{ IpProtocol: '-1', SourcePrefixListId: { Ref: 'V6' } }], {
          Parameters: { Base: { Type: 'String' } },
          Resources: { V6: list({ AddressFamily: 'IPv6', Entries: [{ Cidr: { 'Fn::Sub': '${Base}/40' } }] }) },
        }),
      );
      // A /40 is wider than any VPC's IPv6 block (/44): NET3 fires; an IPv4 /40 would be no CIDR at all.
      const f = one(findings, 'NET3');
      expect(f.detail).toContain('/40');
      expect(f.id).not.toContain('Unresolved');
    });

    test('an IPv4 prefix list (or one without AddressFamily) reads unknown entries as IPv4', () => {
      for (const family of [{ AddressFamily: 'IPv4' }, {}]) {
        const findings = checkTemplate(
          sg([{ IpProtocol: '-1', SourcePrefixListId: { Ref: 'V4' } }], {
            Parameters: { Base: { Type: 'String' } },
            Resources: { V4: list({ ...family, Entries: [{ Cidr: { 'Fn::Sub': '${Base}/20' } }, { Cidr: { 'Fn::Sub': '${Base}/8' } }] }) },
          }),
        );
        expect(idsOf(findings, 'NET3')).toHaveLength(1);
        expect(findingsOf(findings, 'NET3')[0].detail).toContain('/8');
      }
    });

    test('an entry that cannot be read is unresolved, naming the prefix list property', () => {
      const findings = checkTemplate(
        sg([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, SourcePrefixListId: { Ref: 'Pl' } }], {
          Resources: { Pl: list({ AddressFamily: 'IPv4', Entries: [{ Cidr: '10.0.0.0/8' }, { 'Fn::ImportValue': 'Entry' }] }) },
        }),
      );
      const f = one(findings, 'NET2');
      expect(f.id).toBe('Hardened-NET2[Unresolved::Properties.SecurityGroupIngress.0.SourcePrefixListId]');
      expect(subject(f.message)).toContain('prefix list (SourcePrefixListId)');
    });

    test('an entry whose Cidr cannot be known is unresolved at the prefix list property', () => {
      const findings = checkTemplate(
        sg([{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, SourcePrefixListId: { Ref: 'Pl' } }], {
          Resources: { Pl: list({ AddressFamily: 'IPv4', Entries: [{ Cidr: { 'Fn::ImportValue': 'Entry' } }, { Description: 'no cidr' }] }) },
        }),
      );
      expect(idsOf(findings, 'NET2')).toEqual(['Hardened-NET2[Unresolved::Properties.SecurityGroupIngress.0.SourcePrefixListId]']);
    });

    test('an egress entry that cannot be read is unresolved, naming DestinationPrefixListId', () => {
      const findings = checkTemplate(
        sg(undefined, { Resources: { Pl: list({ AddressFamily: 'IPv4', Entries: [{ 'Fn::ImportValue': 'Entry' }] }) } }, [
          { IpProtocol: '-1', DestinationPrefixListId: { Ref: 'Pl' } },
        ]),
      );
      const f = one(findings, 'NET4');
      expect(f.id).toBe('Hardened-NET4[Unresolved::Properties.SecurityGroupEgress.0.DestinationPrefixListId]');
      expect(subject(f.message)).toContain('prefix list (DestinationPrefixListId)');
    });
  });

  describe('NET4 default egress', () => {
    test('an egress list from a mapping that is empty keeps AWS\'s default rule', () => {
      const findings = checkTemplate(
        sg(undefined, { Mappings: { Egress: { Rules: { None: [], Some: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' }] } } } }, {
          'Fn::FindInMap': ['Egress', 'Rules', 'None'],
        }),
      );
      expect(idsOf(findings, 'NET4')).toEqual(['Hardened-NET4[Cidr::0.0.0.0/0]']);
    });

    test('an egress list from a mapping with narrow rules passes', () => {
      const findings = checkTemplate(
        sg(undefined, { Mappings: { Egress: { Rules: { Some: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '10.0.0.0/8' }] } } } }, {
          'Fn::FindInMap': ['Egress', 'Rules', 'Some'],
        }),
      );
      expect(idsOf(findings, 'NET4')).toEqual([]);
    });

    test('an egress list that is not a list is unresolved, naming the egress rules', () => {
      const findings = checkTemplate(sg(undefined, { Parameters: { Egress: { Type: 'String' } } }, { Ref: 'Egress' }));
      const fs = findingsOf(findings, 'NET4');
      expect(fs.map((f) => f.id)).toContain('Hardened-NET4[Unresolved::Properties.SecurityGroupEgress]');
    });
  });
});
