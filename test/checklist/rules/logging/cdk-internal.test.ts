import { isCdkInternal } from '../../../../src/checklist/rules/logging/cdk-internal';

// What makes a resource one aws-cdk-lib creates for itself (CHECKLIST.md, "Internal CDK
// resources"): the logical ID or the construct path, whichever front door knows which.
const view = (logicalId: string, path?: string) => ({ logicalId, path }) as any;

describe('isCdkInternal', () => {
  test.each([
    ['a log retention function by logical ID alone', 'LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8aFD5A5AC8', undefined],
    ['an AwsCustomResource singleton by logical ID, whatever the path', 'AWS679f53fac002430cb0da5b7982bd22872D164C4C', 'App/Other/Thing'],
    ['a provider by logical ID', 'CustomS3AutoDeleteObjectsCustomResourceProviderHandler9D90184F', undefined],
    ['a singleton by its construct path', 'Renamed', 'App/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a/Resource'],
    ['a provider by its construct path', 'Renamed', 'App/Custom::VpcRestrictDefaultSGCustomResourceProvider/Role'],
    ['a CDK template included again (its logical ID, hash and all, as a path segment)', 'Renamed', 'Corpus/T/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8aServiceRoleDF22E1D4'],
  ])('%s is internal', (_what, logicalId, path) => {
    expect(isCdkInternal(view(logicalId, path))).toBe(true);
  });

  test.each([
    ['no path', 'AppFunction', undefined],
    ['an app path', 'AppFunction', 'App/Service/Function/Resource'],
    ['31 hex digits', 'LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8', 'App/LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8/Resource'],
    ['a provider name without CustomResourceProvider', 'CustomThing', 'App/Custom::Thing/Handler'],
  ])('a resource of the app (%s) is not', (_what, logicalId, path) => {
    expect(isCdkInternal(view(logicalId, path))).toBe(false);
  });
});
