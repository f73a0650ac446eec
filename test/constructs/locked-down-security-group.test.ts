import { App, CfnParameter, Stack, Token, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { AwsSolutionsChecks } from 'cdk-nag';
import { isCdkInternal } from '../../src/checklist/rules/logging/cdk-internal';
import { TrailRequirement } from '../../src/checklist/severity';
import { HardenedVpc } from '../../src/constructs/hardened-vpc';
import { LockedDownSecurityGroup, LockedDownSecurityGroupProps } from '../../src/constructs/locked-down-security-group';
import { checkStack, findingsOf, newStack } from '../checklist/helpers';

function groupStack(props: Partial<LockedDownSecurityGroupProps> = {}, vpcProps = {}) {
  const stack = newStack();
  const vpc = new HardenedVpc(stack, 'Vpc', vpcProps);
  const sg = new LockedDownSecurityGroup(stack, 'Sg', { vpc, ...props });
  return { stack, vpc, sg };
}

/** The inline rules of the security group `Sg`. */
function sgProps(stack: Stack): any {
  const groups = Template.fromStack(stack).findResources('AWS::EC2::SecurityGroup');
  const entry = Object.entries(groups).find(([id]) => id.startsWith('Sg'));
  expect(entry).toBeDefined();
  return (entry![1] as any).Properties;
}

describe('LockedDownSecurityGroup: defaults', () => {
  test('has no egress by default: only the rule that matches no traffic, nothing to 0.0.0.0/0 or ::/0 (NET4)', () => {
    const { stack } = groupStack();
    const props = sgProps(stack);
    expect(props.SecurityGroupEgress).toEqual([
      { CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic', IpProtocol: 'icmp', FromPort: 252, ToPort: 86 },
    ]);
  });

  test('has no ingress by default', () => {
    const { stack } = groupStack();
    expect(sgProps(stack).SecurityGroupIngress).toBeUndefined();
  });

  test('is an ec2.SecurityGroup, usable wherever ISecurityGroup and IConnectable are', () => {
    const { sg } = groupStack();
    expect(sg).toBeInstanceOf(ec2.SecurityGroup);
    expect(sg.connections.securityGroups).toEqual([sg]);
    expect(sg.allowAllOutbound).toBe(false);
    expect(sg.allowAllIpv6Outbound).toBe(false);
  });

  test('has zero unacknowledged checklist findings with its defaults (on a HardenedVpc)', () => {
    const { stack } = groupStack();
    const findings = checkStack(stack, { trail: TrailRequirement.OFF }).filter((f) => !f.acknowledged);
    // CDK's own provider function (Custom::VpcRestrictDefaultSG) may carry warnings, never errors.
    const internal = findings.filter((f) => f.resource !== undefined && isCdkInternal(f.resource));
    expect(internal.filter((f) => f.severity !== 'warning')).toEqual([]);
    expect(findings.filter((f) => !internal.includes(f)).map((f) => f.id)).toEqual([]);
  });

  test('has zero cdk-nag AwsSolutions errors with its defaults', () => {
    const { stack } = groupStack();
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.filter((v) => v.severity === 'error').map((v) => v.ruleName)).toEqual([]);
  });
});

describe('LockedDownSecurityGroup: intent-named rules', () => {
  test('allowHttpsFrom opens TCP 443 only', () => {
    const { stack, sg } = groupStack();
    sg.allowHttpsFrom(ec2.Peer.ipv4('10.1.0.0/16'));
    expect(sgProps(stack).SecurityGroupIngress).toEqual([
      expect.objectContaining({ CidrIp: '10.1.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
    ]);
  });

  test('passes when HTTPS is open to the world (NET1 allows 443)', () => {
    const { stack, sg } = groupStack();
    sg.allowHttpsFrom(ec2.Peer.anyIpv4());
    sg.allowHttpsFrom(ec2.Peer.anyIpv6());
    const ingress = sgProps(stack).SecurityGroupIngress;
    expect(ingress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 }),
      expect.objectContaining({ CidrIpv6: '::/0', FromPort: 443, ToPort: 443 }),
    ]);
  });

  test('allowPortFrom allows a port from another group and adds the matching egress rule to it', () => {
    const { stack, vpc, sg: db } = groupStack();
    const app = new LockedDownSecurityGroup(stack, 'App', { vpc });
    db.allowPortFrom(app, ec2.Port.tcp(5432));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      GroupId: stack.resolve(db.securityGroupId),
      SourceSecurityGroupId: stack.resolve(app.securityGroupId),
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      IpProtocol: 'tcp',
      FromPort: 5432,
      ToPort: 5432,
      GroupId: stack.resolve(app.securityGroupId),
      DestinationSecurityGroupId: stack.resolve(db.securityGroupId),
    });
  });

  test('allowEgressTo adds egress to a prefix list on a port', () => {
    const { stack, sg } = groupStack();
    sg.allowEgressTo(ec2.Peer.prefixList('pl-63a5400a'), ec2.Port.tcp(443));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: stack.resolve(sg.securityGroupId),
      DestinationPrefixListId: 'pl-63a5400a',
      IpProtocol: 'tcp',
      FromPort: 443,
      ToPort: 443,
    });
  });

  test('allowHttpsEgressTo adds HTTPS egress to a CIDR and removes the match-nothing rule', () => {
    const { stack, sg } = groupStack();
    sg.allowHttpsEgressTo(ec2.Peer.ipv4('10.0.0.0/16'));
    expect(sgProps(stack).SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
    ]);
  });

  test('passes all traffic from a /16 (NET3 allows a CIDR no wider than a VPC)', () => {
    const { stack, sg } = groupStack();
    sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.allTraffic());
    expect(sgProps(stack).SecurityGroupIngress).toEqual([expect.objectContaining({ CidrIp: '10.0.0.0/16', IpProtocol: '-1' })]);
  });

  test('passes ICMP from anywhere (NET1 does not judge ICMP)', () => {
    const { stack, sg } = groupStack();
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.icmpPing());
    expect(sgProps(stack).SecurityGroupIngress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'icmp', FromPort: 8 })]);
  });
});

