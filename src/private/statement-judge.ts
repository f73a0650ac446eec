import { CfnResource, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { isWildcardOnlyAction } from '../checklist/rules/iam/action-catalog';
import { arnNamesAll } from '../checklist/rules/iam/policy-scope';

/** A checklist rule an IAM statement would break, and why. */
export interface StatementProblem {
  /** `IAM1`, `IAM2` or `IAM3`. */
  readonly rule: string;
  /** What is wrong, naming the value. */
  readonly message: string;
}

/** An unresolved token inside a string (`${Token[AWS.Partition.8]}`), read as a concrete name. */
const TOKEN = /\$\{Token\[[^\]]*\]\}/g;

/** Splits an ARN into its service and resource part, tokens read as concrete names. */
function parseArn(value: string): { service: string; resource: string } | undefined {
  const s = value.replace(TOKEN, 'x');
  if (!s.startsWith('arn:')) return undefined;
  const parts = s.split(':');
  if (parts.length < 6) return undefined;
  return { service: parts[2].toLowerCase(), resource: parts.slice(5).join(':') };
}

/** True when a `Resource` value names every resource (`*`, or an ARN such as `parameter/*`, `role/*`). */
export function isAllResources(resource: string): boolean {
  if (/^\*+$/.test(resource)) return true;
  if (Token.isUnresolved(resource) && resource.replace(TOKEN, '') === '') return false;
  const arn = parseArn(resource);
  return arn !== undefined && arnNamesAll(arn);
}

/** True when an action (or pattern) contains a wildcard. */
function isWildcardAction(action: string): boolean {
  return !Token.isUnresolved(action) && /[*?]/.test(action);
}

/**
 * The checklist rules (IAM1, IAM2, IAM3) an identity-policy statement would break.
 * Only `Allow` statements are judged, as the checklist does.
 */
export function judgeStatement(statement: iam.PolicyStatement): StatementProblem[] {
  if (statement.effect !== iam.Effect.ALLOW) return [];
  const problems: StatementProblem[] = [];
  if (statement.notActions.length > 0 || statement.notResources.length > 0) {
    problems.push({
      rule: 'IAM3',
      message: `it allows with ${statement.notActions.length > 0 ? 'NotAction' : 'NotResource'}, which grants everything not listed`,
    });
  }
  const wildcards = statement.actions.filter(isWildcardAction);
  if (wildcards.length > 0) {
    problems.push({ rule: 'IAM1', message: `it allows the wildcard action${wildcards.length > 1 ? 's' : ''} ${wildcards.join(', ')}` });
  }
  const scoped = statement.actions.filter((a) => Token.isUnresolved(a) || !isWildcardOnlyAction(a));
  const everything = statement.resources.filter(isAllResources);
  if (scoped.length > 0 && everything.length > 0) {
    problems.push({
      rule: 'IAM2',
      message: `it allows ${scoped.join(', ')} on all resources (${everything.join(', ')}), though ${scoped.length > 1 ? 'these actions support' : 'this action supports'} resource-level permissions`,
    });
  }
  return problems;
}

/**
 * True when an `Allow` statement names all resources only for actions AWS allows on
 * `*` alone (`xray:PutTraceSegments`, `ec2:DescribeNetworkInterfaces`).
 */
export function isWildcardOnlyStatement(statement: iam.PolicyStatement): boolean {
  return (
    statement.effect === iam.Effect.ALLOW &&
    statement.actions.length > 0 &&
    statement.notActions.length === 0 &&
    statement.notResources.length === 0 &&
    statement.resources.some((r) => r === '*') &&
    statement.actions.every((a) => !Token.isUnresolved(a) && !isWildcardAction(a) && isWildcardOnlyAction(a))
  );
}

/** Renders a resolved CloudFormation value the way cdk-nag names it in finding IDs (`<Bucket.Arn>/*`). */
function nagText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, any>;
    if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(nagText).join(v['Fn::Join'][0]);
    if (v['Fn::Sub']) return nagText(v['Fn::Sub']);
    if (v['Fn::GetAtt']) return `<${nagText(v['Fn::GetAtt'][0])}.${nagText(v['Fn::GetAtt'][1])}>`;
    if (v['Fn::ImportValue']) return nagText(v['Fn::ImportValue']);
    if (v.Ref) return `<${nagText(v.Ref)}>`;
  }
  return JSON.stringify(value);
}

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The IDs of the cdk-nag `AwsSolutions-IAM5` findings (wildcard permissions) a
 * statement raises (`AwsSolutions-IAM5[Resource::*]`, `AwsSolutions-IAM5[Action::s3:*]`).
 */
export function nagWildcardFindingIds(stack: Stack, statement: iam.PolicyStatement): string[] {
  const json = stack.resolve(statement.toStatementJson());
  if (json.Effect !== 'Allow') return [];
  const ids = new Set<string>();
  for (const a of asList(json.Action).map(nagText)) if (a.includes('*')) ids.add(`AwsSolutions-IAM5[Action::${a}]`);
  for (const r of asList(json.Resource).map(nagText)) if (r.includes('*')) ids.add(`AwsSolutions-IAM5[Resource::${r}]`);
  return [...ids];
}

/**
 * Acknowledges cdk-nag findings on one CloudFormation resource, where cdk-nag 3 looks
 * for them. The metadata is what `Validations.of(resource).acknowledge` records; it is
 * written directly because finding IDs naming ARNs contain `::` more than once
 * (`Resource::arn:<AWS::Partition>:...`), which `acknowledge` refuses.
 */
export function acknowledgeNagFindings(resource: CfnResource, ids: readonly string[], reason: string): void {
  if (ids.length === 0) return;
  const data: Record<string, string> = {};
  for (const id of ids) data[id] = reason;
  resource.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, data);
}
