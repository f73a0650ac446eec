import { allOf, getAttTarget, holePattern, isLiteral, isWhollyUnknown, perTemplate, refTarget, Tri } from './helpers';
import { ResourceView } from '../../model';
import { display, hasUnknownPart } from '../../values';

/** A stage named in an association's ARN: `arn:aws:apigateway:<region>::/restapis/<api>/stages/<stage>`. */
interface StageArn {
  readonly api: string;
  readonly stage: string;
  readonly association: ResourceView;
}

/** Every `AWS::WAFv2::WebACLAssociation` of a template, by what its `ResourceArn` names. */
export interface WebAclAssociations {
  /** Logical IDs named by `Ref` or `Fn::GetAtt` (a load balancer's `Ref` is its ARN). */
  readonly byLogicalId: Map<string, ResourceView>;
  /** REST API stages named by an ARN built with `Fn::Join` / `Fn::Sub`. */
  readonly stages: StageArn[];
  /** Associations whose ARN could name anything (a parameter, an import). */
  readonly unknown: ResourceView[];
  /** Associations whose ARN names some load balancer, partly unknown or by a literal ARN. */
  readonly loadBalancerArns: Array<{ arn: string; association: ResourceView }>;
}

const STAGE_ARN = /:apigateway:[^:]*::\/restapis\/([^/]+)\/stages\/([^/]+)$/;

/** The WAF associations of a template, built once per template. */
export const webAclAssociations = perTemplate((template): WebAclAssociations => {
  const out: WebAclAssociations = { byLogicalId: new Map(), stages: [], unknown: [], loadBalancerArns: [] };
  for (const association of template.byType('AWS::WAFv2::WebACLAssociation')) {
    for (const arn of template.resolver.variants(association.prop('ResourceArn'))) {
      const id = refTarget(arn) ?? getAttTarget(arn);
      if (id && template.resource(id)) {
        out.byLogicalId.set(id, association);
        continue;
      }
      if (isWhollyUnknown(arn) || typeof arn !== 'string') {
        out.unknown.push(association);
        continue;
      }
      const m = STAGE_ARN.exec(arn);
      if (m) {
        out.stages.push({ api: m[1], stage: m[2], association });
      } else if (arn.includes(':elasticloadbalancing:')) {
        out.loadBalancerArns.push({ arn, association });
      }
      // Any other ARN (Cognito, AppSync, App Runner, ...) names none of the entry points API2 judges.
    }
  }
  return out;
});

/** Equal, or equal once each `⟪hole⟫` may stand for anything (then only possibly). */
function compare(pattern: string, value: string): Tri {
  if (pattern === value) return 'yes';
  if (hasUnknownPart(pattern) && holePattern(pattern).test(value)) return 'unknown';
  if (hasUnknownPart(value) && holePattern(value).test(pattern)) return 'unknown';
  return 'no';
}

/**
 * Whether a REST API stage has a web ACL: an association whose ARN names the stage's
 * API (the same resolved `RestApiId`) and the stage (its `StageName`, or the stage's
 * `Ref`, which CDK's `stage.stageArn` uses). An association whose ARN could be
 * anything makes it unknown. A `RestApiId` that can take several values (`Fn::If`)
 * is protected only if every one of them is.
 */
export function stageAssociation(stage: ResourceView, apiIds: string[], stageNames: string[]): { answer: Tri; association?: ResourceView } {
  const index = webAclAssociations(stage.template);
  const forApi = (apiId: string): { answer: Tri; association?: ResourceView } => {
    let maybe: ResourceView | undefined;
    for (const s of index.stages) {
      const api = compare(s.api, apiId);
      const name = stageNames.map((n) => compare(s.stage, n));
      if (api === 'yes' && name.includes('yes')) return { answer: 'yes', association: s.association };
      if (api !== 'no' && name.some((n) => n !== 'no')) maybe = maybe ?? s.association;
    }
    maybe = maybe ?? index.unknown[0];
    return maybe ? { answer: 'unknown', association: maybe } : { answer: 'no' };
  };
  if (apiIds.length === 0) {
    const unknown = index.unknown[0];
    return unknown ? { answer: 'unknown', association: unknown } : { answer: 'no' };
  }
  const verdicts = apiIds.map(forApi);
  const answer = allOf(verdicts.map((v) => v.answer));
  return { answer, association: verdicts.find((v) => v.answer === answer)?.association };
}

/**
 * Whether a load balancer has a web ACL: an association naming it by `Ref` (its ARN).
 * An association whose ARN could be anything, or a load balancer ARN with an unknown
 * part or a literal one with this load balancer's name, makes it unknown.
 */
export function loadBalancerAssociation(lb: ResourceView, names: unknown[]): { answer: Tri; association?: ResourceView } {
  const index = webAclAssociations(lb.template);
  const direct = index.byLogicalId.get(lb.logicalId);
  if (direct) return { answer: 'yes', association: direct };
  for (const { arn, association } of index.loadBalancerArns) {
    if (hasUnknownPart(arn)) return { answer: 'unknown', association };
    // A literal ARN: loadbalancer/app/<name>/<id>.
    const m = /loadbalancer\/app\/([^/]+)\//.exec(arn);
    if (m && names.some((n) => isLiteral(n) && n === m[1])) return { answer: 'unknown', association };
  }
  const unknown = index.unknown[0];
  return unknown ? { answer: 'unknown', association: unknown } : { answer: 'no' };
}

/** A readable name of an association's target, for messages. */
export function describeAssociation(association: ResourceView): string {
  return `${association.displayName} (ResourceArn ${display(association.template.resolver.variants(association.prop('ResourceArn'))[0])})`;
}