describe('LockedDownSecurityGroup: refusals', () => {
  test('fails when a security group is open to the world on 22 (NET2), naming the fix', () => {
    const { sg } = groupStack();
    expect(() => sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22))).toThrow(
      /security group TestStack\/Sg refuses ingress of tcp\/22 from 0\.0\.0\.0\/0: port 22 is a remote administration or database port.*\(Hardened-NET2\)\. Fix: allow the traffic from the security groups that need it.*Session Manager/,
    );
  });

  test('fails when a database port is opened to ::/0 through connections.allowFrom (NET2)', () => {
    const { sg } = groupStack();
    expect(() => sg.connections.allowFrom(ec2.Peer.anyIpv6(), ec2.Port.tcp(5432))).toThrow(/ingress of tcp\/5432 from ::\/0.*\(Hardened-NET2\)\. Fix: /);
  });

  test('fails when a port range that includes an admin port is open to the world (NET2)', () => {
    const { sg } = groupStack();
    expect(() => sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcpRange(3000, 4000))).toThrow(/port 3306 is a remote administration or database port.*\(Hardened-NET2\)/);
  });

  test('fails when a non-web port is open to the world (NET1)', () => {
    const { sg } = groupStack();
    expect(() => sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(8080))).toThrow(
      /ingress of tcp\/8080 from 0\.0\.0\.0\/0: only HTTPS \(443\) may be open to the world \(Hardened-NET1\)\. Fix: .*allowHttpsFrom\(peer\)/,
    );
  });

  test('fails when plain HTTP is open to the world without allowHttpForRedirect (NET1)', () => {
    const { sg } = groupStack();
    expect(() => sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80))).toThrow(
      /plain HTTP from the world is refused unless the security group is created with allowHttpForRedirect: true \(Hardened-NET1\)\. Fix: serve HTTPS only/,
    );
  });

  test('allowHttpFrom fails without allowHttpForRedirect (NET1)', () => {
    const { sg } = groupStack();
    expect(() => sg.allowHttpFrom(ec2.Peer.ipv4('10.0.0.0/16'))).toThrow(
      /refuses allowHttpFrom\(10\.0\.0\.0\/16\): plain HTTP is only allowed when the group is created with allowHttpForRedirect: true \(Hardened-NET1\)\. Fix: /,
    );
  });

  test('fails when all traffic is allowed from a CIDR wider than /16 (NET3)', () => {
    const { sg } = groupStack();
    expect(() => sg.addIngressRule(ec2.Peer.ipv4('10.0.0.0/8'), ec2.Port.allTraffic())).toThrow(
      /ingress of all traffic from 10\.0\.0\.0\/8: .*wider than \/16.*\(Hardened-NET3\)\. Fix: open only the ports your service listens on/,
    );
  });

  test('fails when every TCP port is open to the world (NET3)', () => {
    const { sg } = groupStack();
    expect(() => sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allTcp())).toThrow(/ingress of tcp\/0-65535 from 0\.0\.0\.0\/0.*\(Hardened-NET3\)/);
  });

  test('fails when all traffic to anywhere is added as egress (NET4), naming the opt-in', () => {
    const { sg } = groupStack();
    expect(() => sg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.allTraffic())).toThrow(
      /egress of all traffic to 0\.0\.0\.0\/0.*\(Hardened-NET4\)\. Fix: allow only the destinations the workload needs.*allowAllOutbound: true/,
    );
  });

  test('fails when all IPv6 traffic is added as egress through connections.allowTo (NET4)', () => {
    const { sg } = groupStack();
    expect(() => sg.connections.allowTo(ec2.Peer.anyIpv6(), ec2.Port.allTraffic())).toThrow(/egress of all traffic to ::\/0.*allowAllIpv6Outbound: true/);
  });

  test('fails when an internet-facing load balancer opens HTTP to the world without allowHttpForRedirect (NET1)', () => {
    const { stack, vpc, sg } = groupStack({}, { allowPublicSubnets: true });
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc, internetFacing: true, securityGroup: sg });
    expect(() =>
      lb.addListener('Http', { port: 80, open: true, defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443' }) }),
    ).toThrow(/ingress of tcp\/80 from 0\.0\.0\.0\/0.*\(Hardened-NET1\)/);
  });
});

