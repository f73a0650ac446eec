import { App, CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { templatesFromConstruct, TreeAcks } from '../../src/checklist/cdk-source';
import { EngineOptions, Finding, runChecklist } from '../../src/checklist/engine';
import { templateFromObject } from '../../src/checklist/template';

/** A fixed date so LMB1 and acknowledgement expiry are deterministic. */
export const TEST_DATE = new Date('2026-11-23T00:00:00Z');

const withDate = (o?: EngineOptions): EngineOptions => ({ date: TEST_DATE, ...o });

/** Runs the checklist over a raw CloudFormation template (what the CLI and the plugin see). */
export function checkTemplate(template: object, options?: EngineOptions): Finding[] {
  return runChecklist([templateFromObject(template, 'template.json')], withDate(options)).findings;
}

/** Runs the checklist over a CDK construct tree, resolving lazily (what the aspect sees). */
export function checkTree(scope: IConstruct, options?: EngineOptions): Finding[] {
  return runChecklist(templatesFromConstruct(scope), withDate(options), new TreeAcks(scope)).findings;
}

/**
 * Runs the checklist over a stack both ways, through the construct tree (aspect) and
 * through its synthesized template (plugin, CLI), checks that both give the same
 * findings, and returns them.
 */
export function checkStack(stack: Stack, options?: EngineOptions): Finding[] {
  const fromTree = checkTree(stack, options);
  const json = Template.fromStack(stack).toJSON();
  const fromTemplate = checkTemplate(json, options);
  const key = (f: Finding) => `${f.logicalId}|${f.id}|${f.severity}`;
  expect(fromTemplate.map(key).sort()).toEqual(fromTree.map(key).sort());
  return fromTree;
}

/** The full IDs (`Hardened-IAM1[Action::s3:*]`) of a rule's findings. */
export function idsOf(findings: Finding[], ruleId: string): string[] {
  return findings.filter((f) => f.ruleId === ruleId).map((f) => f.id).sort();
}

/** A rule's findings. */
export function findingsOf(findings: Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

/** A fresh stack in a fresh app, with an explicit environment. */
export function newStack(id = 'TestStack'): Stack {
  const app = new App();
  return new Stack(app, id, { env: { account: '123456789012', region: 'us-east-1' } });
}

/** A role `Broken` whose properties cannot be rendered (its name is a token that throws): rules must report it Unresolved. */
export function unrenderableRole(stack: Stack): CfnResource {
  const boom = Lazy.string({
    produce: () => {
      throw new Error('cannot render');
    },
  });
  return new iam.CfnRole(stack, 'Broken', { assumeRolePolicyDocument: {}, roleName: boom });
}

/** Counts the resource renderings aws-cdk-lib does while `fn` runs. */
export function countRenders(fn: () => void): number {
  const proto = CfnResource.prototype as any;
  const original = proto._toCloudFormation;
  let count = 0;
  proto._toCloudFormation = function (this: CfnResource, ...args: unknown[]) {
    count++;
    return original.apply(this, args);
  };
  try {
    fn();
  } finally {
    proto._toCloudFormation = original;
  }
  return count;
}
