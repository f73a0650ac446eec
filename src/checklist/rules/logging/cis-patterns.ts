/**
 * The CloudWatch Logs metric filter patterns of the CIS AWS Foundations Benchmark
 * v3.0.0, section 4 "Monitoring" (recommendations 4.1 to 4.15), as the benchmark
 * gives them in each recommendation's remediation (`aws logs put-metric-filter
 * --filter-pattern ...`). AWS Security Hub's CloudWatch.1 to CloudWatch.14 controls
 * reproduce the same patterns.
 *
 * Rule LOG7 recognises these patterns in a template, and the `SecureTrail` construct
 * creates them, so both use this one list.
 *
 * Source: CIS Amazon Web Services Foundations Benchmark v3.0.0 (2024-01-31), 4.1-4.15.
 * Last checked: 2026-11.
 */

/** One CIS monitoring event: a metric filter pattern that must have an alarm. */
export interface CisMetricFilter {
  /** A stable identifier, usable as a construct ID and in finding details (`UnauthorizedApiCalls`). */
  readonly id: string;
  /** What the filter watches for, as the benchmark names it. */
  readonly name: string;
  /** The CIS AWS Foundations Benchmark v3.0 recommendation (`4.1`). */
  readonly cisControl: string;
  /** The filter pattern, exactly as the benchmark gives it. */
  readonly pattern: string;
}

/** The CIS AWS Foundations Benchmark v3.0 metric filters 4.1-4.15, in benchmark order. */
export const CIS_METRIC_FILTERS: readonly CisMetricFilter[] = [
  {
    id: 'UnauthorizedApiCalls',
    name: 'Unauthorized API calls',
    cisControl: '4.1',
    pattern:
      '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
  },
  {
    id: 'ConsoleSignInWithoutMfa',
    name: 'Management Console sign-in without MFA',
    cisControl: '4.2',
    pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
  },
  {
    id: 'RootAccountUsage',
    name: 'Usage of the "root" account',
    cisControl: '4.3',
    pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  },
  {
    id: 'IamPolicyChanges',
    name: 'IAM policy changes',
    cisControl: '4.4',
    pattern:
      '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}',
  },
  {
    id: 'CloudTrailConfigChanges',
    name: 'CloudTrail configuration changes',
    cisControl: '4.5',
    pattern:
      '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
  },
  {
    id: 'ConsoleAuthenticationFailures',
    name: 'AWS Management Console authentication failures',
    cisControl: '4.6',
    pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  },
  {
    id: 'CmkDisableOrDeletion',
    name: 'Disabling or scheduled deletion of customer created CMKs',
    cisControl: '4.7',
    pattern: '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }',
  },
  {
    id: 'S3BucketPolicyChanges',
    name: 'S3 bucket policy changes',
    cisControl: '4.8',
    pattern:
      '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
  },
  {
    id: 'ConfigChanges',
    name: 'AWS Config configuration changes',
    cisControl: '4.9',
    pattern:
      '{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel) ||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }',
  },
  {
    id: 'SecurityGroupChanges',
    name: 'Security group changes',
    cisControl: '4.10',
    pattern:
      '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
  },
  {
    id: 'NaclChanges',
    name: 'Changes to Network Access Control Lists (NACL)',
    cisControl: '4.11',
    pattern:
      '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
  },
  {
    id: 'NetworkGatewayChanges',
    name: 'Changes to network gateways',
    cisControl: '4.12',
    pattern:
      '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
  },
  {
    id: 'RouteTableChanges',
    name: 'Route table changes',
    cisControl: '4.13',
    pattern:
      '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }',
  },
  {
    id: 'VpcChanges',
    name: 'VPC changes',
    cisControl: '4.14',
    pattern:
      '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
  },
  {
    id: 'OrganizationsChanges',
    name: 'AWS Organizations changes',
    cisControl: '4.15',
    pattern:
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  },
];

/** One `$.field op value` comparison of a filter pattern. */
interface Comparison {
  readonly field: string;
  readonly op: '=' | '!=';
  readonly value: string;
}

const COMPARISON = /\$\.\s*([\w.[\]]+)\s*(!=|=)\s*(?:"([^"]*)"|([^\s()&|}]+))/g;

/** The `$.field = value` / `$.field != value` comparisons of a filter pattern, whitespace and quotes ignored. */
export function filterComparisons(pattern: string): Comparison[] {
  const out: Comparison[] = [];
  for (const m of pattern.matchAll(COMPARISON)) {
    const value = (m[3] ?? m[4] ?? '').trim().replace(/\s+/g, ' ');
    out.push({ field: m[1], op: m[2] as '=' | '!=', value });
  }
  return out;
}

/**
 * The comparisons that say what a CIS pattern is about: the event names it matches,
 * and the error codes, identity type, MFA flag and error message it singles out.
 * Narrowing terms (`eventSource`, exclusions such as `$.eventName != "HeadBucket"`)
 * are not required, so an older or broader form of the benchmark's pattern counts.
 */
function keyOf(c: Comparison): string | undefined {
  const significant =
    (c.field === 'eventName' && c.op === '=') ||
    c.field === 'errorCode' ||
    c.field === 'userIdentity.type' ||
    c.field === 'additionalEventData.MFAUsed' ||
    c.field === 'errorMessage';
  return significant ? `${c.field}${c.op}${c.value}` : undefined;
}

const KEYS = new Map<string, readonly string[]>(
  CIS_METRIC_FILTERS.map((f) => [f.id, filterComparisons(f.pattern).map(keyOf).filter((k): k is string => k !== undefined)]),
);

/**
 * True when a metric filter pattern watches for the CIS event: it has every key
 * comparison of the benchmark's pattern (event names, error codes, ...), however it
 * spaces or quotes them.
 */
export function matchesCisFilter(pattern: string, filter: CisMetricFilter): boolean {
  const keys = KEYS.get(filter.id) ?? filterComparisons(filter.pattern).map(keyOf).filter((k): k is string => k !== undefined);
  if (keys.length === 0) return false;
  const have = new Set(filterComparisons(pattern).map(keyOf).filter((k): k is string => k !== undefined));
  return keys.every((k) => have.has(k));
}
