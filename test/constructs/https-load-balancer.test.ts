import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { isCdkInternal } from '../../src/checklist/rules/logging/cdk-internal';
import { TrailRequirement } from '../../src/checklist/severity';
import { HardenedVpc } from '../../src/constructs/hardened-vpc';
import { HttpsLoadBalancer, HttpsLoadBalancerProps } from '../../src/constructs/https-load-balancer';
import { SecureBucket } from '../../src/constructs/secure-bucket';
import { checkStack, findingsOf, newStack } from '../checklist/helpers';

const CERT = elbv2.ListenerCertificate.fromArn('arn:aws:acm:us-east-1:123456789012:certificate/abc');

function lbStack(props: Partial<HttpsLoadBalancerProps> = {}): { stack: Stack; lb: HttpsLoadBalancer; vpc: HardenedVpc } {
  const stack = newStack();
  const vpc = new HardenedVpc(stack, 'Vpc', { allowPublicSubnets: true });
  const lb = new HttpsLoadBalancer(stack, 'Lb', {
    vpc,
    certificates: [CERT],
    defaultAction: elbv2.ListenerAction.fixedResponse(404),
    ...props,
  });
  return { stack, lb, vpc };
}

/** The value of a load balancer attribute. */
function attribute(stack: Stack, key: string): unknown {
  const lbs = Object.values(Template.fromStack(stack).findResources('AWS::ElasticLoadBalancingV2::LoadBalancer')) as any[];
  expect(lbs).toHaveLength(1);
  return lbs[0].Properties.LoadBalancerAttributes.find((a: any) => a.Key === key)?.Value;
}

function ingressOf(stack: Stack, lb: HttpsLoadBalancer): any[] {
  const id = stack.getLogicalId(lb.securityGroup.node.defaultChild as ec2.CfnSecurityGroup);
  return Template.fromStack(stack).toJSON().Resources[id].Properties.SecurityGroupIngress ?? [];
}

describe('HttpsLoadBalancer: listeners (TLS4)', () => {
  test('listens on 443 with HTTPS and the TLS 1.2+ policy ELBSecurityPolicy-TLS13-1-2-2021-06', () => {
    const { stack } = lbStack();
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }],
    });
  });

  test('port 80 only redirects to HTTPS (301)', () => {
    const { stack } = lbStack();
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
  });

  test('with redirectHttp: false nothing listens on port 80 and the security group does not open it', () => {
    const { stack, lb } = lbStack({ redirectHttp: false });
    Template.fromStack(stack).resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    expect(ingressOf(stack, lb).map((r) => r.FromPort)).toEqual([443]);
  });

  test('accepts a TLS 1.3-only policy', () => {
    const { stack } = lbStack({ sslPolicy: elbv2.SslPolicy.TLS13_13 });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' });
  });

  test('fails with a security policy that accepts TLS 1.0 (SslPolicy.RECOMMENDED), naming the prop, the value, the rule and the fix', () => {
    expect(() => lbStack({ sslPolicy: elbv2.SslPolicy.RECOMMENDED })).toThrow(
      /load balancer TestStack\/Lb refuses sslPolicy: ELBSecurityPolicy-2016-08: it accepts TLS older than 1\.2.*\(Hardened-TLS4\)\. Fix: remove sslPolicy \(the default is SslPolicy\.RECOMMENDED_TLS/,
    );
  });

  test('fails with a TLS 1.1 policy', () => {
    expect(() => lbStack({ sslPolicy: elbv2.SslPolicy.TLS13_11 })).toThrow(/refuses sslPolicy: ELBSecurityPolicy-TLS13-1-1-2021-06/);
  });

  test('fails without a certificate', () => {
    expect(() => lbStack({ certificates: [] })).toThrow(/refuses certificates: \[\]: an HTTPS listener needs a certificate \(Hardened-TLS4\)\. Fix: /);
  });

  test('passes TLS4 on both listeners', () => {
    const { stack } = lbStack();
    expect(findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'TLS4')).toEqual([]);
  });
});

