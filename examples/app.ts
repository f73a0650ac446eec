// The example the README runs with `npm run example`: one app, two stacks.
// - Compliant: a Python function reading a database password from a SecureParameter
//   and objects of one bucket, in a locked-down VPC, with an audit trail.
// - Insecure: the same idea written with plain aws-cdk-lib constructs and the usual shortcuts.
// The checklist runs as an aspect at synth; the command line then checks the cdk.out.
import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  HardenedFunction,
  HardenedVpc,
  LockedDownSecurityGroup,
  SecureBucket,
  SecureParameter,
  SecureTrail,
  SecurityChecklist,
} from '../src';
import { main } from '../src/cli/main';

const env = { account: '123456789012', region: 'us-east-1' };
const handlerDir = path.join(__dirname, 'lambda');

/** Built from the hardened constructs: zero findings. */
export class CompliantStack extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env });
    new SecureTrail(this, 'Trail');

    const vpc = new HardenedVpc(this, 'Vpc', { maxAzs: 2 });
    const endpointGroup = new LockedDownSecurityGroup(this, 'SsmEndpointGroup', { vpc, description: 'SSM interface endpoint' });
    vpc.addInterfaceEndpoint('Ssm', { service: ec2.InterfaceVpcEndpointAwsService.SSM, securityGroups: [endpointGroup], open: false });

    const password = new SecureParameter(this, 'DbPassword', { parameterName: '/orders/db/password' });
    const reports = new SecureBucket(this, 'Reports');
    const fn = new HardenedFunction(this, 'Reader', {
      code: lambda.Code.fromAsset(handlerDir),
      handler: 'handler.handler',
      runtime: lambda.Runtime.PYTHON_3_14,
      tracing: lambda.Tracing.ACTIVE,
      vpc,
    });
    fn.readSecureParameter(password, 'DB_PASSWORD_PARAM');
    fn.readBucketObjects(reports);
    fn.addEnvironment('REPORTS_BUCKET', reports.bucketName);
    fn.connections.allowTo(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(443), 'HTTPS to the VPC endpoints');
    endpointGroup.allowHttpsFrom(fn.connections.securityGroups[0], 'Parameter Store for the reader function');

    // aws-cdk-lib chooses the runtime of its own provider for the VPC's default security
    // group; it is acknowledged with a reason and an expiry, so it is revisited.
    SecurityChecklist.acknowledge(this.node.findChild('Custom::VpcRestrictDefaultSGCustomResourceProvider'), 'LMB1', {
      reason: 'CDK-internal provider whose runtime aws-cdk-lib chooses; upgrading aws-cdk-lib moves it',
      expires: '2027-04-30',
    });
  }
}

/** Written with plain constructs and the usual shortcuts: the checklist fails it. */
export class InsecureStack extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id, { env });
    const vpc = new ec2.Vpc(this, 'Vpc', { restrictDefaultSecurityGroup: false });
    const ssh = new ec2.SecurityGroup(this, 'Ssh', { vpc });
    ssh.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22), 'SSH from anywhere');

    const reports = new s3.Bucket(this, 'Reports');
    const fn = new lambda.Function(this, 'Reader', {
      code: lambda.Code.fromAsset(handlerDir),
      handler: 'handler.handler',
      runtime: lambda.Runtime.PYTHON_3_8,
      environment: { REPORTS_BUCKET: reports.bucketName, DB_PASSWORD: 'correct-horse-battery-staple' },
    });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
  }
}

export function buildApp(outdir: string, reportFile?: string): App {
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  new CompliantStack(app, 'Compliant');
  new InsecureStack(app, 'Insecure');
  Aspects.of(app).add(new SecurityChecklist({ reportFile }));
  return app;
}

if (require.main === module) {
  const outdir = path.join(__dirname, 'cdk.out');
  const reportFile = path.join(__dirname, 'hardened-report.json');
  fs.rmSync(outdir, { recursive: true, force: true });
  const assembly = buildApp(outdir, reportFile).synth();

  // What `cdk synth` would print: the checklist's annotations per stack.
  const outcome: Record<string, number> = {};
  for (const stack of assembly.stacks) {
    const errors = stack.messages.filter((m) => m.level === 'error' && String(m.entry.data).includes('Hardened-'));
    outcome[stack.stackName] = errors.length;
    console.log(`\n${stack.stackName}: ${errors.length === 0 ? 'passes the checklist' : `${errors.length} checklist errors (cdk synth fails)`}`);
    for (const m of errors) console.log(`  [Error at ${m.id}] ${String(m.entry.data).split('. Fix:')[0]}`);
  }

  // The same cloud assembly through the command line, as a pipeline would gate it.
  console.log('\n$ cdk-hardened check examples/cdk.out');
  const code = main(['check', outdir]);
  console.log(`(exit code ${code}; the JSON report of the synth is in ${path.relative(process.cwd(), reportFile)})`);

  const asExpected = outcome.Compliant === 0 && outcome.Insecure > 0 && code === 1;
  console.log(asExpected ? '\nAs expected: the compliant stack passes and the insecure one fails.' : '\nUNEXPECTED OUTCOME');
  process.exitCode = asExpected ? 0 : 1;
}
