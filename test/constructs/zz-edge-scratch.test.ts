import { Template } from 'aws-cdk-lib/assertions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { HttpsLoadBalancer } from '../../src/constructs/https-load-balancer';
import { HardenedVpc } from '../../src/constructs/hardened-vpc';
import { newStack, checkStack } from '../checklist/helpers';
import { TrailRequirement } from '../../src/checklist/severity';
import { AwsSolutionsChecks } from 'cdk-nag';
test('x', () => {
  const stack = newStack();
  const vpc = new HardenedVpc(stack, 'Vpc', { allowPublicSubnets: true });
  const lb = new HttpsLoadBalancer(stack, 'Lb', {
    vpc, certificates: [elbv2.ListenerCertificate.fromArn('arn:aws:acm:us-east-1:123456789012:certificate/abc')],
    defaultAction: elbv2.ListenerAction.fixedResponse(404),
  });
  const t = Template.fromStack(stack).toJSON();
  for (const [k, v] of Object.entries<any>(t.Resources)) if (!k.startsWith('Vpc')) console.log(k, v.Type, JSON.stringify(v.Properties).slice(0, 600));
  console.log(checkStack(stack, { trail: TrailRequirement.OFF }).map(f => [f.id, f.acknowledged, f.message]));
  console.log(JSON.stringify(new AwsSolutionsChecks().validateScope(stack).violations, null, 1));
});
