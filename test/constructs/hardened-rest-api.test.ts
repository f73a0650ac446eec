import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { TrailRequirement } from '../../src/checklist/severity';
import { HardenedRestApi, HardenedRestApiProps } from '../../src/constructs/hardened-rest-api';
import { checkStack, findingsOf, newStack } from '../checklist/helpers';

const CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';
const IAM_AUTH: apigateway.MethodOptions = { authorizationType: apigateway.AuthorizationType.IAM };

/**
 * A HardenedRestApi with IAM authorization by default and a custom domain, unless told
 * otherwise. `withMethod` adds `GET /ping` (API Gateway needs at least one method) for
 * tests that add none themselves.
 */
function apiStack(props: Partial<HardenedRestApiProps> = {}, withDomain = true, withMethod = false): { stack: Stack; api: HardenedRestApi } {
  const stack = newStack();
  const domainName = withDomain
    ? { domainName: 'api.example.com', certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN) }
    : undefined;
  const api = new HardenedRestApi(stack, 'Api', { domainName, defaultMethodOptions: IAM_AUTH, ...props });
  if (withMethod) api.root.addResource('ping').addMethod('GET', mock());
  return { stack, api };
}

const mock = () => new apigateway.MockIntegration();

/** The methods of a template, as [HTTP method, properties]. */
function methodsOf(stack: Stack): Array<[string, any]> {
  return Object.values(Template.fromStack(stack).findResources('AWS::ApiGateway::Method')).map((m: any) => [m.Properties.HttpMethod, m.Properties]);
}

function nagErrors(stack: Stack): string[] {
  return new AwsSolutionsChecks()
    .validateScope(stack)
    .violations.filter((v) => v.severity === 'error')
    .map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

/** The cdk-nag acknowledgements (rule IDs) on a CloudFormation resource. */
function nagAcks(resource: any): string[] {
  return resource.node.metadata.filter((m: any) => m.type === 'aws:cdk:acknowledged-rules').flatMap((m: any) => Object.keys(m.data));
}

describe('HardenedRestApi: TLS (TLS3)', () => {
  test('is a regional API by default', () => {
    const { stack } = apiStack({}, true, true);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
  });

  test('gives its custom domain the TLS_1_2 security policy by default', () => {
    const { stack } = apiStack({}, true, true);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'api.example.com',
      SecurityPolicy: 'TLS_1_2',
      RegionalCertificateArn: CERT_ARN,
    });
  });

  test('disables the default execute-api endpoint when it has a custom domain', () => {
    const { stack } = apiStack({}, true, true);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
  });

  test('accepts an enhanced TLS 1.3 policy on the custom domain, with endpoint access mode STRICT', () => {
    const stack = newStack();
    const api = new HardenedRestApi(stack, 'Api', {
      domainName: {
        domainName: 'api.example.com',
        certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN),
        securityPolicy: apigateway.SecurityPolicy.TLS13_1_3_2025_09,
      },
      defaultMethodOptions: IAM_AUTH,
    });
    api.root.addMethod('GET', mock());
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::DomainName', {
      SecurityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09',
      EndpointAccessMode: 'STRICT',
    });
  });

  test('fails when the custom domain allows TLS 1.0 (TLS3)', () => {
    const stack = newStack();
    expect(
      () =>
        new HardenedRestApi(stack, 'Api', {
          domainName: {
            domainName: 'api.example.com',
            certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT_ARN),
            securityPolicy: apigateway.SecurityPolicy.TLS_1_0,
          },
        }),
    ).toThrow(/rest api TestStack\/Api refuses domainName\.securityPolicy: TLS_1_0: it accepts TLS 1\.0 and 1\.1 \(Hardened-TLS3\)\. Fix: remove securityPolicy/);
  });

  test('without a custom domain, leaves an acknowledgeable Hardened-TLS3 warning about the execute-api endpoint', () => {
    const { stack } = apiStack({}, false, true);
    Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp('no custom domain and no endpointSecurityPolicy.*accepts TLS 1\\.0.*Hardened-TLS3'));
  });

  test('endpointSecurityPolicy sets an enhanced policy, STRICT, on the execute-api endpoint, and no warning', () => {
    const { stack } = apiStack({ endpointSecurityPolicy: apigateway.SecurityPolicy.TLS13_1_2_PQ_2025_09 }, false, true);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', {
      SecurityPolicy: 'SecurityPolicy_TLS13_1_2_PQ_2025_09',
      EndpointAccessMode: 'STRICT',
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('Hardened-TLS3'))).toEqual([]);
  });

  test('fails when endpointSecurityPolicy is a legacy policy (TLS3)', () => {
    expect(() => apiStack({ endpointSecurityPolicy: apigateway.SecurityPolicy.TLS_1_2 }, false)).toThrow(
      /refuses endpointSecurityPolicy: TLS_1_2: the execute-api endpoint of a REST API takes an enhanced SecurityPolicy_\* policy \(Hardened-TLS3\)\. Fix: /,
    );
  });
});

