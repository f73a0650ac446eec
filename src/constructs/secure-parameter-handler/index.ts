/*
 * The provider of `SecureParameter`: a plain CloudFormation custom resource handler
 * that creates an SSM SecureString parameter (CloudFormation cannot), generating its
 * value here, at deploy time, so the value never appears in a template, the cloud
 * assembly or the custom resource's properties.
 *
 * It runs on a Lambda Node.js runtime, which provides the AWS SDK for JavaScript v3.
 * It never logs a value, and never logs the ResponseURL (a presigned URL anyone who
 * reads the logs could use to answer CloudFormation in its place).
 */
import { randomInt } from 'crypto';
import * as https from 'https';
import { URL } from 'url';
// The Lambda Node.js runtime provides the AWS SDK v3; the library itself never loads this module.
// eslint-disable-next-line import/no-extraneous-dependencies
import {
  AddTagsToResourceCommand,
  DeleteParameterCommand,
  ListTagsForResourceCommand,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
  SSMClient,
  Tag,
} from '@aws-sdk/client-ssm';

/** The properties of a `Custom::HardenedSecureParameter` resource (CloudFormation passes scalars as strings). */
export interface SecureParameterResourceProperties {
  readonly ServiceToken?: string;
  readonly ParameterName: string;
  /** The ARN of the customer managed KMS key to encrypt the value with. */
  readonly KeyArn: string;
  /** `GENERATED` (the provider generates the value) or `PLACEHOLDER` (set out of band). */
  readonly ValueSource: string;
  readonly Generator?: GeneratorProperties;
  /** The value is (re)generated when this changes. */
  readonly RotationToken?: string;
  /** `retain` or `destroy`. */
  readonly RemovalPolicy?: string;
  readonly Tags?: ReadonlyArray<{ readonly Key: string; readonly Value: string }>;
}

/** Generator settings (Secrets Manager's `GetRandomPassword` semantics). */
export interface GeneratorProperties {
  readonly Length?: string | number;
  readonly ExcludeCharacters?: string;
  readonly ExcludeLowercase?: string | boolean;
  readonly ExcludeUppercase?: string | boolean;
  readonly ExcludeNumbers?: string | boolean;
  readonly ExcludePunctuation?: string | boolean;
  readonly IncludeSpace?: string | boolean;
  readonly RequireEachIncludedType?: string | boolean;
}

interface EventBase {
  readonly ServiceToken?: string;
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly ResourceType: string;
  readonly ResourceProperties: SecureParameterResourceProperties;
}

/** A CloudFormation custom resource request. */
export type SecureParameterEvent =
  | (EventBase & { readonly RequestType: 'Create' })
  | (EventBase & {
    readonly RequestType: 'Update';
    readonly PhysicalResourceId: string;
    readonly OldResourceProperties: SecureParameterResourceProperties;
  })
  | (EventBase & { readonly RequestType: 'Delete'; readonly PhysicalResourceId: string });

/** What is sent back to CloudFormation. */
export interface CustomResourceResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/** Tunables, exported so tests can make retries immediate. */
export const settings = {
  /** How long to wait before retrying a call denied while new IAM permissions propagate. */
  retryDelayMs: 5_000,
  /** How many times a denied call is tried in all. */
  maxAttempts: 8,
};

/** The value a parameter created with `SecureParameterValue.placeholder()` holds until set out of band. */
export const PLACEHOLDER_VALUE = 'PLACEHOLDER: set this SecureString value out of band (aws ssm put-parameter --overwrite)';

/** A tag the provider keeps on the parameter: the KMS key its current value is encrypted with. */
export const KEY_TAG = 'cdk-hardened:kms-key-arn';

const LOWERCASE = 'abcdefghijklmnopqrstuvwxyz';
const UPPERCASE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NUMBERS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const SPACE = ' ';

/** A failure whose message is meant for the CloudFormation console. */
class ReportedError extends Error {}

let client: SSMClient | undefined;
function ssm(): SSMClient {
  return (client ??= new SSMClient({}));
}

/** The Lambda entry point. Always answers CloudFormation, whatever happens. */
export async function handler(event: SecureParameterEvent): Promise<void> {
  console.log(
    JSON.stringify({
      requestType: event.RequestType,
      logicalResourceId: event.LogicalResourceId,
      physicalResourceId: 'PhysicalResourceId' in event ? event.PhysicalResourceId : undefined,
      parameterName: event.ResourceProperties?.ParameterName,
    }),
  );
  let response: CustomResourceResponse;
  try {
    const { physicalResourceId, data } = await dispatch(event);
    response = {
      Status: 'SUCCESS',
      PhysicalResourceId: physicalResourceId,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
      Data: data,
    };
  } catch (e) {
    const reason = failureReason(event, e);
    console.log(JSON.stringify({ status: 'FAILED', reason }));
    response = {
      Status: 'FAILED',
      Reason: reason,
      // A failed create must not name the parameter: CloudFormation then deletes the
      // resource it thinks exists, and a parameter that already existed must survive that.
      PhysicalResourceId: event.RequestType === 'Create' ? `create-failed:${event.RequestId}` : event.PhysicalResourceId,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    };
  }
  await sendResponse(event.ResponseURL, response);
}