describe('HttpsLoadBalancer: load balancer settings', () => {
  test('drops invalid header fields', () => {
    const { stack } = lbStack();
    expect(attribute(stack, 'routing.http.drop_invalid_header_fields.enabled')).toBe('true');
  });

  test('has deletion protection on', () => {
    const { stack } = lbStack();
    expect(attribute(stack, 'deletion_protection.enabled')).toBe('true');
  });

  test('is internet-facing by default, internal when asked', () => {
    const { stack } = lbStack({ internetFacing: false });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
  });
});

describe('HttpsLoadBalancer: access logs (LOG8)', () => {
  test('sends access logs to its own bucket', () => {
    const { stack, lb } = lbStack();
    expect(attribute(stack, 'access_logs.s3.enabled')).toBe('true');
    expect(attribute(stack, 'access_logs.s3.bucket')).toEqual(stack.resolve(lb.accessLogsBucket.bucketName));
  });

  test('the log bucket is a SecureBucket with S3-managed keys, which Elastic Load Balancing requires', () => {
    const { stack, lb } = lbStack();
    expect(lb.accessLogsBucket).toBeInstanceOf(SecureBucket);
    const id = stack.getLogicalId(lb.accessLogsBucket.node.defaultChild as s3.CfnBucket);
    expect(Template.fromStack(stack).toJSON().Resources[id].Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  test('lets the Elastic Load Balancing account of the region write the logs', () => {
    const { stack, lb } = lbStack();
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::S3::BucketPolicy')) as any[];
    const bucketId = stack.getLogicalId(lb.accessLogsBucket.node.defaultChild as s3.CfnBucket);
    const policy = policies.find((p) => p.Properties.Bucket.Ref === bucketId);
    expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: 's3:PutObject',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::127311923021:root']] } },
      }),
    );
  });

  test('uses the given bucket and prefix', () => {
    const stack = newStack();
    const vpc = new HardenedVpc(stack, 'Vpc', { allowPublicSubnets: true });
    const bucket = new SecureBucket(stack, 'Logs');
    new HttpsLoadBalancer(stack, 'Lb', { vpc, certificates: [CERT], accessLogsBucket: bucket, accessLogsPrefix: 'web', defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.bucket', Value: stack.resolve(bucket.bucketName) }, { Key: 'access_logs.s3.prefix', Value: 'web' }]),
    });
  });

  test('fails with a log bucket encrypted with a KMS key', () => {
    const stack = newStack();
    const vpc = new HardenedVpc(stack, 'Vpc', { allowPublicSubnets: true });
    const bucket = new s3.Bucket(stack, 'Logs', { encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) });
    expect(() => new HttpsLoadBalancer(stack, 'Lb', { vpc, certificates: [CERT], accessLogsBucket: bucket })).toThrow(
      /refuses accessLogsBucket TestStack\/Logs: it is encrypted with a KMS key.*\(Hardened-LOG8\)\. Fix: pass a bucket with encryption: s3\.BucketEncryption\.S3_MANAGED/,
    );
  });

  test('fails in an environment-agnostic stack (log delivery is granted per region)', () => {
    const stack = new Stack(new App(), 'Agnostic');
    const vpc = new HardenedVpc(stack, 'Vpc', { allowPublicSubnets: true });
    expect(() => new HttpsLoadBalancer(stack, 'Lb', { vpc, certificates: [CERT] })).toThrow(
      /needs the stack's region to grant Elastic Load Balancing log delivery.*\(Hardened-LOG8\).*Fix: give the stack an env with a region/,
    );
  });
});

