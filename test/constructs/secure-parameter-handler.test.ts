import * as https from 'https';
import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CustomResourceResponse,
  generateValue,
  handler,
  KEY_TAG,
  PLACEHOLDER_VALUE,
  SecureParameterEvent,
  SecureParameterResourceProperties,
  settings,
} from '../../src/constructs/secure-parameter-handler';

jest.mock('https', () => ({ ...jest.requireActual('https'), request: jest.fn() }));

const ssm = mockClient(SSMClient);
const request = https.request as unknown as jest.Mock;

const RESPONSE_URL = 'https://cloudformation-custom-resource-response.s3.amazonaws.com/stack/req?X-Amz-Signature=abc';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
const OTHER_KEY = 'arn:aws:kms:us-east-1:123456789012:key/99999999-8888-7777-6666-555555555555';

const props = (over: Partial<SecureParameterResourceProperties> = {}): SecureParameterResourceProperties => ({
  ParameterName: '/app/db/password',
  KeyArn: KEY,
  ValueSource: 'GENERATED',
  Generator: { Length: '32' },
  RemovalPolicy: 'retain',
  ...over,
});

const base = {
  ResponseURL: RESPONSE_URL,
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/S/guid',
  RequestId: 'request-1',
  LogicalResourceId: 'DbPassword',
  ResourceType: 'Custom::HardenedSecureParameter',
};

const createEvent = (p = props()): SecureParameterEvent => ({ ...base, RequestType: 'Create', ResourceProperties: p });
const updateEvent = (p: SecureParameterResourceProperties, old: SecureParameterResourceProperties, physical = '/app/db/password'): SecureParameterEvent => ({
  ...base,
  RequestType: 'Update',
  PhysicalResourceId: physical,
  ResourceProperties: p,
  OldResourceProperties: old,
});
const deleteEvent = (p: SecureParameterResourceProperties, physical = '/app/db/password'): SecureParameterEvent => ({
  ...base,
  RequestType: 'Delete',
  PhysicalResourceId: physical,
  ResourceProperties: p,
});

/** Every response PUT to CloudFormation, with where it went. */
let sent: Array<{ options: https.RequestOptions; body: CustomResourceResponse }>;

function named(error: string, message = error): Error {
  const e = new Error(message);
  e.name = error;
  return e;
}

function putValues(): string[] {
  return ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input.Value!);
}

