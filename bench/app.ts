// A generated CDK app with a realistic mix of resources, for the benchmark.
import { App, Aspects, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';

/** The aws-cdk-lib modules this app imports (the import measurement preloads them, as the app has). */
export const APP_MODULES = ['aws-cloudtrail', 'aws-ec2', 'aws-elasticloadbalancingv2', 'aws-iam', 'aws-lambda', 'aws-logs', 'aws-s3'];

/** Resources one unit of the mix creates (function, role, policy, log group, bucket, bucket policy, security group, ingress, load balancer, listener). */
export const RESOURCES_PER_UNIT = 10;
/** Units per stack: stacks stay under CloudFormation's 500-resource limit. */
export const UNITS_PER_STACK = 40;

export type Mode = 'bare' | 'aspect' | 'plugin' | 'nag' | 'hardened-nag';

/**
 * Builds an app of about `resources` resources, `unitsPerStack` units to a stack. More
 * than 40 units (400 resources) to a stack lifts CDK's 500-resource limit: such a stack
 * cannot be deployed, but it shows how a checker's cost grows with the size of one scope.
 */
export function buildApp(resources: number, outdir: string, mode: Mode, unitsPerStack = UNITS_PER_STACK): App {
  const context: Record<string, unknown> = { 'aws:cdk:enable-path-metadata': true };
  if (unitsPerStack * RESOURCES_PER_UNIT > 500) context['@aws-cdk/core:stackResourceLimit'] = 0;
  const app = new App({ outdir, context });
  const units = Math.ceil(resources / RESOURCES_PER_UNIT);
  let stack: Stack | undefined;
  for (let u = 0; u < units; u++) {
    if (u % unitsPerStack === 0) {
      stack = new Stack(app, `Bench${u / unitsPerStack}`, { env: { account: '123456789012', region: 'us-east-1' } });
      if (u === 0) {
        // One trail for the app (LOG1).
        new cloudtrail.CfnTrail(stack, 'Trail', { isLogging: true, s3BucketName: 'bench-trail-bucket', isMultiRegionTrail: true });
      }
    }
    addUnit(stack!, `U${u}`);
  }
  if (mode !== 'bare') {
    // Only the front doors are loaded, not the constructs of the library.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SecurityChecklist } = require('../src/checklist/security-checklist');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SecurityChecklistPlugin } = require('../src/checklist/plugin');
    if (mode === 'aspect') Aspects.of(app).add(new SecurityChecklist({ failOn: 'none' }));
    if (mode === 'plugin') Validations.of(app).addPlugins(new SecurityChecklistPlugin({ failOn: 'none' }));
    if (mode === 'nag') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const nag = require('cdk-nag');
      Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app));
    }
    if (mode === 'hardened-nag') {
      // Our rules as a cdk-nag 3 pack (the third front door).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { HardenedChecks } = require('../src/nag/hardened-checks');
      Validations.of(app).addPlugins(new HardenedChecks(app, { failOn: 'none' }));
    }
  }
  return app;
}

function addUnit(stack: Stack, id: string) {
  const logGroup = new logs.LogGroup(stack, `${id}Logs`, { retention: logs.RetentionDays.ONE_YEAR });
  const fn = new lambda.Function(stack, `${id}Fn`, {
    runtime: lambda.Runtime.PYTHON_3_12,
    handler: 'index.handler',
    code: lambda.Code.fromInline('def handler(event, context):\n    return None\n'),
    timeout: Duration.seconds(10),
    logGroup,
  });
  const bucket = new s3.Bucket(stack, `${id}Bucket`, { enforceSSL: true, minimumTLSVersion: 1.2 });
  bucket.grantRead(fn);
  fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [`arn:aws:dynamodb:us-east-1:123456789012:table/${id}`] }));
  const sg = new ec2.CfnSecurityGroup(stack, `${id}Sg`, {
    groupDescription: 'bench',
    securityGroupEgress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '10.0.0.0/8' }],
  });
  new ec2.CfnSecurityGroupIngress(stack, `${id}Ingress`, { groupId: sg.attrGroupId, ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' });
  const lb = new elbv2.CfnLoadBalancer(stack, `${id}Lb`, { type: 'application', scheme: 'internal', subnets: ['subnet-1', 'subnet-2'], securityGroups: [sg.attrGroupId] });
  new elbv2.CfnListener(stack, `${id}Listener`, {
    loadBalancerArn: lb.ref,
    port: 443,
    protocol: 'HTTPS',
    sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    certificates: [{ certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }],
    defaultActions: [{ type: 'fixed-response', fixedResponseConfig: { statusCode: '404' } }],
  });
}