describe('HttpsLoadBalancer: security group (NET1)', () => {
  test('when internet-facing, allows only 443 and 80 from anywhere', () => {
    const { stack, lb } = lbStack();
    expect(ingressOf(stack, lb).map((r) => [r.CidrIp, r.IpProtocol, r.FromPort, r.ToPort]).sort()).toEqual([
      ['0.0.0.0/0', 'tcp', 443, 443],
      ['0.0.0.0/0', 'tcp', 80, 80],
    ]);
  });

  test('when internal, allows nothing until allowFrom, which opens 443 and 80 to the peer', () => {
    const { stack, lb } = lbStack({ internetFacing: false });
    lb.allowFrom(ec2.Peer.ipv4('10.0.0.0/16'));
    expect(ingressOf(stack, lb).map((r) => [r.CidrIp, r.FromPort]).sort()).toEqual([
      ['10.0.0.0/16', 443],
      ['10.0.0.0/16', 80],
    ]);
  });

  test('its security group has no egress until targets are opened to it (connections.allowTo)', () => {
    const { stack, lb, vpc } = lbStack();
    const targetSg = new ec2.SecurityGroup(stack, 'TargetSg', { vpc, allowAllOutbound: false });
    lb.connections.allowTo(targetSg, ec2.Port.tcp(8443));
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupEgress', {
      GroupId: stack.resolve(lb.securityGroup.securityGroupId),
      FromPort: 8443,
      DestinationSecurityGroupId: stack.resolve(targetSg.securityGroupId),
    });
    const groupId = stack.getLogicalId(lb.securityGroup.node.defaultChild as ec2.CfnSecurityGroup);
    const egress = Template.fromStack(stack).toJSON().Resources[groupId].Properties.SecurityGroupEgress;
    expect(egress).toEqual([expect.objectContaining({ CidrIp: '255.255.255.255/32', Description: 'Disallow all traffic' })]);
  });

  test('the HTTP-for-redirect warning of its security group is acknowledged (port 80 only redirects)', () => {
    const { stack } = lbStack();
    expect(Annotations.fromStack(stack).findWarning('/TestStack/Lb/SecurityGroup', Match.stringLikeRegexp('Hardened-NET1'))).toEqual([]);
  });
});

describe('HttpsLoadBalancer: AWS WAF (API2)', () => {
  test('when internet-facing, creates a REGIONAL web ACL and associates it with the load balancer', () => {
    const { stack, lb } = lbStack();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: stack.resolve(lb.loadBalancer.loadBalancerArn),
      WebACLArn: stack.resolve(lb.webAcl!.webAclArn),
    });
  });

  test('when internal, creates no web ACL', () => {
    const { stack } = lbStack({ internetFacing: false });
    Template.fromStack(stack).resourceCountIs('AWS::WAFv2::WebACL', 0);
  });

  test('associates the web ACL named by webAclArn instead of creating one', () => {
    const arn = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shared/1234';
    const { stack } = lbStack({ webAclArn: arn });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { WebACLArn: arn });
  });

  test('fails when webAclArn names a CLOUDFRONT (global) web ACL', () => {
    expect(() => lbStack({ webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/1234' })).toThrow(
      /refuses webAclArn: .*: it is a CLOUDFRONT \(global\) web ACL, which cannot be associated with a load balancer \(Hardened-API2\)\. Fix: /,
    );
  });

  test('withoutWebAcl: no web ACL, API2 acknowledged with the reason, and a Hardened-API2 warning', () => {
    const { stack } = lbStack({ withoutWebAcl: { reason: 'only reached through CloudFront, which has a web ACL' } });
    Template.fromStack(stack).resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    const api2 = findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'API2');
    expect(api2.map((f) => [f.id, f.acknowledged, f.acknowledgement?.reason])).toEqual([['Hardened-API2', true, 'only reached through CloudFront, which has a web ACL']]);
    Annotations.fromStack(stack).hasWarning('/TestStack/Lb', Match.stringLikeRegexp('without an AWS WAF web ACL.*Hardened-API2'));
  });
});

describe('HttpsLoadBalancer: guarantees', () => {
  test('has zero unacknowledged checklist findings with its defaults (on a HardenedVpc)', () => {
    const { stack } = lbStack();
    const findings = checkStack(stack, { trail: TrailRequirement.OFF }).filter((f) => !f.acknowledged);
    // CDK's own provider function (Custom::VpcRestrictDefaultSG of the HardenedVpc) may carry warnings, never errors.
    const internal = findings.filter((f) => f.resource !== undefined && isCdkInternal(f.resource));
    expect(internal.filter((f) => f.severity !== 'warning')).toEqual([]);
    expect(findings.filter((f) => !internal.includes(f)).map((f) => f.id)).toEqual([]);
  });

  test('has zero cdk-nag AwsSolutions errors with its defaults (EC23 acknowledged on its public security group)', () => {
    const { stack, lb } = lbStack();
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.filter((v) => v.severity === 'error').map((v) => v.ruleName)).toEqual([]);
    const acks = (lb.securityGroup.node.defaultChild as ec2.CfnSecurityGroup).node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules');
    expect(acks.flatMap((m) => Object.keys(m.data))).toContain('AwsSolutions-EC23');
  });
});