describe('HardenedRestApi: authorization (API1)', () => {
  test('fails when a method has no authorization, naming the method, the rule and the fix', () => {
    const { api } = apiStack({ defaultMethodOptions: undefined });
    expect(() => api.root.addResource('items').addMethod('GET', mock())).toThrow(
      /rest api TestStack\/Api refuses method GET \/items without authorization \(AuthorizationType NONE\).*\(Hardened-API1, AwsSolutions-APIG4\)\. Fix: pass an authorizer .* or authorizationType: AuthorizationType\.IAM .*api\.addUnauthenticatedMethod/,
    );
  });

  test('fails when a method explicitly sets AuthorizationType NONE', () => {
    const { api } = apiStack();
    expect(() => api.root.addMethod('POST', mock(), { authorizationType: apigateway.AuthorizationType.NONE })).toThrow(/refuses method POST \/ without authorization/);
  });

  test('methods take the authorization of defaultMethodOptions', () => {
    const { stack, api } = apiStack();
    api.root.addResource('items').addMethod('GET', mock());
    expect(methodsOf(stack).map(([m, p]) => [m, p.AuthorizationType])).toEqual([['GET', 'AWS_IAM']]);
  });

  test('methods authorized with IAM acknowledge cdk-nag COG4 (a Cognito authorizer specifically) with a reason', () => {
    const { api } = apiStack();
    const method = api.root.addMethod('GET', mock());
    const acks = (method.node.defaultChild as any).node.metadata.filter((m: any) => m.type === 'aws:cdk:acknowledged-rules');
    expect(acks.map((m: any) => Object.keys(m.data))).toEqual([['AwsSolutions-COG4']]);
    expect(Object.values(acks[0].data)[0]).toMatch(/authorized with AWS_IAM/);
  });

  test('addUnauthenticatedMethod adds a method without authorization, acknowledged with the reason', () => {
    const { stack, api } = apiStack();
    api.addUnauthenticatedMethod(api.root.addResource('health'), 'GET', mock(), { reason: 'load balancer health check, returns no data' });
    expect(methodsOf(stack).map(([m, p]) => [m, p.AuthorizationType])).toEqual([['GET', 'NONE']]);
    const api1 = findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'API1');
    expect(api1.map((f) => [f.id, f.acknowledged, f.acknowledgement?.reason])).toEqual([
      ['Hardened-API1[Authorization::NONE]', true, 'load balancer health check, returns no data'],
    ]);
  });

  test('addUnauthenticatedMethod acknowledges cdk-nag APIG4 and COG4, and leaves an acknowledgeable Hardened-API1 warning', () => {
    const { stack, api } = apiStack();
    const method = api.addUnauthenticatedMethod(api.root.addResource('health'), 'GET', mock(), { reason: 'load balancer health check, returns no data' });
    expect(nagAcks(method.node.defaultChild)).toEqual(['AwsSolutions-APIG4', 'AwsSolutions-COG4']);
    Annotations.fromStack(stack).hasWarning('/TestStack/Api/Default/health/GET', Match.stringLikeRegexp('GET /health .* has no authorization.*Hardened-API1'));
  });

  test('addUnauthenticatedMethod fails without a real reason', () => {
    const { api } = apiStack();
    expect(() => api.addUnauthenticatedMethod(api.root, 'GET', mock(), { reason: 'public' })).toThrow(
      /refuses addUnauthenticatedMethod\(\.\.\., \{ reason \}\): \{ reason: "public" \}: the reason becomes the acknowledgement of Hardened-API1 and needs at least 10 characters.*Fix: /,
    );
  });

  test('the next method after addUnauthenticatedMethod still needs authorization', () => {
    const { api } = apiStack({ defaultMethodOptions: undefined });
    api.addUnauthenticatedMethod(api.root, 'GET', mock(), { reason: 'public catalogue of products' });
    expect(() => api.root.addMethod('POST', mock())).toThrow(/refuses method POST \/ without authorization/);
  });

  test('allowUnauthenticated accepts methods without authorization, acknowledged with the reason, with a Hardened-API1 warning', () => {
    const { stack, api } = apiStack({ defaultMethodOptions: undefined, allowUnauthenticated: { reason: 'public read-only catalogue' } });
    api.root.addResource('products').addMethod('GET', mock());
    const api1 = findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'API1');
    expect(api1.map((f) => [f.id, f.acknowledged])).toEqual([['Hardened-API1[Authorization::NONE]', true]]);
    Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp('accepts methods without authorization \\(allowUnauthenticated: public read-only catalogue\\).*Hardened-API1'));
  });

  test('the CORS preflight (OPTIONS) needs no authorizer', () => {
    const { stack, api } = apiStack({ defaultCorsPreflightOptions: { allowOrigins: ['https://www.example.com'] } });
    api.root.addResource('items').addMethod('GET', mock());
    expect(methodsOf(stack).map(([m, p]) => [m, p.AuthorizationType]).sort()).toEqual([
      ['GET', 'AWS_IAM'],
      ['OPTIONS', 'NONE'],
      ['OPTIONS', 'NONE'],
    ]);
    expect(findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'API1')).toEqual([]);
  });
});

