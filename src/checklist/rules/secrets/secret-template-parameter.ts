import { secretWordOf } from './secret-patterns';
import { Rule } from '../../rule';
import { Severity } from '../../severity';
import { asBool, isObject } from '../../values';

/**
 * SEC4: a template parameter that looks secret is shown in clear text or has a
 * default. Judged from each template's `Parameters` (they are not resources, so
 * the rule is app-level); the finding names the parameter in its detail.
 */
export const SEC4: Rule = {
  id: 'SEC4',
  family: 'secrets',
  severity: Severity.ERROR,
  title: 'Secret-looking template parameters are NoEcho and have no default',
  explanation:
    'Without NoEcho, CloudFormation shows a parameter\'s value in the console, in describe-stacks output and in stack events; a Default writes the secret into the template itself, which is copied to S3, source control and CI logs.',
  fix: 'Prefer not passing secrets as parameters at all: keep them in Secrets Manager or an SSM SecureString and use a dynamic reference (`{{resolve:secretsmanager:...}}`, `SecretValue.secretsManager(...)` in CDK). If a parameter is unavoidable, declare it `NoEcho: true` without a `Default` (CDK `new CfnParameter(this, \'DbPassword\', { noEcho: true })`).',
  controls: [],
  resourceTypes: [],
  checkTemplate(template, ctx) {
    const where = ctx.templateCount > 1 ? ` of template ${template.name}` : '';
    for (const [name, param] of Object.entries(template.parameters)) {
      const word = secretWordOf(name);
      if (word === undefined) continue;
      const def = isObject(param) ? param : {};
      const problems: string[] = [];
      if (asBool(def.NoEcho) !== true) problems.push('is not NoEcho, so CloudFormation shows its value in the console, describe-stacks and stack events');
      // An SSM parameter type's Default is the name of the parameter to read, not a secret.
      const ssmType = typeof def.Type === 'string' && def.Type.startsWith('AWS::SSM::Parameter::');
      if (def.Default !== undefined && !ssmType) problems.push('has a Default, which writes the value into the template');
      if (problems.length === 0) continue;
      ctx.report({
        detail: `Parameter::${name}`,
        template,
        message: `Template parameter ${name}${where} looks secret ('${word}') but ${problems.join(' and ')}`,
      });
    }
  },
};
