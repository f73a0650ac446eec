import { Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { EdgeProtection, EdgeProtectionProps, OptOut, WebAclScope } from './edge-protection';
import { SecureBucket } from './secure-bucket';
import { viewerPolicyStrength } from '../checklist/rules/tls/cloudfront-distribution';
import { SecurityChecklist } from '../checklist/security-checklist';
import { acknowledgeNag, checkReason, literalRegion } from '../private/edge';

/**
 * Properties of a `SecureDistribution`: the properties of `cloudfront.Distribution`,
 * with hardened defaults (see the class documentation), and these additions.
 */
export interface SecureDistributionProps extends cloudfront.DistributionProps {
  /**
   * Serve the distribution on its `*.cloudfront.net` domain with CloudFront's default
   * certificate, with which CloudFront accepts TLSv1 whatever `minimumProtocolVersion`
   * says. Without it, a distribution without `certificate` throws.
   *
   * Leaves an acknowledgeable `Hardened-TLS5` warning, and acknowledges the checklist's
   * `Hardened-TLS5[ViewerCertificate::CloudFrontDefaultCertificate]` finding and
   * cdk-nag's AwsSolutions-CFR4 with the reason.
   *
   * @default - a certificate is required
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html
   */
  readonly allowDefaultCertificate?: OptOut;

  /**
   * Options of the `EdgeProtection` (CLOUDFRONT) created when `webAclId` is not given
   * and the stack is in us-east-1.
   *
   * @default - the `EdgeProtection` defaults
   */
  readonly webAclOptions?: EdgeProtectionProps;

  /**
   * Serve the distribution without an AWS WAF web ACL. Leaves an acknowledgeable
   * `Hardened-API2` warning, and acknowledges the checklist's API2 finding and cdk-nag's
   * AwsSolutions-CFR2 with the reason.
   *
   * @default - a web ACL is required: `webAclId`, or one created when the stack is in us-east-1
   */
  readonly withoutWebAcl?: OptOut;
}

const LOG_BUCKET_SUFFIX = 'Logs';
const CROSS_STACK_ACL_REASON =
  'webAclId was passed to SecureDistribution; its value comes from outside this template (a cross-region or cross-stack reference), so the checklist cannot read it at synth time.';

/**
 * A CloudFront distribution that serves viewers over HTTPS with TLS 1.2 or newer only,
 * reaches its origins over HTTPS with TLS 1.2, logs every request and is protected by
 * AWS WAF.
 *
 * Hardened defaults:
 *
 * - A custom domain (`domainNames`) with an ACM `certificate` (in us-east-1) is
 *   required: CloudFront's default `*.cloudfront.net` certificate accepts TLSv1
 *   (Hardened-TLS5). Opt out with `allowDefaultCertificate: { reason }`.
 * - `minimumProtocolVersion`: `TLSv1.2_2021`; weaker policies are refused (Hardened-TLS5).
 * - `viewerProtocolPolicy`: `REDIRECT_TO_HTTPS` on every behavior that does not set one;
 *   `ALLOW_ALL` is refused, in the props and in `addBehavior` (Hardened-TLS5).
 * - Origins: an HTTP origin (`origins.HttpOrigin`, `LoadBalancerV2Origin`, ...) that uses
 *   `HTTP_ONLY`, or origin SSL protocols below TLS 1.2, fails synthesis (Hardened-TLS5);
 *   CDK's defaults (`HTTPS_ONLY`, `[TLSv1.2]`) pass. Serve S3 buckets with
 *   `origins.S3BucketOrigin.withOriginAccessControl(bucket)` (AwsSolutions-CFR7).
 * - Standard logging (Hardened-LOG8, AwsSolutions-CFR3) to `logBucket`, by default a new
 *   `SecureBucket` named after this construct (`<id>Logs`, created next to it, in the same
 *   scope) with `BUCKET_OWNER_PREFERRED` object ownership: CloudFront standard logging
 *   writes with ACLs, so ACLs must be enabled on that bucket. It is otherwise private,
 *   TLS-only, encrypted with S3-managed keys, versioned and access-logged.
 *   `enableLogging: false` is refused.
 * - AWS WAF (Hardened-API2): the web ACL named by `webAclId` (the ARN of a CLOUDFRONT
 *   web ACL, which must be in us-east-1). When `webAclId` is not given and the stack is
 *   in us-east-1, an `EdgeProtection` (CLOUDFRONT) is created. In any other region, or an
 *   environment-agnostic stack, pass `webAclId` or opt out with `withoutWebAcl: { reason }`;
 *   otherwise the constructor throws. The cross-region pattern: create the
 *   `EdgeProtection` in a us-east-1 stack with `crossRegionReferences: true`, and pass its
 *   `webAclArn` as `webAclId` to the distribution's stack (also with
 *   `crossRegionReferences: true`). A `webAclId` that comes from another stack cannot be
 *   read at synth time; the checklist's resulting `Hardened-API2[Unresolved::...]` finding
 *   is acknowledged with that reason.
 * - Geo restriction is optional (`geoRestriction`); cdk-nag's AwsSolutions-CFR1 is a warning.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/security.html
 */
export class SecureDistribution extends cloudfront.Distribution {
  /** The bucket that receives the standard logs. */
  public readonly logBucket: s3.IBucket;

  /** The web ACL created for this distribution (only when the stack is in us-east-1 and no `webAclId` is given). */
  public readonly webAcl?: EdgeProtection;

  constructor(scope: Construct, id: string, props: SecureDistributionProps) {
    const what = `distribution ${scope.node.path ? scope.node.path + '/' : ''}${id}`;
    const defaultCertReason = checkReason(what, 'allowDefaultCertificate', props.allowDefaultCertificate, 'Hardened-TLS5');
    const withoutWebAclReason = checkReason(what, 'withoutWebAcl', props.withoutWebAcl, 'Hardened-API2');
    refuseInsecureProps(scope, what, props, defaultCertReason, withoutWebAclReason);

    const logBucket =
      props.logBucket ?? new SecureBucket(scope, `${id}${LOG_BUCKET_SUFFIX}`, { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED });

    const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {};
    for (const [path, behavior] of Object.entries(props.additionalBehaviors ?? {})) {
      additionalBehaviors[path] = secureBehavior(what, `additionalBehaviors['${path}']`, behavior);
    }

    super(scope, id, {
      ...props,
      defaultBehavior: secureBehavior(what, 'defaultBehavior', props.defaultBehavior),
      additionalBehaviors,
      minimumProtocolVersion: props.minimumProtocolVersion ?? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      enableLogging: true,
      logBucket,
    });
    this.logBucket = logBucket;
    const cfn = this.node.defaultChild as cloudfront.CfnDistribution;

    if (defaultCertReason !== undefined) {
      Validations.of(this).addWarning(
        'Hardened-TLS5',
        `${what} uses CloudFront's default certificate (allowDefaultCertificate: ${defaultCertReason}), with which CloudFront accepts TLSv1. ` +
          "Give it domainNames and an ACM certificate, or acknowledge with Validations.of(distribution).acknowledge({ id: 'Hardened-TLS5', reason })",
      );
      SecurityChecklist.acknowledge(this, 'Hardened-TLS5[ViewerCertificate::CloudFrontDefaultCertificate]', { reason: defaultCertReason });
      acknowledgeNag(cfn, ['AwsSolutions-CFR4'], defaultCertReason);
    }

    if (props.webAclId !== undefined) {
      if (Token.isUnresolved(props.webAclId)) {
        SecurityChecklist.acknowledge(this, 'Hardened-API2[Unresolved::Properties.DistributionConfig.WebACLId]', { reason: CROSS_STACK_ACL_REASON });
      }
    } else if (withoutWebAclReason !== undefined) {
      Validations.of(this).addWarning(
        'Hardened-API2',
        `${what} is served without an AWS WAF web ACL (withoutWebAcl: ${withoutWebAclReason}). ` +
          "Pass webAclId, or acknowledge with Validations.of(distribution).acknowledge({ id: 'Hardened-API2', reason })",
      );
      SecurityChecklist.acknowledge(this, 'API2', { reason: withoutWebAclReason });
      acknowledgeNag(cfn, ['AwsSolutions-CFR2'], withoutWebAclReason);
    } else {
      // refuseInsecureProps made sure the stack is in us-east-1.
      this.webAcl = new EdgeProtection(this, 'WebAcl', { ...props.webAclOptions, webAclScope: WebAclScope.CLOUDFRONT });
      this.attachWebAclId(this.webAcl.webAclArn);
    }

    this.node.addValidation({ validate: () => this.validateOrigins(cfn) });
  }

  /**
   * Adds a behavior, with `viewerProtocolPolicy` `REDIRECT_TO_HTTPS` unless it sets one;
   * `ALLOW_ALL` is refused (Hardened-TLS5).
   *
   * @param pathPattern the path pattern (for example `/api/*`)
   * @param origin the origin
   * @param behaviorOptions the behavior options
   * @see https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html
   */
  public addBehavior(pathPattern: string, origin: cloudfront.IOrigin, behaviorOptions: cloudfront.AddBehaviorOptions = {}): void {
    const viewerProtocolPolicy = secureViewerPolicy(`distribution ${this.node.path}`, `addBehavior('${pathPattern}')`, behaviorOptions.viewerProtocolPolicy);
    super.addBehavior(pathPattern, origin, { ...behaviorOptions, viewerProtocolPolicy });
  }

  /** Origins reached over plain HTTP or with TLS below 1.2 (Hardened-TLS5). */
  private validateOrigins(cfn: cloudfront.CfnDistribution): string[] {
    const config = Stack.of(this).resolve(cfn.distributionConfig) as { origins?: any[] };
    const errors: string[] = [];
    for (const origin of config.origins ?? []) {
      const custom = origin?.customOriginConfig;
      if (!custom) continue;
      const policy = custom.originProtocolPolicy;
      if (typeof policy === 'string' && policy.toLowerCase() === 'http-only') {
        errors.push(
          `distribution ${this.node.path} reaches origin ${origin.id} over plain HTTP (protocolPolicy: HTTP_ONLY) (Hardened-TLS5). ` +
            'Fix: serve the origin over HTTPS and use protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY (the default of HttpOrigin)',
        );
        continue;
      }
      const protocols: unknown[] = Array.isArray(custom.originSslProtocols) ? custom.originSslProtocols : ['TLSv1', 'SSLv3'];
      const weak = protocols.filter((p) => typeof p === 'string' && ['sslv3', 'tlsv1', 'tlsv1.1'].includes(p.toLowerCase()));
      if (weak.length > 0) {
        errors.push(
          `distribution ${this.node.path} allows origin SSL protocols ${weak.join(', ')} for origin ${origin.id}: TLS below 1.2 (Hardened-TLS5). ` +
            'Fix: originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2] (the default of HttpOrigin)',
        );
      }
    }
    return errors;
  }
}

/** A viewer protocol policy, `REDIRECT_TO_HTTPS` by default; `ALLOW_ALL` refused. */
function secureViewerPolicy(what: string, prop: string, policy: cloudfront.ViewerProtocolPolicy | undefined): cloudfront.ViewerProtocolPolicy {
  if (policy === cloudfront.ViewerProtocolPolicy.ALLOW_ALL) {
    throw new Error(
      `${what} refuses ${prop}.viewerProtocolPolicy: ALLOW_ALL: viewers could reach it over plain HTTP (Hardened-TLS5). ` +
        'Fix: remove viewerProtocolPolicy (the default is REDIRECT_TO_HTTPS) or use HTTPS_ONLY',
    );
  }
  return policy ?? cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS;
}

/** A behavior with `REDIRECT_TO_HTTPS` by default; `ALLOW_ALL` refused. */
function secureBehavior(what: string, prop: string, behavior: cloudfront.BehaviorOptions): cloudfront.BehaviorOptions {
  return { ...behavior, viewerProtocolPolicy: secureViewerPolicy(what, prop, behavior.viewerProtocolPolicy) };
}

function refuseInsecureProps(
  scope: Construct,
  what: string,
  props: SecureDistributionProps,
  defaultCertReason: string | undefined,
  withoutWebAclReason: string | undefined,
): void {
  if (props.certificate === undefined && defaultCertReason === undefined) {
    throw new Error(
      `${what} refuses to be created without certificate: CloudFront's default *.cloudfront.net certificate accepts TLSv1 whatever minimumProtocolVersion says (Hardened-TLS5). ` +
        'Fix: pass domainNames and certificate (an ACM certificate in us-east-1), or allowDefaultCertificate: { reason } to accept the default certificate',
    );
  }
  if (props.certificate !== undefined && defaultCertReason !== undefined) {
    throw new Error(`${what} refuses allowDefaultCertificate together with certificate (Hardened-TLS5). Fix: remove allowDefaultCertificate`);
  }
  const minimum = props.minimumProtocolVersion;
  if (minimum !== undefined && viewerPolicyStrength(minimum) !== 'strong') {
    throw new Error(
      `${what} refuses minimumProtocolVersion: ${minimum}: it accepts TLS older than 1.2 (Hardened-TLS5). ` +
        'Fix: remove minimumProtocolVersion (the default is SecurityPolicyProtocol.TLS_V1_2_2021) or use TLS_V1_2_2025 or TLS_V1_3_2025',
    );
  }
  if (props.enableLogging === false) {
    throw new Error(
      `${what} refuses enableLogging: false: every request to a distribution is logged (Hardened-LOG8). ` +
        'Fix: remove enableLogging; pass logBucket to choose the bucket (with ACLs enabled: BUCKET_OWNER_PREFERRED)',
    );
  }
  if (props.webAclId !== undefined && withoutWebAclReason !== undefined) {
    throw new Error(`${what} refuses webAclId together with withoutWebAcl (Hardened-API2). Fix: keep one of them`);
  }
  if (props.webAclOptions?.webAclScope === WebAclScope.REGIONAL) {
    throw new Error(
      `${what} refuses webAclOptions.webAclScope: REGIONAL: a distribution takes a CLOUDFRONT web ACL (Hardened-API2). Fix: remove webAclScope`,
    );
  }
  if (props.webAclId === undefined && withoutWebAclReason === undefined) {
    const region = literalRegion(scope);
    if (region !== 'us-east-1') {
      throw new Error(
        `${what} needs an AWS WAF web ACL (Hardened-API2), and CloudFront web ACLs can only be created in us-east-1 while this stack is ${region === undefined ? 'environment-agnostic (its region is unknown)' : `in ${region}`}. ` +
          "Fix: create an EdgeProtection with webAclScope: WebAclScope.CLOUDFRONT in a stack with env { region: 'us-east-1' } and crossRegionReferences: true, and pass webAclId: protection.webAclArn " +
          '(this stack also needs crossRegionReferences: true); or deploy this stack to us-east-1 to get one automatically; or opt out with withoutWebAcl: { reason }',
      );
    }
  }
}
