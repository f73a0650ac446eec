import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { acknowledgeNagFindings } from './statement-judge';
import { MIN_REASON_LENGTH } from '../checklist/acknowledge-model';

/** The shape of an opt-out: a reason that says why a hardened default is weakened. */
export interface ReasonedOptOut {
  readonly reason: string;
}

/**
 * Checks the reason of an opt-out (`allowUnauthenticated`, `withoutWebAcl`, ...): it becomes
 * the reason of the acknowledgements the construct makes, so it must say something.
 */
export function checkReason(what: string, prop: string, optOut: ReasonedOptOut | undefined, rule: string): string | undefined {
  if (optOut === undefined) return undefined;
  const reason = optOut.reason ?? '';
  if (Token.isUnresolved(reason) || reason.trim().length < MIN_REASON_LENGTH) {
    throw new Error(
      `${what} refuses ${prop}: { reason: ${JSON.stringify(reason)} }: the reason becomes the acknowledgement of ${rule} and needs at least ${MIN_REASON_LENGTH} characters (a literal string). ` +
        `Fix: say why the default is weakened, for example ${prop}: { reason: 'public health check polled by the load balancer' }`,
    );
  }
  return reason;
}

/** Refuses a log retention that keeps logs forever (Hardened-LOG6). */
export function refuseInfiniteRetention(what: string, prop: string, retention: logs.RetentionDays | undefined): void {
  if (retention === logs.RetentionDays.INFINITE) {
    throw new Error(
      `${what} refuses ${prop}: INFINITE: log groups must have a retention period (Hardened-LOG6). ` +
        'Fix: choose a finite retention such as logs.RetentionDays.ONE_YEAR (the default) or TEN_YEARS',
    );
  }
}

/** The stack's region when it is a literal, undefined when it is a token (an environment-agnostic stack). */
export function literalRegion(scope: IConstruct): string | undefined {
  const region = Stack.of(scope).region;
  return Token.isUnresolved(region) ? undefined : region;
}

/** Acknowledges cdk-nag findings on a CloudFormation resource (cdk-nag 3 reads them from the resource itself). */
export function acknowledgeNag(resource: IConstruct | undefined, ids: readonly string[], reason: string): void {
  if (resource && CfnResource.isCfnResource(resource)) acknowledgeNagFindings(resource, ids, reason);
}

/** Refuses the ARN of a CLOUDFRONT (global) web ACL where a REGIONAL one is needed (Hardened-API2). */
export function refuseGlobalWebAcl(what: string, arn: string, target: string): void {
  if (!Token.isUnresolved(arn) && /:global\/webacl\//.test(arn)) {
    throw new Error(
      `${what} refuses webAclArn: ${arn}: it is a CLOUDFRONT (global) web ACL, which cannot be associated with ${target} (Hardened-API2). ` +
        "Fix: pass the ARN of a REGIONAL web ACL in the resource's region, or remove webAclArn to get one",
    );
  }
}
