import { ResourceView } from '../../model';

/**
 * Construct IDs of the Lambda functions aws-cdk-lib creates for itself: singleton
 * functions (`<purpose><uuid without dashes>`, for example
 * `LogRetentionaae0aa3c5b4d4f87b02d85b201efdd8a` or
 * `AWS679f53fac002430cb0da5b7982bd2287`) and custom resource providers
 * (`Custom::S3AutoDeleteObjectsCustomResourceProvider`).
 */
const INTERNAL_SEGMENT = /^(?:[A-Za-z:]+[0-9a-fA-F]{32}|Custom::[A-Za-z0-9]+CustomResourceProvider)$/;

/** The same, as CDK turns them into logical IDs (the path without separators, plus an 8-character hash). */
const INTERNAL_LOGICAL_ID = /^(?:[A-Za-z]+[0-9a-fA-F]{32}[A-Za-z0-9]*|Custom[A-Za-z0-9]+CustomResourceProvider[A-Za-z0-9]*)$/;

/**
 * True when a resource is part of a provider function aws-cdk-lib adds for itself (log
 * retention, AwsCustomResource, bucket auto-delete, ...). Its findings carry the
 * `CdkInternal` detail (CHECKLIST.md, "Internal CDK resources").
 *
 * The logical ID decides when the construct path does not say so, and the other way
 * round: every front door knows the logical ID, not every one knows the path (a template
 * without path metadata), and a template CDK synthesized, then included again with
 * `CfnInclude`, has its logical IDs (hash included) as path segments. So the finding ID,
 * and the acknowledgements that match it, are the same through every front door.
 */
export function isCdkInternal(resource: ResourceView): boolean {
  if (INTERNAL_LOGICAL_ID.test(resource.logicalId)) return true;
  const path = resource.path;
  return path !== undefined && path.split('/').some((segment) => INTERNAL_SEGMENT.test(segment) || INTERNAL_LOGICAL_ID.test(segment));
}
