import { Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { HardenedRestApi } from '../../src/constructs/hardened-rest-api';
import { newStack, checkStack } from '../checklist/helpers';
import { TrailRequirement } from '../../src/checklist/severity';
import { AwsSolutionsChecks } from 'cdk-nag';
test('x', () => {
  const stack = newStack();
  const api = new HardenedRestApi(stack, 'Api', {
    domainName: { domainName: 'api.example.com', certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc') },
    defaultMethodOptions: { authorizationType: apigateway.AuthorizationType.IAM },
  });
  const items = api.root.addResource('items');
  items.addMethod('GET', new apigateway.MockIntegration());
  items.addMethod('POST', new apigateway.MockIntegration());
  const t = Template.fromStack(stack).toJSON();
  for (const [k, v] of Object.entries<any>(t.Resources)) console.log(k, v.Type, JSON.stringify(v.Properties).slice(0, 400));
  console.log(checkStack(stack, { trail: TrailRequirement.OFF }).map(f => [f.id, f.acknowledged, f.message]));
  console.log(JSON.stringify(new AwsSolutionsChecks().validateScope(stack).violations, null, 1));
});