describe('HardenedRestApi: request validation (API1)', () => {
  test('has a request validator that validates the body and the parameters', () => {
    const { stack, api } = apiStack({}, true, true);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      RestApiId: stack.resolve(api.restApiId),
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
  });

  test('sets it on every method, with or without a body', () => {
    const { stack, api } = apiStack();
    const items = api.root.addResource('items');
    items.addMethod('GET', mock());
    items.addMethod('POST', mock(), { requestModels: { 'application/json': apigateway.Model.EMPTY_MODEL } });
    items.addMethod('PUT', mock(), { requestParameters: { 'method.request.querystring.id': true } });
    const ref = stack.resolve(api.requestValidator.requestValidatorId);
    expect(methodsOf(stack).map(([m, p]) => [m, p.RequestValidatorId])).toEqual([
      ['GET', ref],
      ['POST', ref],
      ['PUT', ref],
    ]);
  });

  test('keeps the validator a method brings', () => {
    const { stack, api } = apiStack();
    const own = api.addRequestValidator('BodyOnly', { validateRequestBody: true });
    api.root.addMethod('POST', mock(), { requestValidator: own });
    expect(methodsOf(stack).map(([, p]) => p.RequestValidatorId)).toEqual([stack.resolve(own.requestValidatorId)]);
  });

  test('passes API1 for methods with a body and with parameters', () => {
    const { stack, api } = apiStack();
    api.root.addMethod('POST', mock());
    api.root.addMethod('GET', mock(), { requestParameters: { 'method.request.querystring.q': true } });
    expect(findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'API1')).toEqual([]);
  });
});

describe('HardenedRestApi: logging, tracing and metrics (LOG8)', () => {
  test('sends access logs, in JSON, to a log group kept one year', () => {
    const { stack, api } = apiStack({}, true, true);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: { DestinationArn: stack.resolve(api.accessLogGroup!.logGroupArn), Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"') },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 365 },
      DeletionPolicy: 'Retain',
    });
  });

  test('logs the execution of every method at ERROR level, traces with X-Ray and publishes metrics, without data tracing', () => {
    const { stack } = apiStack({}, true, true);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: true,
      MethodSettings: [{ HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'ERROR', MetricsEnabled: true, DataTraceEnabled: false }],
    });
  });

  test('creates the execution log group with a retention before the stage', () => {
    const { stack, api } = apiStack({}, true, true);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: { 'Fn::Join': ['', ['API-Gateway-Execution-Logs_', stack.resolve(api.restApiId), '/prod']] },
      RetentionInDays: 365,
    });
    const stageId = stack.getLogicalId(api.deploymentStage.node.defaultChild as apigateway.CfnStage);
    const groupId = stack.getLogicalId(api.executionLogGroup.node.defaultChild as logs.CfnLogGroup);
    expect(template.toJSON().Resources[stageId].DependsOn).toContain(groupId);
  });

  test('uses the given log retention', () => {
    const { stack } = apiStack({ logRetention: logs.RetentionDays.SIX_MONTHS }, true, true);
    const groups = Object.values(Template.fromStack(stack).findResources('AWS::Logs::LogGroup')) as any[];
    const apiGroups = groups.filter((g) => !/^aws-waf-logs-/.test(String(g.Properties.LogGroupName)));
    expect(apiGroups.map((g) => g.Properties.RetentionInDays)).toEqual([180, 180]);
  });

  test('fails when the logs would be kept forever (LOG6)', () => {
    expect(() => apiStack({ logRetention: logs.RetentionDays.INFINITE })).toThrow(/refuses logRetention: INFINITE.*\(Hardened-LOG6\)/);
  });

  test('creates the account-level CloudWatch role execution logging needs, acknowledging cdk-nag IAM4 on it', () => {
    const { stack, api } = apiStack({}, true, true);
    Template.fromStack(stack).resourceCountIs('AWS::ApiGateway::Account', 1);
    const role = api.node.findChild('CloudWatchRole') as iam.Role;
    expect(nagAcks(role.node.defaultChild)).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
    ]);
  });

  test('cloudWatchRole: false leaves the account-level role to the account', () => {
    const { stack } = apiStack({ cloudWatchRole: false }, true, true);
    Template.fromStack(stack).resourceCountIs('AWS::ApiGateway::Account', 0);
  });

  test('fails with deploy: false (the stage carries the logs and the web ACL)', () => {
    expect(() => apiStack({ deploy: false })).toThrow(/refuses deploy: false: the deployment stage carries the access logs \(Hardened-LOG8\) and the web ACL \(Hardened-API2\)\. Fix: /);
  });
});

