import { rawBranches } from './security-group-rules';
import { collectReferences } from '../../model';
import { Rule } from '../../rule';
import { Severity } from '../../severity';

/** NET7: a VPC without a flow log. */
export const NET7: Rule = {
  id: 'NET7',
  family: 'network',
  severity: Severity.WARNING,
  title: 'VPCs have flow logs',
  explanation:
    'Flow logs record the traffic accepted and rejected in a VPC: without them there is no record of who talked to what during an incident, and no way to ' +
    'spot scanning or exfiltration. A VPC passes when an `AWS::EC2::FlowLog` without a `Condition` has a `ResourceId` that references it (`Ref` or ' +
    '`Fn::GetAtt`); flow logs on subnets or network interfaces only do not count.',
  fix:
    'In CDK, `vpc.addFlowLog("FlowLog")` or the `flowLogs` prop of `ec2.Vpc` (to CloudWatch Logs with a retention, or to S3); in CloudFormation, add an ' +
    '`AWS::EC2::FlowLog` with `ResourceType: VPC`, `ResourceId: !Ref Vpc` and `TrafficType: ALL` (or at least `REJECT`).',
  controls: ['EC2.6', 'CIS 3.7'],
  resourceTypes: ['AWS::EC2::VPC'],
  check(resource, ctx) {
    const logged = ctx.template
      .referencing('AWS::EC2::FlowLog', resource.logicalId)
      // An unconditional flow log whose every `Fn::If` branch names this VPC.
      .some((fl) => fl.definition.Condition === undefined && rawBranches(fl.prop('ResourceId')).every((b) => collectReferences(b).has(resource.logicalId)));
    if (!logged) {
      ctx.report({ message: `${resource.displayName} has no flow log (no AWS::EC2::FlowLog whose ResourceId is this VPC)` });
    }
  },
};