beforeEach(() => {
  ssm.reset();
  ssm.onAnyCommand().resolves({});
  settings.retryDelayMs = 0;
  settings.maxAttempts = 8;
  sent = [];
  request.mockReset();
  request.mockImplementation((options: https.RequestOptions, callback: (res: any) => void) => {
    let body = '';
    return {
      on: jest.fn(),
      write: (chunk: string) => {
        body += chunk;
      },
      end: () => {
        sent.push({ options, body: JSON.parse(body) });
        const handlers: Record<string, () => void> = {};
        callback({ resume: () => undefined, on: (event: string, fn: () => void) => (handlers[event] = fn) });
        handlers.end?.();
      },
    };
  });
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe('Create', () => {
  test('creates a SecureString encrypted with the customer managed key, with a generated value', async () => {
    await handler(createEvent());

    const calls = ssm.commandCalls(PutParameterCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toMatchObject({
      Name: '/app/db/password',
      Type: 'SecureString',
      KeyId: KEY,
      Overwrite: false,
      Tier: 'Standard',
      Tags: [{ Key: KEY_TAG, Value: KEY }],
    });
    expect(calls[0].args[0].input.Value).toHaveLength(32);
  });

  test('reports SUCCESS with the parameter name as physical ID, by PUT to the ResponseURL', async () => {
    await handler(createEvent());

    expect(sent).toHaveLength(1);
    expect(sent[0].options).toMatchObject({
      method: 'PUT',
      hostname: 'cloudformation-custom-resource-response.s3.amazonaws.com',
      path: '/stack/req?X-Amz-Signature=abc',
    });
    expect(sent[0].body).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: '/app/db/password',
      RequestId: 'request-1',
      LogicalResourceId: 'DbPassword',
      StackId: base.StackId,
    });
  });

  test('never sends or logs the generated value, nor logs the ResponseURL', async () => {
    await handler(createEvent());

    const [value] = putValues();
    expect(JSON.stringify(sent)).not.toContain(value);
    const logged = (console.log as jest.Mock).mock.calls.flat().join('\n');
    expect(logged).not.toContain(value);
    expect(logged).not.toContain('X-Amz-Signature');
  });

  test('writes the placeholder for a placeholder value', async () => {
    await handler(createEvent(props({ ValueSource: 'PLACEHOLDER', Generator: undefined })));

    expect(putValues()).toEqual([PLACEHOLDER_VALUE]);
  });

  test('passes the user tags and its own key tag', async () => {
    await handler(createEvent(props({ Tags: [{ Key: 'team', Value: 'payments' }] })));

    expect(ssm.commandCalls(PutParameterCommand)[0].args[0].input.Tags).toEqual([
      { Key: 'team', Value: 'payments' },
      { Key: KEY_TAG, Value: KEY },
    ]);
  });

  test('reports ParameterAlreadyExists as FAILED with a clear reason, and a physical ID that is not the name', async () => {
    ssm.on(PutParameterCommand).rejects(named('ParameterAlreadyExists', 'The parameter already exists.'));

    await handler(createEvent());

    expect(sent[0].body.Status).toBe('FAILED');
    expect(sent[0].body.Reason).toContain('parameter /app/db/password already exists');
    expect(sent[0].body.Reason).toContain('never takes over one it did not create');
    expect(sent[0].body.PhysicalResourceId).toBe('create-failed:request-1');
  });

  test('retries a call denied while new IAM permissions propagate', async () => {
    ssm.on(PutParameterCommand).rejectsOnce(named('AccessDeniedException')).resolves({});

    await handler(createEvent());

    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(2);
    expect(sent[0].body.Status).toBe('SUCCESS');
  });

  test('reports FAILED, naming the error, when access stays denied', async () => {
    settings.maxAttempts = 3;
    ssm.on(PutParameterCommand).rejects(named('AccessDeniedException', 'not authorized to perform ssm:PutParameter'));

    await handler(createEvent());

    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(3);
    expect(sent[0].body.Status).toBe('FAILED');
    expect(sent[0].body.Reason).toContain('AccessDeniedException: not authorized to perform ssm:PutParameter');
  });
});

describe('Update', () => {
  test('does not regenerate when only the generator settings change', async () => {
    await handler(updateEvent(props({ Generator: { Length: '64', ExcludePunctuation: 'true' } }), props()));

    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
    expect(sent[0].body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: '/app/db/password' });
  });

  test('regenerates, with the current generator settings, when the rotation token changes', async () => {
    await handler(
      updateEvent(props({ RotationToken: '2', Generator: { Length: '48', ExcludePunctuation: 'true' } }), props({ RotationToken: '1' })),
    );

    const calls = ssm.commandCalls(PutParameterCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0].args[0].input).toMatchObject({ Name: '/app/db/password', Type: 'SecureString', KeyId: KEY, Overwrite: true });
    expect(calls[0].args[0].input.Value).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(sent[0].body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: '/app/db/password' });
  });

  test('never overwrites a placeholder value set out of band', async () => {
    await handler(updateEvent(props({ ValueSource: 'PLACEHOLDER', RotationToken: '2' }), props({ ValueSource: 'PLACEHOLDER', RotationToken: '1' })));

    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  test('creates the new parameter when the name changes, returning the new name as physical ID', async () => {
    await handler(updateEvent(props({ ParameterName: '/app/db/password-v2' }), props()));

    const calls = ssm.commandCalls(PutParameterCommand);
    expect(calls[0].args[0].input).toMatchObject({ Name: '/app/db/password-v2', Overwrite: false });
    expect(sent[0].body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: '/app/db/password-v2' });
  });

  test('fails with a clear reason when the key changes without a new value', async () => {
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: KEY_TAG, Value: KEY }] });

    await handler(updateEvent(props({ KeyArn: OTHER_KEY }), props()));

    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
    expect(sent[0].body.Status).toBe('FAILED');
    expect(sent[0].body.Reason).toContain('change rotationToken');
    expect(sent[0].body.PhysicalResourceId).toBe('/app/db/password');
  });

  test('accepts a key change when the value is already under the new key (a rollback)', async () => {
    ssm.on(ListTagsForResourceCommand).resolves({ TagList: [{ Key: KEY_TAG, Value: OTHER_KEY }] });

    await handler(updateEvent(props({ KeyArn: OTHER_KEY }), props()));

    expect(sent[0].body.Status).toBe('SUCCESS');
  });

  test('re-encrypts under the new key when the key and the rotation token change', async () => {
    await handler(updateEvent(props({ KeyArn: OTHER_KEY, RotationToken: 'b' }), props({ RotationToken: 'a' })));

    expect(ssm.commandCalls(PutParameterCommand)[0].args[0].input).toMatchObject({ KeyId: OTHER_KEY, Overwrite: true });
    expect(ssm.commandCalls(AddTagsToResourceCommand)[0].args[0].input.Tags).toEqual([{ Key: KEY_TAG, Value: OTHER_KEY }]);
    expect(sent[0].body.Status).toBe('SUCCESS');
  });

  test('adds changed tags and removes dropped ones', async () => {
    await handler(
      updateEvent(
        props({ Tags: [{ Key: 'team', Value: 'risk' }, { Key: 'env', Value: 'prod' }] }),
        props({ Tags: [{ Key: 'team', Value: 'payments' }, { Key: 'old', Value: 'x' }] }),
      ),
    );

    expect(ssm.commandCalls(AddTagsToResourceCommand)[0].args[0].input).toMatchObject({
      ResourceType: 'Parameter',
      ResourceId: '/app/db/password',
      Tags: [{ Key: 'team', Value: 'risk' }, { Key: 'env', Value: 'prod' }],
    });
    expect(ssm.commandCalls(RemoveTagsFromResourceCommand)[0].args[0].input).toMatchObject({ TagKeys: ['old'] });
  });
});

