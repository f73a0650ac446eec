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
 */
export function isCdkInternal(resource: ResourceView): boolean {
  const path = resource.path;
  if (path) return path.split('/').some((segment) => INTERNAL_SEGMENT.test(segment));
  return INTERNAL_LOGICAL_ID.test(resource.logicalId);
}
