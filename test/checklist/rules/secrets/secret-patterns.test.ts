import { FAKE } from './fake-credentials';
import { judgeName } from '../../../../src/checklist/rules/secrets/judge';
import {
  CREDENTIAL_MARKERS,
  CREDENTIAL_PATTERNS,
  containsCredential,
  findCredentials,
  isSecretReference,
  looksSecretName,
  nameWords,
} from '../../../../src/checklist/rules/secrets/secret-patterns';
import { Unknown } from '../../../../src/checklist/values';

describe('secret-looking names', () => {
  test.each([
    ['DB_PASSWORD'],
    ['db_password'],
    ['PASSWD'],
    ['MYSQL_PWD'],
    ['CLIENT_SECRET'],
    ['AWS_SECRET_ACCESS_KEY'],
    ['AUTH_TOKEN'],
    ['API_KEY'],
    ['APIKEY'],
    ['PRIVATE_KEY'],
    ['GOOGLE_CREDENTIALS'],
    ['ACCESS_KEY'],
    ['api-key'],
    ['x-api-key'],
    ['db-password'],
    ['/app/db/password'],
    ['/app/prod/stripe/api-key'],
    ['app.db.password'],
    ['DbPassword'],
    ['dbPassword'],
    ['ApiKey'],
    ['APIKey'],
    ['GitHubToken'],
    ['PrivateKeyPem'],
    ['SshPassphrase'],
    ['Password'],
  ])('%s looks secret', (name) => {
    expect(looksSecretName(name)).toBe(true);
  });

  test.each([
    ['DB_PASSWORD_ARN'],
    ['DB_PASSWORD_NAME'],
    ['DB_PASSWORD_PARAM'],
    ['DB_PASSWORD_PARAMETER'],
    ['API_KEY_ID'],
    ['AWS_ACCESS_KEY_ID'],
    ['TOKEN_PATH'],
    ['SECRET_ENDPOINT'],
    ['SECRETS_REGION'],
    ['db-password-arn'],
    ['/app/db/password/arn'],
    ['/app/db/password-param'],
    ['DbPasswordArn'],
    ['dbPasswordARN'],
    ['DbSecretName'],
    ['ApiKeyParameter'],
    ['TokenParam'],
    ['SecretId'],
    ['SecretPath'],
  ])('%s refers to a secret and does not look secret', (name) => {
    expect(looksSecretName(name)).toBe(false);
  });

  test.each([['TABLE_NAME'], ['LOG_LEVEL'], ['KEYBOARD'], ['PASSPORT_NUMBER'], ['TOKENIZER_MODEL'], ['Secretary'], ['BootstrapVersion'], ['publicKey'], ['']])(
    '%s does not look secret (words, not substrings)',
    (name) => {
      expect(looksSecretName(name)).toBe(false);
    },
  );

  test('splits snake, kebab, path and CamelCase names into words', () => {
    expect(nameWords('DB_PASSWORD')).toEqual(['db', 'password']);
    expect(nameWords('x-api-key')).toEqual(['x', 'api', 'key']);
    expect(nameWords('/app/db/password')).toEqual(['app', 'db', 'password']);
    expect(nameWords('APIKeyArn')).toEqual(['api', 'key', 'arn']);
    expect(nameWords('oauth2Token')).toEqual(['oauth', '2', 'token']);
  });
});