describe('Delete', () => {
  test('keeps the parameter by default (retain)', async () => {
    await handler(deleteEvent(props()));

    expect(ssm.commandCalls(DeleteParameterCommand)).toHaveLength(0);
    expect(sent[0].body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: '/app/db/password' });
  });

  test('deletes the parameter when the removal policy is destroy', async () => {
    await handler(deleteEvent(props({ RemovalPolicy: 'destroy' })));

    expect(ssm.commandCalls(DeleteParameterCommand)[0].args[0].input).toEqual({ Name: '/app/db/password' });
    expect(sent[0].body.Status).toBe('SUCCESS');
  });

  test('succeeds when the parameter to destroy is already gone', async () => {
    ssm.on(DeleteParameterCommand).rejects(named('ParameterNotFound'));

    await handler(deleteEvent(props({ RemovalPolicy: 'destroy' })));

    expect(sent[0].body.Status).toBe('SUCCESS');
  });

  test('never deletes a parameter it did not create (after a failed create)', async () => {
    await handler(deleteEvent(props({ RemovalPolicy: 'destroy' }), 'create-failed:request-0'));

    expect(ssm.commandCalls(DeleteParameterCommand)).toHaveLength(0);
    expect(sent[0].body).toMatchObject({ Status: 'SUCCESS', PhysicalResourceId: 'create-failed:request-0' });
  });

  test('reports FAILED when the delete is refused', async () => {
    ssm.on(DeleteParameterCommand).rejects(named('InternalServerError', 'boom'));

    await handler(deleteEvent(props({ RemovalPolicy: 'destroy' })));

    expect(sent[0].body).toMatchObject({ Status: 'FAILED', PhysicalResourceId: '/app/db/password' });
    expect(sent[0].body.Reason).toContain('Delete of SecureParameter /app/db/password failed: InternalServerError: boom');
  });
});

describe('generateValue', () => {
  test('generates the asked length from every included class', () => {
    const value = generateValue({ Length: '40' });
    expect(value).toHaveLength(40);
    expect(value).toMatch(/[a-z]/);
    expect(value).toMatch(/[A-Z]/);
    expect(value).toMatch(/[0-9]/);
    expect(value).toMatch(/[^A-Za-z0-9]/);
  });

  test('leaves out excluded classes and characters', () => {
    const value = generateValue({ Length: 200, ExcludePunctuation: 'true', ExcludeUppercase: true, ExcludeCharacters: 'abc0' });
    expect(value).toMatch(/^[d-z1-9]{200}$/);
  });

  test('includes a space only when asked', () => {
    expect(generateValue({ Length: 500 })).not.toContain(' ');
    expect(generateValue({ Length: 4, ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true, IncludeSpace: true })).toBe('    ');
  });

  test('differs from one call to the next', () => {
    expect(generateValue({})).not.toEqual(generateValue({}));
  });

  test('refuses settings that leave a required class empty', () => {
    expect(() => generateValue({ ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true })).toThrow(
      /exclude every character/,
    );
  });
});
