import { CredentialMatch, findCredentials, looksSecretName } from './secret-patterns';
import { ResourceView, TemplateModel } from '../../model';
import { Rule, TemplateRuleContext } from '../../rule';
import { Severity } from '../../severity';
import { isObject } from '../../values';

/**
 * The parts of a resource's properties that other secrets rules judge with the
 * same credential patterns (SEC1: environment variables; SEC2: SSM parameter
 * values), so one credential gives one finding. `path` is the property path from
 * `Properties`, `Fn::If` and list indexes left out.
 */
function judgedElsewhere(type: string, path: readonly string[]): boolean {
  const key = path[path.length - 1];
  switch (type) {
    case 'AWS::Lambda::Function':
    case 'AWS::Serverless::Function':
      return path.length === 1 && key === 'Environment';
    case 'AWS::ECS::TaskDefinition':
      return path.length === 2 && path[0] === 'ContainerDefinitions' && key === 'Environment';
    case 'AWS::CodeBuild::Project':
      return path.length === 2 && path[0] === 'Environment' && key === 'EnvironmentVariables';
    case 'AWS::SSM::Parameter':
      return path.length === 1 && key === 'Value';
    default:
      return false;
  }
}

const INTRINSIC = /^(Fn::[A-Za-z0-9]+|Ref)$/;
const JOINING = new Set(['Fn::Join', 'Fn::Sub']);

/**
 * Every credential in a raw value: string leaves are scanned as they are, and each
 * `Fn::Join`/`Fn::Sub` is also scanned once resolved, so a credential split over
 * its pieces is found too. Calls `found` with the property path under which it was.
 * `path` is the path so far, extended and restored in place (the walk visits every
 * value of every resource: it allocates only when it finds something).
 */
function scan(
  template: TemplateModel,
  value: unknown,
  path: string[],
  skip: (path: readonly string[]) => boolean,
  found: (matches: CredentialMatch[], path: readonly string[]) => void,
) {
  if (typeof value === 'string') {
    const m = findCredentials(value);
    if (m.length > 0) found(m, [...path]);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) scan(template, v, path, skip, found);
    return;
  }
  if (!isObject(value)) return;
  let only: string | undefined;
  let count = 0;
  for (const k in value) {
    only = k;
    if (++count > 1) break;
  }
  if (count === 1 && JOINING.has(only!)) {
    for (const v of template.resolver.variants(value)) {
      if (typeof v === 'string') {
        const m = findCredentials(v);
        if (m.length > 0) found(m, [...path]);
      }
    }
  }
  for (const k in value) {
    const v = value[k];
    if (INTRINSIC.test(k)) {
      scan(template, v, path, skip, found);
      continue;
    }
    path.push(k);
    if (!skip(path)) scan(template, v, path, skip, found);
    path.pop();
  }
}

const describe = (matches: CredentialMatch[]) => matches.map((c) => `${c.pattern.description} (${c.masked})`).join(', ');

function checkResource(ctx: TemplateRuleContext, resource: ResourceView) {
  if (resource.unreadable) {
    ctx.report({
      target: resource,
      detail: 'Unresolved::Properties',
      message: `The properties of ${resource.displayName} could not be read, so they cannot be searched for credentials`,
    });
    return;
  }
  const reported = new Set<string>();
  const report = (detail: string, where: string, matches: CredentialMatch[]) => {
    if (reported.has(detail)) return;
    reported.add(detail);
    ctx.report({ target: resource, detail, message: `${where} of ${resource.displayName} holds ${describe(matches)}` });
  };
  scan(
    resource.template,
    resource.properties,
    [],
    (p) => judgedElsewhere(resource.type, p),
    (m, p) => report(`Property::${p[0] ?? 'Properties'}`, `Property ${p.join('.') || 'Properties'}`, m),
  );
  for (const [key, value] of Object.entries(resource.metadata)) {
    scan(resource.template, value, [key], () => false, (m) => report(`Metadata::${key}`, `Metadata ${key}`, m));
  }
}

function checkTemplateSections(ctx: TemplateRuleContext, template: TemplateModel, many: boolean) {
  const where = many ? ` of template ${template.name}` : '';
  const reported = new Set<string>();
  const report = (detail: string, what: string, matches: CredentialMatch[]) => {
    if (reported.has(detail)) return;
    reported.add(detail);
    ctx.report({ detail, template, message: `${what}${where} holds ${describe(matches)}` });
  };
  const none = () => false;
  if (template.description !== undefined) {
    scan(template, template.description, [], none, (m) => report('Template::Description', 'The template description', m));
  }
  for (const [key, value] of Object.entries(template.metadata)) {
    scan(template, value, [key], none, (m) => report(`Metadata::${key}`, `Template metadata ${key}`, m));
  }
  for (const [name, value] of Object.entries(template.outputs)) {
    scan(template, value, [name], none, (m) => report(`Output::${name}`, `Output ${name}`, m));
  }
  for (const [name, value] of Object.entries(template.parameters)) {
    // A secret-looking parameter is SEC4's (its Default is a finding there already).
    if (looksSecretName(name)) continue;
    scan(template, value, [name], none, (m) => report(`Parameter::${name}`, `Parameter ${name}`, m));
  }
  for (const [name, value] of Object.entries(template.mappings)) {
    scan(template, value, [name], none, (m) => report(`Mapping::${name}`, `Mapping ${name}`, m));
  }
}

/**
 * SEC3: a credential of a well-known format anywhere in the template outside the
 * places SEC1 and SEC2 judge. App-level, so that every resource is searched once
 * whatever its type (the engine hands `check` only declared types).
 */
export const SEC3: Rule = {
  id: 'SEC3',
  family: 'secrets',
  severity: Severity.ERROR,
  title: 'No credentials are written into the template',
  explanation:
    'A template is copied to S3, to the cloud assembly, to source control and to CI logs, and CloudFormation shows it in the console: a credential written into user data, a tag, a description, an output or metadata is readable by everyone who can read any of them, and it cannot be rotated without changing the code.',
  fix: 'Remove the credential from the template and revoke it. Keep it in Secrets Manager or an SSM SecureString and fetch it at run time (EC2 user data: `aws secretsmanager get-secret-value` with an instance role allowed to read only that secret), or pass a dynamic reference (`SecretValue.secretsManager(...)` in CDK, `{{resolve:secretsmanager:...}}` in CloudFormation) where the property supports one.',
  controls: [],
  resourceTypes: [],
  checkTemplate(template, ctx) {
    for (const resource of template.resources) checkResource(ctx, resource);
    checkTemplateSections(ctx, template, ctx.templateCount > 1);
  },
};
