/**
 * Credentials in the formats SEC1/SEC3 detect, built at run time so that no
 * secret scanner mistakes the test sources for a leak. None of them is real.
 */
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

export const FAKE = {
  /** AWS's documentation example key. */
  awsAccessKey: 'AKIA' + 'IOSFODNN7EXAMPLE',
  awsSessionKey: 'ASIA' + 'Y34FZKBOKMUTVV7A',
  privateKey: '-----BEGIN ' + 'RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx\n-----END RSA PRIVATE KEY-----',
  openSshKey: '-----BEGIN ' + 'OPENSSH PRIVATE KEY-----',
  githubToken: 'ghp' + '_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
  githubPat: 'github' + '_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz',
  slackToken: 'xox' + 'b-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  slackWebhook: 'https://hooks.slack.com/services/' + 'T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
  stripeKey: 'sk' + '_live_' + '4eC39HqLyjWDarjtT1zdp7dc',
  jwt: `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1234567890', name: 'John Doe' })}.${'SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'}`,
  urlWithPassword: 'postgres://admin:' + 'S3cr3tP4ss' + '@db.example.com:5432/app',
};
