import { CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { TEMPLATE_METADATA_KEY } from './acknowledge-model';
import { REMEDIATION_METADATA_TYPE, templatesFromConstruct } from './cdk-source';
import { runChecklist } from './engine';


/**
 * Properties of `ChecklistRemediation`.
 */
export interface ChecklistRemediationProps {
  /**
   * Retention, in days, given to log groups that have none (LOG6). Must be a value
   * CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
   * 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653).
   * @default 365
   */
  readonly logRetentionDays?: number;

  /**
   * The load balancer security policy given to HTTPS/TLS listeners whose policy allows TLS below 1.2 (TLS4).
   * @default 'ELBSecurityPolicy-TLS13-1-2-2021-06'
   */
  readonly loadBalancerSslPolicy?: string;

  /**
   * The CloudFront minimum viewer protocol version (TLS5).
   * @default 'TLSv1.2_2021'
   */
  readonly cloudFrontMinimumProtocolVersion?: string;
}

const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** The rules remediation can fix (where the finding is not about an unknown value). */
const FIXABLE = ['TLS1', 'TLS2', 'LOG6', 'NET8', 'NET5', 'TLS4', 'TLS5', 'TLS3', 'LOG3'];

/**
 * Fixes, in a legacy CDK app or a template brought in with `CfnInclude`, what the
 * checklist can fix without changing behaviour a user relies on, and records every
 * fix (in the construct tree, in the template metadata, and in the JSON report).
 *
 * It fixes: S3 buckets without TLS deny statements (TLS1, TLS2), log groups without
 * retention (LOG6), launch templates without IMDSv2 (NET8), VPCs whose default
 * security group is open (NET5), load balancer listeners with a TLS policy below
 * 1.2 (TLS4), CloudFront distributions with a custom certificate and an old minimum
 * protocol version (TLS5), API Gateway custom domains allowing TLS 1.0 (TLS3), and
 * trails without log file validation (LOG3).
 *
 * It never widens anything, never deletes a resource, and leaves alone what it cannot
 * fix safely: least-privilege policies, secrets, open security group rules, values
 * unknown at synth time. Those stay findings.
 *
 * Add it as a mutating aspect, before the checklist:
 *
 * @example
 * Aspects.of(app).add(new ChecklistRemediation(), { priority: AspectPriority.MUTATING });
 * Aspects.of(app).add(new SecurityChecklist());
 */
export class ChecklistRemediation implements IAspect {
  private readonly props: Required<ChecklistRemediationProps>;
  private done = false;

  constructor(props: ChecklistRemediationProps = {}) {
    const days = props.logRetentionDays ?? 365;
    if (!RETENTION_DAYS.includes(days)) {
      throw new Error(`logRetentionDays must be one of ${RETENTION_DAYS.join(', ')} (what CloudWatch Logs accepts), got ${days}`);
    }
    this.props = {
      logRetentionDays: days,
      loadBalancerSslPolicy: props.loadBalancerSslPolicy ?? 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      cloudFrontMinimumProtocolVersion: props.cloudFrontMinimumProtocolVersion ?? 'TLSv1.2_2021',
    };
  }

  public visit(node: IConstruct): void {
    // Runs once, on the scope the aspect was added to (the first node visited).
    if (this.done) return;
    this.done = true;
    const result = runChecklist(templatesFromConstruct(node), { only: FIXABLE });
    const fixed = new Set<string>();
    for (const f of result.findings) {
      const construct = f.resource?.construct;
      if (!construct || !CfnResource.isCfnResource(construct)) continue;
      if (f.detail?.startsWith('Unresolved::')) continue;
      const key = `${construct.node.path}|${f.ruleId}`;
      if (fixed.has(key)) continue;
      fixed.add(key);
      const change = this.fix(f.ruleId, construct);
      if (change) record(construct, f.ruleId, change);
    }
  }

  private fix(ruleId: string, r: CfnResource): string | undefined {
    const props = renderedProperties(r);
    switch (ruleId) {
      case 'TLS1':
      case 'TLS2':
        return r.cfnResourceType === 'AWS::S3::Bucket' ? this.fixBucket(r, ruleId) : undefined;
      case 'LOG6':
        if (r.cfnResourceType !== 'AWS::Logs::LogGroup' || props.RetentionInDays !== undefined) return undefined;
        r.addPropertyOverride('RetentionInDays', this.props.logRetentionDays);
        return `set RetentionInDays to ${this.props.logRetentionDays}`;
      case 'NET8':
        if (r.cfnResourceType !== 'AWS::EC2::LaunchTemplate') return undefined;
        r.addPropertyOverride('LaunchTemplateData.MetadataOptions.HttpTokens', 'required');
        return 'required IMDSv2 (LaunchTemplateData.MetadataOptions.HttpTokens: required)';
      case 'NET5':
        return r.cfnResourceType === 'AWS::EC2::VPC' ? restrictDefaultSecurityGroup(r) : undefined;
      case 'TLS4': {
        if (r.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::Listener') return undefined;
        const protocol = String(props.Protocol ?? '').toUpperCase();
        if (protocol !== 'HTTPS' && protocol !== 'TLS') return undefined;
        if (props.SslPolicy !== undefined && typeof props.SslPolicy !== 'string') return undefined;
        r.addPropertyOverride('SslPolicy', this.props.loadBalancerSslPolicy);
        return `set SslPolicy to ${this.props.loadBalancerSslPolicy} (was ${props.SslPolicy ?? 'the default'})`;
      }
      case 'TLS5': {
        if (r.cfnResourceType !== 'AWS::CloudFront::Distribution') return undefined;
        const cert = props.DistributionConfig?.ViewerCertificate;
        // Only a custom certificate can carry a modern minimum protocol version.
        if (!cert || (!cert.AcmCertificateArn && !cert.IamCertificateId)) return undefined;
        const current = cert.MinimumProtocolVersion;
        if (current !== undefined && (typeof current !== 'string' || !/^(SSLv3|TLSv1(_2016)?|TLSv1\.1_2016)$/.test(current))) return undefined;
        r.addPropertyOverride('DistributionConfig.ViewerCertificate.MinimumProtocolVersion', this.props.cloudFrontMinimumProtocolVersion);
        return `set the viewer MinimumProtocolVersion to ${this.props.cloudFrontMinimumProtocolVersion} (was ${current ?? 'the default'})`;
      }
      case 'TLS3': {
        if (r.cfnResourceType === 'AWS::ApiGateway::DomainName') {
          if (props.SecurityPolicy !== undefined && props.SecurityPolicy !== 'TLS_1_0') return undefined;
          r.addPropertyOverride('SecurityPolicy', 'TLS_1_2');
          return `set SecurityPolicy to TLS_1_2 (was ${props.SecurityPolicy ?? 'the default'})`;
        }
        if (r.cfnResourceType === 'AWS::ApiGatewayV2::DomainName' && Array.isArray(props.DomainNameConfigurations)) {
          let changed = false;
          props.DomainNameConfigurations.forEach((c: any, i: number) => {
            if (c && (c.SecurityPolicy === undefined || c.SecurityPolicy === 'TLS_1_0')) {
              r.addPropertyOverride(`DomainNameConfigurations.${i}.SecurityPolicy`, 'TLS_1_2');
              changed = true;
            }
          });
          return changed ? 'set the domain configurations\' SecurityPolicy to TLS_1_2' : undefined;
        }
        return undefined;
      }
      case 'LOG3':
        if (r.cfnResourceType !== 'AWS::CloudTrail::Trail') return undefined;
        r.addPropertyOverride('EnableLogFileValidation', true);
        return 'turned on log file validation (EnableLogFileValidation: true)';
      default:
        return undefined;
    }
  }

  private fixBucket(r: CfnResource, ruleId: string): string {
    const secureTransport = {
      Sid: 'HardenedDenyInsecureTransport',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    };
    const tlsVersion = {
      Sid: 'HardenedDenyOutdatedTLS',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
    };
    const statement = ruleId === 'TLS1' ? secureTransport : tlsVersion;
    const parent = r.node.scope;
    if (parent instanceof s3.Bucket) {
      parent.addToResourcePolicy(
        iam.PolicyStatement.fromJson({ ...statement, Resource: [parent.bucketArn, parent.arnForObjects('*')] }),
      );
      return `added a bucket policy statement denying ${ruleId === 'TLS1' ? 'requests without TLS (aws:SecureTransport false)' : 'TLS below 1.2 (s3:TlsVersion < 1.2)'}`;
    }
    const stack = Stack.of(r);
    const bucketArn = { 'Fn::GetAtt': [stack.resolve(r.logicalId), 'Arn'] };
    const full = { ...statement, Resource: [bucketArn, { 'Fn::Join': ['', [bucketArn, '/*']] }] };
    const existing = findBucketPolicy(r);
    if (existing) {
      const doc = renderedProperties(existing).PolicyDocument ?? { Version: '2012-10-17', Statement: [] };
      const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
      existing.addPropertyOverride('PolicyDocument.Statement', [...statements, full]);
      record(existing, ruleId, `added a statement to the bucket policy of ${r.node.path}`);
    } else {
      const policy = new s3.CfnBucketPolicy(r.node.scope as Construct, `${r.node.id}HardenedTlsPolicy`, {
        bucket: r.ref,
        policyDocument: { Version: '2012-10-17', Statement: [full] },
      });
      (r as any)[HARDENED_POLICY] = policy;
    }
    return `denied ${ruleId === 'TLS1' ? 'requests without TLS (aws:SecureTransport false)' : 'TLS below 1.2 (s3:TlsVersion < 1.2)'} in the bucket policy`;
  }
}

const HARDENED_POLICY = Symbol.for('cdk-hardened.tls-policy');

function findBucketPolicy(bucket: CfnResource): CfnResource | undefined {
  const own = (bucket as any)[HARDENED_POLICY];
  if (own) return own;
  const stack = Stack.of(bucket);
  const bucketId = stack.resolve(bucket.logicalId);
  for (const c of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(c) || c.cfnResourceType !== 'AWS::S3::BucketPolicy') continue;
    const props = renderedProperties(c);
    if (JSON.stringify(props.Bucket) === JSON.stringify({ Ref: bucketId })) return c;
  }
  return undefined;
}

/** The resource's properties as they will be written, intrinsics as CloudFormation JSON. */
function renderedProperties(r: CfnResource): any {
  const stack = Stack.of(r);
  const rendered = stack.resolve((r as any)._toCloudFormation());
  const id = stack.resolve(r.logicalId);
  return rendered?.Resources?.[id]?.Properties ?? {};
}

/** Uses aws-cdk-lib's own restriction of the default security group (the same custom resource as `restrictDefaultSecurityGroup: true`). */
function restrictDefaultSecurityGroup(vpc: CfnResource): string | undefined {
  const restrict = (ec2.Vpc.prototype as any).restrictDefaultSecurityGroup;
  if (typeof restrict !== 'function') return undefined;
  const parent = vpc.node.scope;
  if (parent instanceof ec2.Vpc) {
    restrict.call(parent);
  } else {
    const scope = new Construct(vpc.node.scope as Construct, `${vpc.node.id}RestrictDefaultSg`);
    Object.defineProperty(scope, 'vpcDefaultSecurityGroup', { value: (vpc as ec2.CfnVPC).attrDefaultSecurityGroup ?? vpc.getAtt('DefaultSecurityGroup').toString() });
    restrict.call(scope);
  }
  return 'removed every rule of the VPC default security group (Custom::VpcRestrictDefaultSG, as restrictDefaultSecurityGroup: true does)';
}

function record(r: CfnResource, ruleId: string, change: string) {
  r.node.addMetadata(REMEDIATION_METADATA_TYPE, { ruleId, change });
  const existing = r.getMetadata(TEMPLATE_METADATA_KEY) ?? {};
  const list = Array.isArray(existing.remediations) ? existing.remediations : [];
  r.addMetadata(TEMPLATE_METADATA_KEY, { ...existing, remediations: [...list, { ruleId, change }] });
}
