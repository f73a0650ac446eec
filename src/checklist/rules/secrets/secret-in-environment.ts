import { alternatives, judgeName, judgeSecretValue } from './judge';
import { findCredentials } from './secret-patterns';
import { ResourceView } from '../../model';
import { Rule, RuleContext } from '../../rule';
import { Severity } from '../../severity';
import { display, hasHole, isObject } from '../../values';

const LAMBDA_FIX =
  'Keep the secret in Secrets Manager (or an SSM SecureString) and pass only where it lives: in CDK `environment: { DB_PASSWORD_ARN: secret.secretArn }` with `secret.grantRead(fn)`, and read it at run time (the Parameters and Secrets Lambda extension caches it); in CloudFormation set the variable to the secret\'s ARN or parameter name, never its value.';
const ECS_FIX =
  'Pass the secret through the container\'s secrets, not its environment: in CDK `secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(secret) }` (or `ecs.Secret.fromSsmParameter(param)`); in CloudFormation move it from `ContainerDefinitions[].Environment` to `ContainerDefinitions[].Secrets` with `ValueFrom` set to the secret or parameter ARN.';
const CODEBUILD_FIX =
  'Make the variable a reference: in CDK `environmentVariables: { TOKEN: { type: codebuild.BuildEnvironmentVariableType.SECRETS_MANAGER, value: \'my-secret:token\' } }` (or `PARAMETER_STORE` with a parameter name); in CloudFormation set the variable\'s `Type` to `SECRETS_MANAGER` or `PARAMETER_STORE` and its `Value` to the secret or parameter name.';

function fixFor(resource: ResourceView): string {
  if (resource.type === 'AWS::ECS::TaskDefinition') return ECS_FIX;
  if (resource.type === 'AWS::CodeBuild::Project') return CODEBUILD_FIX;
  return LAMBDA_FIX;
}

function kindOf(resource: ResourceView): string {
  if (resource.type === 'AWS::ECS::TaskDefinition') return 'task definition';
  if (resource.type === 'AWS::CodeBuild::Project') return 'CodeBuild project';
  return 'function';
}

/**
 * Judges one environment variable: a credential pattern in its value, or a
 * secret-looking name whose value is not a reference to where the secret lives.
 *
 * @param names the variants of the variable's name (resolved)
 * @param rawValue the variable's raw value
 * @param path the property path, for `Unresolved::` details (without the name)
 * @param where how the message names the variable's place (`container web of`)
 */
function judgeVariable(resource: ResourceView, ctx: RuleContext, names: unknown[], rawValue: unknown, path: string, where = '') {
  const values = ctx.variants(rawValue);
  const fix = fixFor(resource);
  const owner = `${where}${kindOf(resource)} ${resource.displayName}`;
  for (const name of names) {
    const label = display(name);
    const detail = `Variable::${label}`;
    const namePath = `${path}.${typeof name === 'string' && !hasHole(name) ? label : 'Name'}`;
    const verdict = judgeName(name);
    for (const value of values) {
      if (typeof value === 'string') {
        const creds = findCredentials(value);
        if (creds.length > 0) {
          const found = creds.map((c) => `${c.pattern.description} (${c.masked})`).join(', ');
          ctx.report({ detail, fix, message: `Environment variable ${label} of ${owner} holds ${found} in plain text` });
          continue;
        }
      }
      const judged = judgeSecretValue(ctx.template, value, rawValue);
      if (judged.kind === 'access-key-secret') {
        ctx.report({
          detail,
          fix,
          message: `Environment variable ${label} of ${owner} holds the secret access key of ${judged.logicalId} in plain text`,
        });
        continue;
      }
      if (verdict.kind === 'plain' || judged.kind === 'reference') continue;
      if (verdict.kind === 'maybe') {
        ctx.unresolved(namePath, `The name of an environment variable of ${owner} (${label}), which decides whether its literal value is a secret,`);
        continue;
      }
      const why = `its name looks secret ('${verdict.word}') and environment variables are readable in plain text by anyone who can view the ${kindOf(resource)}'s configuration`;
      if (judged.kind === 'literal') {
        ctx.report({ detail, fix, message: `Environment variable ${label} of ${owner} holds a literal value (${judged.length} characters): ${why}` });
      } else if (judged.kind === 'parameter') {
        ctx.report({
          detail,
          fix,
          message: `Environment variable ${label} of ${owner} takes the value of template parameter ${judged.name} (NoEcho does not help): ${why}`,
        });
      } else {
        ctx.unresolved(`${path}.${label}`, `The value of secret-looking environment variable ${label} of ${owner} (${judged.what})`);
      }
    }
  }
}