describe('LockedDownSecurityGroup: opt-ins', () => {
  test('allowHttpForRedirect allows HTTP from the world and leaves an acknowledgeable Hardened-NET1 warning', () => {
    const { stack, sg } = groupStack({ allowHttpForRedirect: true });
    sg.allowHttpFrom(ec2.Peer.anyIpv4());
    expect(sgProps(stack).SecurityGroupIngress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 80, ToPort: 80 })]);
    Annotations.fromStack(stack).hasWarning('/TestStack/Sg', Match.stringLikeRegexp('allowHttpForRedirect is true.*redirects to HTTPS.*Hardened-NET1'));
  });

  test('allowAllOutbound allows all IPv4 egress and leaves a Hardened-NET4 warning', () => {
    const { stack } = groupStack({ allowAllOutbound: true });
    expect(sgProps(stack).SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: '-1' })]);
    Annotations.fromStack(stack).hasWarning('/TestStack/Sg', Match.stringLikeRegexp('allowAllOutbound is true: this security group allows all outbound traffic to 0.0.0.0/0'));
  });

  test('allowAllIpv6Outbound allows all IPv6 egress and leaves a Hardened-NET4 warning', () => {
    const { stack } = groupStack({ allowAllIpv6Outbound: true });
    expect(sgProps(stack).SecurityGroupEgress).toContainEqual(expect.objectContaining({ CidrIpv6: '::/0', IpProtocol: '-1' }));
    Annotations.fromStack(stack).hasWarning('/TestStack/Sg', Match.stringLikeRegexp('allowAllIpv6Outbound is true: .*::/0'));
  });

  test('the Hardened-NET4 warning is acknowledged with Validations.acknowledge', () => {
    const { stack, sg } = groupStack({ allowAllOutbound: true });
    Validations.of(sg).acknowledge({ id: 'Hardened-NET4', reason: 'the proxy fleet must reach arbitrary hosts' });
    Annotations.fromStack(stack).hasNoWarning('/TestStack/Sg', Match.stringLikeRegexp('allowAllOutbound is true'));
  });

  test('allowAllOutbound stays visible to the checklist: NET4 reports it as a warning', () => {
    const { stack } = groupStack({ allowAllOutbound: true });
    const net4 = findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'NET4');
    expect(net4.map((f) => [f.id, f.severity, f.acknowledged])).toEqual([['Hardened-NET4[Cidr::0.0.0.0/0]', 'warning', false]]);
  });

  test('the same Validations acknowledgement also acknowledges the checklist NET4 finding', () => {
    const { stack, sg } = groupStack({ allowAllOutbound: true });
    Validations.of(sg).acknowledge({ id: 'Hardened-NET4', reason: 'the proxy fleet must reach arbitrary hosts' });
    const net4 = findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'NET4');
    expect(net4.map((f) => [f.id, f.acknowledged])).toEqual([['Hardened-NET4[Cidr::0.0.0.0/0]', true]]);
  });

  test('leaves no warning when nothing is opted into', () => {
    const { stack } = groupStack();
    Annotations.fromStack(stack).hasNoWarning('/TestStack/Sg', Match.anyValue());
  });
});

