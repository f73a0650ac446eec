import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HardenedVpc, LockedDownSecurityGroup, SecureBucket } from '../../src';
import { TrailRequirement } from '../../src/checklist/severity';
import { checkStack, newStack } from '../checklist/helpers';

test.each([['plain', {}, false], ['prefix-list egress', {}, true], ['disableInlineRules', { disableInlineRules: true }, false], ['allowAllOutbound', { allowAllOutbound: true }, false]])('scratch %s', (_n, props, pl) => {
  const stack = newStack();
  const vpc = new HardenedVpc(stack, 'Vpc');
  const sg = new LockedDownSecurityGroup(stack, 'Sg', { vpc, ...props });
  if (pl) sg.allowEgressTo(ec2.Peer.prefixList('pl-63a5400a'), ec2.Port.tcp(443));
  new SecureBucket(stack, 'Bucket');
  new HardenedVpc(stack, 'Vpc2', { flowLogDestinationType: ec2.FlowLogDestinationType.S3 });
  const t = Template.fromStack(stack).toJSON();
  console.log(_n, JSON.stringify(Object.entries(t.Resources).filter(([k]) => k.startsWith('Sg')).map(([k, v]: any) => [k, v.Properties.SecurityGroupEgress])));
  const f = checkStack(stack, { trail: TrailRequirement.OFF });
  console.log(_n, JSON.stringify(f.map((x) => [x.id, x.severity, x.logicalId, x.acknowledged]), null, 0));
  const r = new AwsSolutionsChecks().validateScope(stack);
  console.log(_n, JSON.stringify(r.violations.map((v) => [v.ruleName, v.severity, v.violatingResources.map((x) => x.constructPath)])));
});