describe('HardenedRestApi: AWS WAF (API2)', () => {
  test('creates a REGIONAL web ACL and associates it with the deployment stage', () => {
    const { stack, api } = apiStack({}, true, true);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL' });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: stack.resolve(api.deploymentStage.stageArn),
      WebACLArn: stack.resolve(api.webAcl!.webAclArn),
    });
  });

  test('passes webAclOptions to the web ACL it creates', () => {
    const { stack } = apiStack({ webAclOptions: { rateLimit: 300, sqlDatabase: true } }, true, true);
    const template = Template.fromStack(stack);
    const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0] as any;
    expect(acl.Properties.Rules.map((r: any) => r.Name)).toContain('AWS-AWSManagedRulesSQLiRuleSet');
    expect(acl.Properties.Rules.find((r: any) => r.Name === 'RateLimitPerIp').Statement.RateBasedStatement.Limit).toBe(300);
  });

  test('associates the web ACL named by webAclArn instead of creating one', () => {
    const arn = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shared/1234';
    const { stack } = apiStack({ webAclArn: arn }, true, true);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { WebACLArn: arn });
  });

  test('fails when webAclArn names a CLOUDFRONT (global) web ACL', () => {
    expect(() => apiStack({ webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/1234' })).toThrow(
      /refuses webAclArn: .*: it is a CLOUDFRONT \(global\) web ACL, which cannot be associated with an API Gateway stage \(Hardened-API2\)\. Fix: /,
    );
  });

  test('withoutWebAcl serves the API without a web ACL, acknowledging API2 with the reason and leaving a Hardened-API2 warning', () => {
    const { stack } = apiStack({ withoutWebAcl: { reason: 'behind a CloudFront distribution with a web ACL' } }, true, true);
    Template.fromStack(stack).resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    const api2 = findingsOf(checkStack(stack, { trail: TrailRequirement.OFF }), 'API2');
    expect(api2.map((f) => [f.id, f.acknowledged, f.acknowledgement?.reason])).toEqual([
      ['Hardened-API2', true, 'behind a CloudFront distribution with a web ACL'],
    ]);
    Annotations.fromStack(stack).hasWarning('/TestStack/Api', Match.stringLikeRegexp('without an AWS WAF web ACL.*Hardened-API2'));
  });

  test('creates no web ACL for a private API (API2 does not apply)', () => {
    const { stack } = apiStack({ endpointConfiguration: { types: [apigateway.EndpointType.PRIVATE] } }, false, true);
    Template.fromStack(stack).resourceCountIs('AWS::WAFv2::WebACL', 0);
  });
});

describe('HardenedRestApi: guarantees', () => {
  test('is an apigateway.RestApi', () => {
    const { api } = apiStack();
    expect(api).toBeInstanceOf(apigateway.RestApi);
  });

  test('has zero unacknowledged checklist findings with its defaults', () => {
    const { stack, api } = apiStack();
    const items = api.root.addResource('items');
    items.addMethod('GET', mock());
    items.addMethod('POST', mock());
    expect(checkStack(stack, { trail: TrailRequirement.OFF }).filter((f) => !f.acknowledged).map((f) => f.id)).toEqual([]);
  });

  test('has zero cdk-nag AwsSolutions errors with its defaults', () => {
    const { stack, api } = apiStack();
    api.root.addResource('items').addMethod('POST', mock());
    expect(nagErrors(stack)).toEqual([]);
  });
});