describe('LockedDownSecurityGroup: tokens are left to the checklist', () => {
  test('accepts a peer whose CIDR is a token (the checklist judges the template)', () => {
    const { stack, sg } = groupStack();
    const cidr = new CfnParameter(stack, 'AdminCidr', { type: 'String' });
    sg.addIngressRule(ec2.Peer.ipv4(cidr.valueAsString), ec2.Port.tcp(22));
    expect(sgProps(stack).SecurityGroupIngress).toEqual([expect.objectContaining({ CidrIp: { Ref: 'AdminCidr' }, FromPort: 22 })]);
  });

  test('accepts a port that is a token (the checklist judges the template)', () => {
    const { stack, sg } = groupStack();
    const port = new CfnParameter(stack, 'Port', { type: 'Number' });
    sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(Token.asNumber(port.valueAsNumber)));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      CidrIp: '0.0.0.0/0',
      FromPort: { Ref: 'Port' },
      ToPort: { Ref: 'Port' },
    });
  });
});

describe('egress to another security group', () => {
  test('keeps the no-traffic rule inline, so AWS adds no allow-all egress (NET4)', () => {
    const app = new App();
    const stack = new Stack(app, 'Egress', { env: { account: '123456789012', region: 'us-east-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
    const sg = new LockedDownSecurityGroup(stack, 'Sg', { vpc });
    const other = new LockedDownSecurityGroup(stack, 'Other', { vpc });
    sg.connections.allowTo(other, ec2.Port.tcp(5432), 'database');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 });
    const groups = template.findResources('AWS::EC2::SecurityGroup');
    const own = Object.entries<any>(groups).find(([id]) => id.startsWith('Sg'))![1];
    expect(own.Properties.SecurityGroupEgress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', IpProtocol: 'icmp' })]);
    expect(checkStack(stack, { trail: TrailRequirement.OFF }).filter((f) => f.ruleId === 'NET4' && f.logicalId?.startsWith('Sg'))).toEqual([]);
  });
});
