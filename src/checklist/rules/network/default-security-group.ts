import { rawBranches } from './security-group-rules';
import { Rule } from '../../rule';
import { Severity } from '../../severity';
import { isObject } from '../../values';

/** True when a raw value is `Fn::GetAtt <vpc>.DefaultSecurityGroup`. */
function isDefaultSecurityGroupOf(raw: unknown, vpcId: string): boolean {
  if (!isObject(raw)) return false;
  const att = raw['Fn::GetAtt'];
  const [id, name] = Array.isArray(att) ? att : typeof att === 'string' ? att.split('.') : [];
  return id === vpcId && name === 'DefaultSecurityGroup';
}

/** NET5: a VPC's default security group is not restricted. */
export const NET5: Rule = {
  id: 'NET5',
  family: 'network',
  severity: Severity.ERROR,
  title: 'VPC default security groups allow no traffic',
  explanation:
    'Every VPC comes with a default security group that allows all traffic between its members and all outbound traffic. Anything launched without an ' +
    'explicit security group lands in it, silently connected to everything else there. CloudFormation cannot change that group; CDK\'s ' +
    '`restrictDefaultSecurityGroup` (a `Custom::VpcRestrictDefaultSG` resource given the VPC\'s `DefaultSecurityGroup`) removes its rules. The finding ' +
    'lands on the VPC: without detail when nothing restricts the default group, and with `DefaultSecurityGroupRule::<logical ID>` for each ' +
    '`AWS::EC2::SecurityGroupIngress`/`Egress` that adds a rule to it (which reopens it).',
  fix:
    'In CDK, keep `restrictDefaultSecurityGroup: true` on `ec2.Vpc` (the default when the `@aws-cdk/aws-ec2:restrictDefaultSecurityGroup` feature flag is ' +
    'set, as in new projects). In CloudFormation, add a custom resource that revokes the default group\'s rules (what CDK\'s `Custom::VpcRestrictDefaultSG` does) ' +
    'and never attach rules or resources to the default group; give every resource its own security group.',
  controls: ['EC2.2', 'CIS 5.4'],
  resourceTypes: ['AWS::EC2::VPC'],
  check(resource, ctx) {
    const vpcId = resource.logicalId;
    const restricted = ctx.template
      .referencing('Custom::VpcRestrictDefaultSG', vpcId)
      // An unconditional resource, and every `Fn::If` branch must name this VPC's default group.
      .some((cr) => cr.definition.Condition === undefined && rawBranches(cr.prop('DefaultSecurityGroupId')).every((b) => isDefaultSecurityGroupOf(b, vpcId)));
    if (!restricted) {
      ctx.report({
        message:
          `${resource.displayName} does not restrict its default security group, which keeps allowing all traffic between its members and all outbound ` +
          'traffic (no Custom::VpcRestrictDefaultSG, what restrictDefaultSecurityGroup creates)',
      });
    }
    for (const type of ['AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress']) {
      for (const rule of ctx.template.referencing(type, vpcId)) {
        if (!rawBranches(rule.prop('GroupId')).some((b) => isDefaultSecurityGroupOf(b, vpcId))) continue;
        ctx.report({
          detail: `DefaultSecurityGroupRule::${rule.logicalId}`,
          message: `${rule.displayName} adds ${type === 'AWS::EC2::SecurityGroupIngress' ? 'an ingress' : 'an egress'} rule to the default security group of ${resource.displayName}`,
        });
      }
    }
  },
};