async function dispatch(event: SecureParameterEvent): Promise<{ physicalResourceId: string; data?: Record<string, string> }> {
  const props = event.ResourceProperties;
  switch (event.RequestType) {
    case 'Create':
      return create(props);
    case 'Update':
      return update(event.PhysicalResourceId, props, event.OldResourceProperties);
    case 'Delete':
      await remove(event.PhysicalResourceId, props);
      return { physicalResourceId: event.PhysicalResourceId };
  }
}

async function create(props: SecureParameterResourceProperties) {
  const name = requireName(props);
  const tags: Tag[] = [...userTags(props), { Key: KEY_TAG, Value: props.KeyArn }];
  try {
    await withRetry(() =>
      ssm().send(
        new PutParameterCommand({
          Name: name,
          Type: 'SecureString',
          KeyId: props.KeyArn,
          Value: initialValue(props),
          Overwrite: false,
          Tier: 'Standard',
          Tags: tags,
        }),
      ),
    );
  } catch (e) {
    if (errorName(e) === 'ParameterAlreadyExists') {
      throw new ReportedError(
        `parameter ${name} already exists: SecureParameter creates its own parameter and never takes over one it did not create. ` +
          'Choose another parameterName, or delete the existing parameter first',
      );
    }
    throw e;
  }
  return { physicalResourceId: name, data: { ParameterName: name } };
}

async function update(physicalResourceId: string, props: SecureParameterResourceProperties, old: SecureParameterResourceProperties) {
  const name = requireName(props);
  // A different name is a different parameter: create it; CloudFormation then sends a
  // Delete for the old one, which honours the old one's removal policy.
  if (name !== physicalResourceId) return create(props);

  const regenerate = props.ValueSource === 'GENERATED' && (props.RotationToken ?? '') !== (old.RotationToken ?? '');
  if (regenerate) {
    await withRetry(() =>
      ssm().send(
        new PutParameterCommand({
          Name: name,
          Type: 'SecureString',
          KeyId: props.KeyArn,
          Value: generateValue(props.Generator ?? {}),
          Overwrite: true,
          Tier: 'Standard',
        }),
      ),
    );
    if (props.KeyArn !== old.KeyArn) await tagParameter(name, [{ Key: KEY_TAG, Value: props.KeyArn }]);
  } else if (props.KeyArn !== old.KeyArn) {
    // Parameter Store encrypts a value only when it is written, and this provider may not
    // read values. The update is fine only if the value is already under the new key
    // (CloudFormation rolling back an update that changed both key and rotation token).
    const current = await currentKeyTag(name);
    if (current !== props.KeyArn) {
      throw new ReportedError(
        `the KMS key of parameter ${name} changed (${old.KeyArn} -> ${props.KeyArn}), but its value is only re-encrypted when it is written: ` +
          'change rotationToken to generate a new value under the new key, or give the parameter a new name (and set the value of a placeholder again)',
      );
    }
  }

  await updateUserTags(name, userTags(old), userTags(props));
  return { physicalResourceId: name, data: { ParameterName: name } };
}

async function remove(physicalResourceId: string, props: SecureParameterResourceProperties) {
  // Only a parameter this resource created (its physical ID is the name) is ever deleted.
  if (physicalResourceId !== props?.ParameterName) return;
  if ((props.RemovalPolicy ?? 'retain').toLowerCase() !== 'destroy') {
    console.log(JSON.stringify({ retained: physicalResourceId }));
    return;
  }
  try {
    await withRetry(() => ssm().send(new DeleteParameterCommand({ Name: physicalResourceId })));
  } catch (e) {
    if (errorName(e) !== 'ParameterNotFound') throw e;
  }
}

function requireName(props: SecureParameterResourceProperties): string {
  if (!props?.ParameterName) throw new ReportedError('ParameterName is required');
  if (!props.KeyArn) throw new ReportedError('KeyArn is required: SecureParameter encrypts with a customer managed KMS key');
  if (props.ValueSource !== 'GENERATED' && props.ValueSource !== 'PLACEHOLDER') {
    throw new ReportedError(`ValueSource must be GENERATED or PLACEHOLDER, got '${props.ValueSource}'`);
  }
  return props.ParameterName;
}

function initialValue(props: SecureParameterResourceProperties): string {
  return props.ValueSource === 'GENERATED' ? generateValue(props.Generator ?? {}) : PLACEHOLDER_VALUE;
}

