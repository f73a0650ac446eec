// Edge cases of the secret-name and credential matchers found by mutation testing.
import { FAKE } from './fake-credentials';
import { judgeName } from '../../../../src/checklist/rules/secrets/judge';
import { containsCredential, findCredentials, isSecretReference, looksSecretName, maskSecret } from '../../../../src/checklist/rules/secrets/secret-patterns';

const ids = (text: string) => findCredentials(text).map((m) => m.pattern.id);

describe('secret-looking names: plurals, pairs and reference suffixes', () => {
  test.each([['DB_PASSWORDS'], ['APP_SECRETS'], ['REFRESH_TOKENS'], ['AWS_CREDENTIAL'], ['APIKEYS'], ['PRIVATEKEY'], ['ACCESSKEY'], ['API_KEYS'], ['PRIVATE_KEYS'], ['ACCESS_KEYS']])(
    '%s looks secret',
    (name) => {
      expect(looksSecretName(name)).toBe(true);
    },
  );

  test.each([['DB_PASSWORD_ARNS'], ['TOKEN_NAMES'], ['API_KEY_PARAMS'], ['SECRET_PARAMETERS'], ['ACCESS_KEY_IDS'], ['SECRET_PATHS'], ['TOKEN_ENDPOINTS']])(
    '%s refers to secrets and does not look secret',
    (name) => {
      expect(looksSecretName(name)).toBe(false);
    },
  );

  test.each([['API_URL'], ['PRIVATE_SUBNET'], ['ACCESS_LOG_BUCKET'], ['KEY_API']])('%s does not look secret: the two words of a pair must follow each other', (name) => {
    expect(looksSecretName(name)).toBe(false);
  });

  test('a pair is named by both its words', () => {
    expect(judgeName('STRIPE_API_KEY')).toEqual({ kind: 'secret', word: 'api key' });
    expect(judgeName('SigningPrivateKey')).toEqual({ kind: 'secret', word: 'private key' });
  });
});

describe('names with holes', () => {
  test('a specific part separates the words around it, and its own words are not the name\'s', () => {
    expect(judgeName('db⟦Ref.Cluster⟧password')).toEqual({ kind: 'secret', word: 'password' });
    expect(judgeName('⟦Ref.TokenTable⟧_SIZE')).toEqual({ kind: 'plain' });
  });

  test('the words of an unknown part are not the name\'s', () => {
    expect(judgeName('/app/⟪Ref.TokenPrefix⟫/db/host')).toEqual({ kind: 'plain' });
  });

  test('an unknown last part could be a reference suffix, or a secret word', () => {
    // DB_PASSWORD_${Suffix} could be DB_PASSWORD_ARN: only maybe secret.
    expect(judgeName('DB_PASSWORD_⟪Ref.Suffix⟫')).toEqual({ kind: 'maybe' });
    expect(judgeName('/app/db/password/⟪Ref.Leaf⟫')).toEqual({ kind: 'maybe' });
    // Separators after the unknown part do not settle it.
    expect(judgeName('/app/db/⟪Ref.Leaf⟫/')).toEqual({ kind: 'maybe' });
  });
});

describe('credential patterns: placeholders and lengths', () => {
  test.each([
    ['a URL-encoded character', 'postgres://admin:p%40ssw0rd@db.example.com/app'],
    ['a password ending in x', 'redis://app:Kx9mPq2x@cache.internal:6379'],
    ['a password starting with x', 'postgres://admin:xK9pQ2mZ@db.example.com/app'],
    ['a password starting with $', 'mysql://root:$ecretPass!@db.example.com/app'],
    ['a password ending in angle brackets', 'amqp://user:pa<ss>@broker.internal/'],
    ['a password starting with angle brackets', 'amqp://user:<pa>ss@broker.internal/'],
  ])('a URL password with %s is a credential', (_what, text) => {
    expect(ids(text)).toEqual(['UrlPassword']);
  });

  test.each([
    ['a printf placeholder', 'postgres://admin:%s@db.example.com/app'],
    ['a masked password', 'postgres://admin:****@db.example.com/app'],
    ['a password of x', 'postgres://admin:xxxx@db.example.com/app'],
  ])('a URL whose password is %s holds no credential', (_what, text) => {
    expect(containsCredential(text)).toBe(false);
  });

  test('finds PEM private keys without an algorithm name (PKCS #8), encrypted or not', () => {
    expect(ids('-----BEGIN ' + 'PRIVATE KEY-----\nMIIE')).toEqual(['PrivateKey']);
    expect(ids('-----BEGIN ' + 'ENCRYPTED PRIVATE KEY-----\nMIIE')).toEqual(['PrivateKey']);
  });

  test.each([
    ['a Slack token prefix', 'Slack bot tokens start with xoxb-abc'],
    ['a truncated Slack webhook', 'https://hooks.slack.com/services/T000/B000/abc'],
    ['a Stripe key prefix', 'Stripe secret keys start with sk_live_abc'],
    ['a JWT with a short signature', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc'],
  ])('does not match %s', (_what, text) => {
    expect(containsCredential(text)).toBe(false);
  });

  test('says in messages which kind of credential it found', () => {
    const described = Object.values(FAKE).map((v) => findCredentials(v).map((m) => `${m.pattern.id}: ${m.pattern.description}`)[0]);
    expect([...new Set(described)].sort()).toEqual([
      'AwsAccessKey: an AWS access key ID',
      'GitHubToken: a GitHub token',
      'Jwt: a JSON Web Token',
      'PrivateKey: a PEM private key',
      'SlackToken: a Slack token or webhook URL',
      'StripeKey: a Stripe secret or restricted key',
      'UrlPassword: a URL with an embedded password',
    ]);
  });

  test('containsCredential is true for a credential', () => {
    expect(containsCredential(`key=${FAKE.awsAccessKey}`)).toBe(true);
  });

  test('masks all but a quarter (at most four characters) of a secret, and shows a private key\'s header, which is not secret', () => {
    expect(maskSecret('hunter2!')).toBe('hu…');
    expect(maskSecret('abc')).toBe('…');
    expect(maskSecret(FAKE.stripeKey)).toBe('sk_l…');
    expect(findCredentials(FAKE.privateKey)[0].masked).toBe('-----BEGIN ' + 'RSA PRIVATE KEY-----');
  });
});

describe('references to secrets are whole values', () => {
  test.each([
    ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db hunter2'],
    ['token=arn:aws:ssm:us-east-1:123456789012:parameter/app/token'],
    ['/app/db hunter2'],
  ])('%s is not a reference', (value) => {
    expect(isSecretReference(value)).toBe(false);
  });
});
