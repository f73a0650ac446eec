import { judgeName } from './judge';
import { findCredentials } from './secret-patterns';
import { NO_VALUE } from '../../resolve';
import { Rule } from '../../rule';
import { Severity } from '../../severity';
import { display } from '../../values';

/** CDK appends an 8-character hash to logical IDs; it is not a word of the name. */
function withoutCdkHash(logicalId: string): string {
  return logicalId.replace(/[0-9A-F]{8}$/, '');
}

/** SEC2: a secret kept in a plain `String`/`StringList` SSM parameter. */
export const SEC2: Rule = {
  id: 'SEC2',
  family: 'secrets',
  severity: Severity.ERROR,
  title: 'SSM parameters that hold secrets are SecureString',
  explanation:
    'A String or StringList SSM parameter is stored unencrypted and returned in clear text to anyone allowed ssm:GetParameter, and CloudFormation writes its value into the template. A secret kept there is readable by far more people than need it. CloudFormation cannot create SecureString parameters, so a secret must not be created through the template at all.',
  fix: 'Create the secret as a SecureString outside the template (or with the SecureParameter construct of cdk-hardened) and reference it by name, or keep it in Secrets Manager (`new secretsmanager.Secret(...)`, CloudFormation `AWS::SecretsManager::Secret` with `GenerateSecretString`); keep only non-secret configuration in `ssm.StringParameter` / `AWS::SSM::Parameter`.',
  controls: [],
  resourceTypes: ['AWS::SSM::Parameter'],
  check(resource, ctx) {
    const types = ctx.variants(resource.prop('Type'));
    // CloudFormation creates only String and StringList parameters; anything else is not this rule's.
    if (types.every((t) => typeof t === 'string' && !/^(String|StringList)$/.test(t) && !t.includes('⟪'))) return;

    // Without a Name (also on an `Fn::If` branch that is `AWS::NoValue`), CloudFormation
    // generates one from the logical ID.
    const rawName = resource.prop('Name');
    const variants = rawName === undefined ? [undefined] : ctx.variants(rawName);
    const generatedName = withoutCdkHash(resource.logicalId);
    const names = new Map<unknown, boolean>(variants.map((n) => (n === undefined || n === NO_VALUE ? [generatedName, true] : [n, false])));
    for (const [name, generated] of names) {
      const verdict = judgeName(name);
      const label = generated
        ? `SSM parameter ${resource.displayName}, whose name CloudFormation generates from its logical ID ${resource.logicalId},`
        : `SSM parameter ${display(name)} (${resource.displayName})`;
      if (verdict.kind === 'secret') {
        ctx.report({
          detail: `Name::${generated ? resource.logicalId : display(name)}`,
          message: `${label} is a plain String but its name looks secret ('${verdict.word}'): its value is stored unencrypted and written into the template`,
        });
      } else if (verdict.kind === 'maybe') {
        ctx.unresolved('Properties.Name', `The name of ${label}, which decides whether it holds a secret,`);
      }
    }

    for (const value of ctx.variants(resource.prop('Value'))) {
      if (typeof value !== 'string') continue;
      for (const c of findCredentials(value)) {
        ctx.report({
          detail: `Credential::${c.pattern.id}`,
          message: `SSM parameter ${resource.displayName} is a plain String holding ${c.pattern.description} (${c.masked}): it is stored unencrypted and written into the template`,
        });
      }
    }
  },
};