/** Lambda / SAM function: `Environment.Variables` is a map of name to value. */
function checkFunction(resource: ResourceView, ctx: RuleContext) {
  const path = 'Properties.Environment.Variables';
  for (const env of alternatives(ctx, resource.prop('Environment'))) {
    if (env === undefined) continue;
    if (!isObject(env)) {
      ctx.unresolved('Properties.Environment', `The environment of function ${resource.displayName}`);
      continue;
    }
    for (const vars of alternatives(ctx, env.Variables)) {
      if (vars === undefined) continue;
      if (!isObject(vars)) {
        ctx.unresolved(path, `The environment variables of function ${resource.displayName}`);
        continue;
      }
      for (const [name, raw] of Object.entries(vars)) {
        judgeVariable(resource, ctx, [name], raw, path);
      }
    }
  }
}

/** ECS: `ContainerDefinitions[].Environment` is a list of `{ Name, Value }` (`Secrets` are references by design). */
function checkTaskDefinition(resource: ResourceView, ctx: RuleContext) {
  const containers = ctx.items(resource.prop('ContainerDefinitions'));
  containers.forEach((container, i) => {
    const cpath = `Properties.ContainerDefinitions.${i}`;
    if (!isObject(container)) {
      ctx.unresolved(cpath, `A container definition of task definition ${resource.displayName}`);
      return;
    }
    const cname = typeof container.Name === 'string' ? container.Name : undefined;
    const where = cname ? `container ${cname} of ` : '';
    for (const entry of ctx.items(container.Environment)) {
      if (!isObject(entry)) {
        ctx.unresolved(`${cpath}.Environment`, `An environment entry of task definition ${resource.displayName}`);
        continue;
      }
      judgeVariable(resource, ctx, ctx.variants(entry.Name), entry.Value, `${cpath}.Environment`, where);
    }
  });
}

/** CodeBuild: `Environment.EnvironmentVariables` is a list of `{ Name, Value, Type }`; only `PLAINTEXT` (the default) holds values. */
function checkProject(resource: ResourceView, ctx: RuleContext) {
  const path = 'Properties.Environment.EnvironmentVariables';
  for (const env of alternatives(ctx, resource.prop('Environment'))) {
    if (env === undefined) continue;
    if (!isObject(env)) {
      ctx.unresolved('Properties.Environment', `The build environment of CodeBuild project ${resource.displayName}`);
      continue;
    }
    for (const entry of ctx.items(env.EnvironmentVariables)) {
      if (!isObject(entry)) {
        ctx.unresolved(path, `An environment variable of CodeBuild project ${resource.displayName}`);
        continue;
      }
      const types = ctx.variants(entry.Type).map((t) => (t === undefined ? 'PLAINTEXT' : t));
      const names = ctx.variants(entry.Name);
      if (types.some((t) => typeof t === 'string' && t.toUpperCase() === 'PLAINTEXT')) {
        judgeVariable(resource, ctx, names, entry.Value, path);
      } else if (types.some((t) => typeof t !== 'string' || !/^(PARAMETER_STORE|SECRETS_MANAGER)$/i.test(t))) {
        // A type that could be PLAINTEXT: the value decides only if it would be a finding as plain text.
        let wouldFire = false;
        const probe: RuleContext = { ...ctx, report: () => (wouldFire = true), unresolved: () => (wouldFire = true) };
        judgeVariable(resource, probe, names, entry.Value, path);
        if (wouldFire) {
          const label = names.map(display).join(' or ');
          ctx.unresolved(`${path}.${label}.Type`, `The type of environment variable ${label} of CodeBuild project ${resource.displayName} (PLAINTEXT or a reference)`);
        }
      }
    }
  }
}

/** SEC1: literal secrets in environment variables. */
export const SEC1: Rule = {
  id: 'SEC1',
  family: 'secrets',
  severity: Severity.ERROR,
  title: 'Environment variables hold no literal secrets',
  explanation:
    'Environment variables of Lambda functions, ECS containers and CodeBuild projects are stored in plain text in the resource\'s configuration and in the template: anyone who can read the function, task definition, project or stack sees them, and they end up in logs and CI output. Secrets belong in Secrets Manager or SSM SecureString parameters, read at run time by a role that may read only them.',
  fix: LAMBDA_FIX,
  controls: ['CodeBuild.2'],
  resourceTypes: ['AWS::Lambda::Function', 'AWS::Serverless::Function', 'AWS::ECS::TaskDefinition', 'AWS::CodeBuild::Project'],
  check(resource, ctx) {
    if (resource.type === 'AWS::ECS::TaskDefinition') checkTaskDefinition(resource, ctx);
    else if (resource.type === 'AWS::CodeBuild::Project') checkProject(resource, ctx);
    else checkFunction(resource, ctx);
  },
};