describe('credential patterns', () => {
  test.each([
    ['AwsAccessKey', FAKE.awsAccessKey],
    ['AwsAccessKey', FAKE.awsSessionKey],
    ['PrivateKey', FAKE.privateKey],
    ['PrivateKey', FAKE.openSshKey],
    ['GitHubToken', FAKE.githubToken],
    ['GitHubToken', FAKE.githubPat],
    ['SlackToken', FAKE.slackToken],
    ['SlackToken', FAKE.slackWebhook],
    ['StripeKey', FAKE.stripeKey],
    ['Jwt', FAKE.jwt],
    ['UrlPassword', FAKE.urlWithPassword],
  ])('finds %s', (id, text) => {
    expect(findCredentials(`export X=${text}\n`).map((m) => m.pattern.id)).toEqual([id]);
  });

  test('finds a URL whose literal password has shell-like characters', () => {
    expect(findCredentials('mysql://root:pa$$w0rd@db/app').map((m) => m.pattern.id)).toEqual(['UrlPassword']);
  });

  test('masks what it found', () => {
    const [m] = findCredentials(FAKE.awsAccessKey);
    expect(m.masked).toBe('AKIA…');
    expect(findCredentials(FAKE.urlWithPassword)[0].masked).toBe('postgres://admin:****@');
  });

  test.each([
    ['a URL whose password is a placeholder', 'postgres://admin:${DbPassword}@db.example.com/app'],
    ['a URL whose password is a dynamic reference', 'postgres://admin:{{resolve:secretsmanager:db}}@host/app'],
    ['a URL whose password is unknown at synth time', 'postgres://admin:⟪Ref.DbPassword⟫@host/app'],
    ['a URL with a port and no password', 'https://example.com:8443/path?a=b@c'],
    ['a URL whose password is a shell variable', 'redis://default:$REDIS_PASSWORD@cache:6379'],
    ['a URL whose password is a documentation placeholder', 'amqp://user:<password>@broker/'],
    ['an access key ID embedded in a longer word', `X${FAKE.awsAccessKey}Y`],
    ['an account ID', 'arn:aws:iam::123456789012:role/AKIA'],
    ['a public key', '-----BEGIN PUBLIC KEY-----'],
    ['plain text', 'hello world'],
  ])('does not match %s', (_what, text) => {
    expect(containsCredential(text)).toBe(false);
  });
});

describe('references to secrets', () => {
  test.each([
    ['{{resolve:secretsmanager:prod/db:SecretString:password}}'],
    ['{{resolve:ssm-secure:/app/db/password}}'],
    ['{{resolve:ssm:/app/db/host}}'],
    ['arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf'],
    ['arn:⟦AWS.Partition⟧:ssm:⟦AWS.Region⟧:⟦AWS.AccountId⟧:parameter/app/db/password'],
    ['/app/db/password'],
  ])('%s is a reference', (value) => {
    expect(isSecretReference(value)).toBe(true);
  });

  test.each([['hunter2hunter2'], ['/'], ['arn:aws:s3:::bucket'], ['db-password']])('%s is not a reference', (value) => {
    expect(isSecretReference(value)).toBe(false);
  });
});

describe('names with parts unknown at synth time', () => {
  test('a secret word in the known part makes the name secret', () => {
    expect(judgeName('/app/⟪Ref.Env⟫/db/password')).toEqual({ kind: 'secret', word: 'password' });
  });

  test('an unknown part inside the name only qualifies it', () => {
    expect(judgeName('/app/⟪Ref.Env⟫/db/host')).toEqual({ kind: 'plain' });
  });

  test('an unknown last part could make the name secret', () => {
    expect(judgeName('/app/db/⟪Ref.Leaf⟫')).toEqual({ kind: 'maybe' });
    expect(judgeName(new Unknown('Fn::ImportValue'))).toEqual({ kind: 'maybe' });
  });

  test('a reference suffix after the unknown part settles it', () => {
    expect(judgeName('/app/⟪Ref.Leaf⟫-arn')).toEqual({ kind: 'plain' });
  });

  test('a specific part (a resource name, the region) is neutral', () => {
    expect(judgeName('⟦Ref.Table⟧_PASSWORD')).toEqual({ kind: 'secret', word: 'password' });
    expect(judgeName('/app/⟦AWS.Region⟧/config')).toEqual({ kind: 'plain' });
  });
});

describe('the credential markers (the prefilter before the patterns run)', () => {
  test.each(Object.entries(FAKE))('cover %s', (_name, value) => {
    expect(CREDENTIAL_MARKERS.test(value)).toBe(true);
  });

  test('every pattern has a fake credential that it matches', () => {
    const values: string[] = Object.values(FAKE);
    for (const p of CREDENTIAL_PATTERNS) {
      expect({ pattern: p.id, matched: values.some((v) => p.regex.test(v)) }).toEqual({ pattern: p.id, matched: true });
    }
  });
});