function userTags(props: SecureParameterResourceProperties | undefined): Tag[] {
  return (props?.Tags ?? []).filter((t) => t.Key !== KEY_TAG).map((t) => ({ Key: t.Key, Value: t.Value }));
}

async function tagParameter(name: string, tags: Tag[]) {
  await withRetry(() => ssm().send(new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: name, Tags: tags })));
}

async function currentKeyTag(name: string): Promise<string | undefined> {
  const out = await withRetry(() => ssm().send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: name })));
  return out.TagList?.find((t) => t.Key === KEY_TAG)?.Value;
}

async function updateUserTags(name: string, before: Tag[], after: Tag[]) {
  const wanted = new Map(after.map((t) => [t.Key!, t.Value!]));
  const had = new Map(before.map((t) => [t.Key!, t.Value!]));
  const toSet = after.filter((t) => had.get(t.Key!) !== t.Value);
  const toRemove = [...had.keys()].filter((k) => !wanted.has(k));
  if (toSet.length > 0) await tagParameter(name, toSet);
  if (toRemove.length > 0) {
    await withRetry(() =>
      ssm().send(new RemoveTagsFromResourceCommand({ ResourceType: 'Parameter', ResourceId: name, TagKeys: toRemove })),
    );
  }
}

/** Retries a call that is denied while freshly attached IAM permissions propagate. */
async function withRetry<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const denied = errorName(e) === 'AccessDeniedException';
      if (!denied || attempt >= settings.maxAttempts) throw e;
      await new Promise((resolve) => setTimeout(resolve, settings.retryDelayMs));
    }
  }
}

function errorName(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null ? ((e as { name?: string }).name ?? undefined) : undefined;
}

function failureReason(event: SecureParameterEvent, e: unknown): string {
  const name = event.ResourceProperties?.ParameterName ?? '(no name)';
  const text =
    e instanceof ReportedError
      ? e.message
      : `${event.RequestType} of SecureParameter ${name} failed: ${errorName(e) ?? 'Error'}: ${(e as Error)?.message ?? String(e)}`;
  // CloudFormation rejects responses over 4096 bytes.
  return text.length > 1000 ? `${text.slice(0, 997)}...` : text;
}

const truthy = (v: string | boolean | undefined, dflt: boolean): boolean => (v === undefined ? dflt : v === true || v === 'true');

/**
 * Generates a value with `crypto.randomInt` (a CSPRNG), with Secrets Manager's
 * `GetRandomPassword` semantics: character classes can be excluded, single
 * characters too, and by default the value holds at least one character of each
 * included class.
 */
export function generateValue(g: GeneratorProperties): string {
  const length = Number(g.Length ?? 32);
  if (!Number.isInteger(length) || length < 1 || length > 4096) {
    throw new ReportedError(`generator Length must be an integer from 1 to 4096, got '${g.Length}'`);
  }
  const excluded = new Set(g.ExcludeCharacters ?? '');
  const keep = (chars: string) => [...chars].filter((c) => !excluded.has(c)).join('');
  const classes: string[] = [];
  if (!truthy(g.ExcludeLowercase, false)) classes.push(keep(LOWERCASE));
  if (!truthy(g.ExcludeUppercase, false)) classes.push(keep(UPPERCASE));
  if (!truthy(g.ExcludeNumbers, false)) classes.push(keep(NUMBERS));
  if (!truthy(g.ExcludePunctuation, false)) classes.push(keep(PUNCTUATION));
  if (truthy(g.IncludeSpace, false)) classes.push(keep(SPACE));
  const requireEach = truthy(g.RequireEachIncludedType, true);
  const included = requireEach ? classes : classes.filter((c) => c.length > 0);
  if (included.length === 0 || included.some((c) => c.length === 0)) {
    throw new ReportedError('the generator settings exclude every character of an included character class');
  }
  if (requireEach && length < included.length) {
    throw new ReportedError(`generator Length ${length} is shorter than the ${included.length} character classes the value must include`);
  }
  const pool = included.join('');
  const chars: string[] = requireEach ? included.map((c) => c[randomInt(c.length)]) : [];
  while (chars.length < length) chars.push(pool[randomInt(pool.length)]);
  // Fisher-Yates, so the required characters are not always first.
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** Sends the response to CloudFormation's presigned S3 URL. */
export function sendResponse(responseUrl: string, response: CustomResourceResponse): Promise<void> {
  const body = JSON.stringify(response);
  const url = new URL(responseUrl);
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        hostname: url.hostname,
        port: url.port || 443,
        path: `${url.pathname}${url.search}`,
        method: 'PUT',
        headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
      },
    );
    req.on('error', reject);
    req.write(body);
    req.end();
  });
}
