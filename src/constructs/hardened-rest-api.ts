import { RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import { EdgeProtection, EdgeProtectionProps, OptOut, WebAclScope } from './edge-protection';
import { apiGatewayPolicyIsWeak } from '../checklist/rules/tls/api-gateway-domain';
import { SecurityChecklist } from '../checklist/security-checklist';
import { acknowledgeNag, checkReason, refuseGlobalWebAcl, refuseInfiniteRetention } from '../private/edge';

/**
 * Properties of a `HardenedRestApi`: the properties of `apigateway.RestApi`, with
 * hardened defaults (see the class documentation), and these additions.
 */
export interface HardenedRestApiProps extends apigateway.RestApiProps {
  /**
   * The ARN of a REGIONAL AWS WAF web ACL to associate with the deployment stage
   * (an `EdgeProtection`'s `webAclArn`, or one managed elsewhere, for example by
   * Firewall Manager).
   *
   * @default - a new `EdgeProtection` (REGIONAL) is created for this API
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-aws-waf.html
   */
  readonly webAclArn?: string;

  /**
   * Options of the `EdgeProtection` created for this API when `webAclArn` is not given
   * (its `webAclScope` is always REGIONAL).
   *
   * @default - the `EdgeProtection` defaults: managed rule groups, 1,000 requests per 5 minutes per IP
   */
  readonly webAclOptions?: EdgeProtectionProps;

  /**
   * Serve the API without an AWS WAF web ACL. Leaves an acknowledgeable
   * `Hardened-API2` warning, and acknowledges the checklist's API2 finding and cdk-nag's
   * AwsSolutions-APIG3 on the stage with the reason.
   *
   * @default - a web ACL is associated
   */
  readonly withoutWebAcl?: OptOut;

  /**
   * Accept methods without authorization (`AuthorizationType: NONE`) on this API, for
   * example a public read-only catalogue. Leaves an acknowledgeable `Hardened-API1`
   * warning, and acknowledges, on each such method, the checklist's
   * `Hardened-API1[Authorization::NONE]` finding and cdk-nag's AwsSolutions-APIG4 and
   * AwsSolutions-COG4 with the reason.
   *
   * To open a single method, prefer `addUnauthenticatedMethod`.
   *
   * @default - every method must have an authorizer; adding one without throws
   */
  readonly allowUnauthenticated?: OptOut;

  /**
   * How long the access logs (and the execution logs) of the deployment stage are kept.
   * `INFINITE` is refused (Hardened-LOG6).
   *
   * @default logs.RetentionDays.ONE_YEAR
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * The security policy of the API's own `execute-api` endpoint: an enhanced policy
   * (`SecurityPolicy.TLS13_*`), set with endpoint access mode STRICT. Without it (and
   * without a custom domain), API Gateway's default endpoint accepts TLS 1.0 and the
   * construct leaves an acknowledgeable `Hardened-TLS3` warning.
   *
   * Not needed with `domainName`: the default endpoint is then disabled.
   *
   * @default - the endpoint keeps API Gateway's default policy
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies.html
   */
  readonly endpointSecurityPolicy?: apigateway.SecurityPolicy;
}

/**
 * Options of a method added with `addUnauthenticatedMethod`.
 */
export interface UnauthenticatedMethodOptions extends apigateway.MethodOptions {
  /**
   * Why this method is open to anyone (at least 10 characters): the reason of the
   * acknowledgements of `Hardened-API1[Authorization::NONE]`, AwsSolutions-APIG4 and
   * AwsSolutions-COG4 on the method.
   */
  readonly reason: string;
}

/** The AWS managed policy CDK attaches to the account-level API Gateway CloudWatch role. */
const PUSH_TO_CLOUDWATCH_POLICY = 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]';
const CLOUDWATCH_ROLE_REASON =
  'The account-level role API Gateway uses to write execution logs to CloudWatch Logs (required for execution logging, AwsSolutions-APIG6). ' +
  'AmazonAPIGatewayPushToCloudWatchLogs is the AWS managed policy AWS documents for it; it grants only CloudWatch Logs actions.';
const COG4_REASON_PREFIX = 'The method is authorized with ';

/**
 * An API Gateway REST API that is reached over TLS 1.2 or newer, authorizes and
 * validates every request, logs, traces and is protected by AWS WAF.
 *
 * It is an `apigateway.RestApi`: add resources and methods as usual
 * (`api.root.addResource('items').addMethod('GET', integration)`).
 *
 * Hardened defaults:
 *
 * - Endpoint type `REGIONAL` (instead of EDGE).
 * - Custom domain (`domainName`): security policy `TLS_1_2` by default; `TLS_1_0` is
 *   refused (Hardened-TLS3); enhanced `SecurityPolicy.TLS13_*` policies are accepted
 *   (with endpoint access mode STRICT unless you set it). With a custom domain, the
 *   default `execute-api` endpoint is disabled (`disableExecuteApiEndpoint`), so
 *   clients cannot go around the domain's policy. Without one, set
 *   `endpointSecurityPolicy`, or the construct leaves a `Hardened-TLS3` warning.
 * - Authorization: every method must have an authorizer (`defaultMethodOptions:
 *   { authorizer }` or `{ authorizationType: AuthorizationType.IAM }`, or per method).
 *   Adding a method without one throws (Hardened-API1), unless it is added with
 *   `addUnauthenticatedMethod(...)` or the API has `allowUnauthenticated`. `OPTIONS`
 *   (CORS preflight) is exempt.
 * - Request validation: a request validator that validates the body and the
 *   parameters (`requestValidator`) is set on every method that has none, so API
 *   Gateway rejects requests that do not match the method's `requestModels` and
 *   required `requestParameters` before they reach the backend (Hardened-API1,
 *   AwsSolutions-APIG2).
 * - AWS WAF: a REGIONAL `EdgeProtection` is created and associated with the stage, or
 *   the one named by `webAclArn` (Hardened-API2, AwsSolutions-APIG3). Private APIs get
 *   none by default.
 * - Deployment stage: access logs (JSON, standard fields) to a new log group kept one
 *   year (Hardened-LOG8, AwsSolutions-APIG1); execution logging at `ERROR` level for
 *   every method (AwsSolutions-APIG6) into an `API-Gateway-Execution-Logs_...` log
 *   group created with the same retention; X-Ray tracing and CloudWatch metrics on;
 *   data tracing (full request and response bodies in the logs) off.
 * - `cloudWatchRole: true`: execution logging needs the account-level CloudWatch role
 *   of API Gateway, so CDK creates it (retained on deletion). Set `cloudWatchRole:
 *   false` when the account already has one (for example set by another stack or by
 *   your landing zone). The role uses the AWS managed policy
 *   `AmazonAPIGatewayPushToCloudWatchLogs`; AwsSolutions-IAM4 is acknowledged on it.
 * - `deploy: false` is refused: the stage carries the logging and the web ACL.
 *
 * Methods authorized with IAM or a Lambda authorizer carry an acknowledgement of
 * cdk-nag's AwsSolutions-COG4 (which asks for a Cognito user pool authorizer
 * specifically): they are authorized, which is what the checklist requires.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/security-best-practices.html
 */
export class HardenedRestApi extends apigateway.RestApi {
  /** The request validator (body and parameters) set on every method that has none. */
  public readonly requestValidator: apigateway.RequestValidator;

  /** The log group of the deployment stage's access logs, when the construct created it. */
  public readonly accessLogGroup?: logs.ILogGroup;

  /** The log group of the deployment stage's execution logs. */
  public readonly executionLogGroup: logs.LogGroup;

  /** The web ACL created for this API (absent when `webAclArn` or `withoutWebAcl` is given). */
  public readonly webAcl?: EdgeProtection;

  /** The association of the web ACL with the deployment stage. */
  public readonly webAclAssociation?: wafv2.CfnWebACLAssociation;

  private readonly unauthenticatedReason?: string;
  private pendingMethodReason?: string;
  private hardeningReady = false;

  constructor(scope: Construct, id: string, props: HardenedRestApiProps = {}) {
    const what = `rest api ${scope.node.path ? scope.node.path + '/' : ''}${id}`;
    refuseInsecureProps(what, props);
    const unauthenticatedReason = checkReason(what, 'allowUnauthenticated', props.allowUnauthenticated, 'Hardened-API1');
    const withoutWebAclReason = checkReason(what, 'withoutWebAcl', props.withoutWebAcl, 'Hardened-API2');
    const retention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
    const accessLogs = props.deployOptions?.accessLogDestination ? undefined : new StageAccessLogs(retention);
    const domainName = props.domainName && {
      ...props.domainName,
      securityPolicy: props.domainName.securityPolicy ?? apigateway.SecurityPolicy.TLS_1_2,
      endpointAccessMode:
        props.domainName.endpointAccessMode ?? (isEnhanced(props.domainName.securityPolicy) ? apigateway.EndpointAccessMode.STRICT : undefined),
    };
    const hasEndpointConfig = props.endpointTypes !== undefined || props.endpointConfiguration !== undefined;

    super(scope, id, {
      ...props,
      endpointConfiguration: hasEndpointConfig ? props.endpointConfiguration : { types: [apigateway.EndpointType.REGIONAL] },
      domainName,
      disableExecuteApiEndpoint: props.disableExecuteApiEndpoint ?? props.domainName !== undefined,
      cloudWatchRole: props.cloudWatchRole ?? true,
      deployOptions: {
        ...props.deployOptions,
        accessLogDestination: props.deployOptions?.accessLogDestination ?? accessLogs,
        accessLogFormat: props.deployOptions?.accessLogFormat ?? apigateway.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: props.deployOptions?.loggingLevel ?? apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: props.deployOptions?.dataTraceEnabled ?? false,
        metricsEnabled: props.deployOptions?.metricsEnabled ?? true,
        tracingEnabled: props.deployOptions?.tracingEnabled ?? true,
      },
    });
    this.unauthenticatedReason = unauthenticatedReason;
    this.accessLogGroup = accessLogs?.logGroup;

    const cfnApi = this.node.defaultChild as apigateway.CfnRestApi;
    if (props.endpointSecurityPolicy !== undefined) {
      cfnApi.securityPolicy = props.endpointSecurityPolicy;
      cfnApi.endpointAccessMode = apigateway.EndpointAccessMode.STRICT;
    } else if (props.domainName === undefined) {
      Validations.of(this).addWarning(
        'Hardened-TLS3',
        `${what} has no custom domain and no endpointSecurityPolicy: clients reach its execute-api endpoint, whose default security policy accepts TLS 1.0. ` +
          "Set domainName (with a TLS 1.2+ security policy) or endpointSecurityPolicy: apigateway.SecurityPolicy.TLS13_1_2_PQ_2025_09, or acknowledge with Validations.of(api).acknowledge({ id: 'Hardened-TLS3', reason })",
      );
    }
    if (props.disableExecuteApiEndpoint === false && props.domainName !== undefined) {
      Validations.of(this).addWarning(
        'Hardened-TLS3',
        `${what} keeps its default execute-api endpoint next to its custom domain (disableExecuteApiEndpoint: false): clients can bypass the domain's security policy. ` +
          "Remove disableExecuteApiEndpoint, or acknowledge with Validations.of(api).acknowledge({ id: 'Hardened-TLS3', reason })",
      );
    }

    // The account-level CloudWatch role (cloudWatchRole: true) uses an AWS managed policy.
    const role = this.node.tryFindChild('CloudWatchRole') as iam.Role | undefined;
    acknowledgeNag(role?.node.defaultChild, [PUSH_TO_CLOUDWATCH_POLICY], CLOUDWATCH_ROLE_REASON);

    this.requestValidator = new apigateway.RequestValidator(this, 'RequestValidator', {
      restApi: this,
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    // Execution logs go to API-Gateway-Execution-Logs_<api id>/<stage>: create it first, with a retention.
    const stageName = props.deployOptions?.stageName ?? 'prod';
    this.executionLogGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.restApiId}/${stageName}`,
      retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.deploymentStage.node.addDependency(this.executionLogGroup);

    // AWS WAF on the stage.
    const isPrivate = (props.endpointConfiguration?.types ?? props.endpointTypes ?? []).includes(apigateway.EndpointType.PRIVATE);
    const stageCfn = this.deploymentStage.node.defaultChild as apigateway.CfnStage;
    if (withoutWebAclReason !== undefined) {
      Validations.of(this).addWarning(
        'Hardened-API2',
        `${what} is served without an AWS WAF web ACL (withoutWebAcl: ${withoutWebAclReason}). ` +
          "Remove withoutWebAcl to get one, or acknowledge with Validations.of(api).acknowledge({ id: 'Hardened-API2', reason })",
      );
      SecurityChecklist.acknowledge(this.deploymentStage, 'API2', { reason: withoutWebAclReason });
      acknowledgeNag(stageCfn, ['AwsSolutions-APIG3'], withoutWebAclReason);
    } else if (props.webAclArn !== undefined) {
      refuseGlobalWebAcl(what, props.webAclArn, 'an API Gateway stage');
      this.webAclAssociation = new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
        resourceArn: this.deploymentStage.stageArn,
        webAclArn: props.webAclArn,
      });
    } else if (!isPrivate) {
      this.webAcl = new EdgeProtection(this, 'WebAcl', { ...props.webAclOptions, webAclScope: WebAclScope.REGIONAL });
      this.webAclAssociation = new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
        resourceArn: this.deploymentStage.stageArn,
        webAclArn: this.webAcl.webAclArn,
      });
    }

    if (unauthenticatedReason !== undefined) {
      Validations.of(this).addWarning(
        'Hardened-API1',
        `${what} accepts methods without authorization (allowUnauthenticated: ${unauthenticatedReason}): anyone who can reach the API can call them. ` +
          "Give every method an authorizer and remove allowUnauthenticated, or acknowledge with Validations.of(api).acknowledge({ id: 'Hardened-API1', reason })",
      );
    }
    this.hardeningReady = true;
  }

  /**
   * Adds a method that anyone can call (`AuthorizationType: NONE`), with the reason it
   * is public. The method still gets the request validator.
   *
   * The method carries acknowledgements, with the reason, of the checklist's
   * `Hardened-API1[Authorization::NONE]` finding and of cdk-nag's AwsSolutions-APIG4 and
   * AwsSolutions-COG4, and an acknowledgeable `Hardened-API1` warning.
   *
   * @param resource the resource to add the method to (for example `api.root.addResource('health')`)
   * @param httpMethod the HTTP method (`GET`, `POST`, ...)
   * @param integration the backend integration
   * @param options the method options and the reason
   * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html
   */
  public addUnauthenticatedMethod(
    resource: apigateway.IResource,
    httpMethod: string,
    integration: apigateway.Integration,
    options: UnauthenticatedMethodOptions,
  ): apigateway.Method {
    const { reason, ...methodOptions } = options;
    const checked = checkReason(`rest api ${this.node.path}`, 'addUnauthenticatedMethod(..., { reason })', { reason }, 'Hardened-API1')!;
    this.pendingMethodReason = checked;
    try {
      const method = resource.addMethod(httpMethod, integration, {
        ...methodOptions,
        authorizationType: apigateway.AuthorizationType.NONE,
        authorizer: undefined,
        authorizationScopes: undefined,
      });
      Validations.of(method).addWarning(
        'Hardened-API1',
        `${method.httpMethod} ${resource.path} of ${this.node.path} has no authorization (${checked}): anyone who can reach the API can call it. ` +
          "Add an authorizer, or acknowledge with Validations.of(method).acknowledge({ id: 'Hardened-API1', reason })",
      );
      return method;
    } finally {
      this.pendingMethodReason = undefined;
    }
  }

  /**
   * Called by every `Method` of this API when it is created: refuses a method without
   * authorization, sets the request validator, and makes the acknowledgements.
   *
   * @internal
   */
  public _attachMethod(method: apigateway.Method): void {
    super._attachMethod(method);
    // Methods created while the RestApi constructor runs (the CORS preflight of the root)
    // arrive before the construct is ready; only OPTIONS can, and it is exempt.
    if (method.httpMethod === 'OPTIONS' || !this.hardeningReady) return;
    const cfn = method.node.defaultChild as apigateway.CfnMethod;
    const label = `${method.httpMethod} ${method.resource.path}`;

    const auth = cfn.authorizationType;
    const none = auth === undefined || (!Token.isUnresolved(auth) && auth.toUpperCase() === apigateway.AuthorizationType.NONE);
    if (none) {
      const reason = this.pendingMethodReason ?? this.unauthenticatedReason;
      if (reason === undefined) {
        throw new Error(
          `rest api ${this.node.path} refuses method ${label} without authorization (AuthorizationType NONE): anyone who can reach the API could call it (Hardened-API1, AwsSolutions-APIG4). ` +
            'Fix: pass an authorizer (a CognitoUserPoolsAuthorizer, TokenAuthorizer or RequestAuthorizer) or authorizationType: AuthorizationType.IAM to addMethod, ' +
            "or to the API's defaultMethodOptions; for a method that must be public, use api.addUnauthenticatedMethod(resource, 'GET', integration, { reason })",
        );
      }
      SecurityChecklist.acknowledge(method, 'Hardened-API1[Authorization::NONE]', { reason });
      acknowledgeNag(cfn, ['AwsSolutions-APIG4', 'AwsSolutions-COG4'], reason);
    } else if (!Token.isUnresolved(auth) && auth !== apigateway.AuthorizationType.COGNITO) {
      acknowledgeNag(
        cfn,
        ['AwsSolutions-COG4'],
        `${COG4_REASON_PREFIX}${auth === apigateway.AuthorizationType.IAM ? 'AWS_IAM (SigV4-signed requests)' : 'a Lambda authorizer (CUSTOM)'}; the checklist requires an authorizer, not a Cognito user pool specifically.`,
      );
    }

    if (cfn.requestValidatorId === undefined) {
      cfn.requestValidatorId = this.requestValidator.requestValidatorId;
    }
  }
}

/**
 * An access log destination that creates its log group, with a retention period, under
 * the stage it is bound to (the stage is created inside the RestApi constructor).
 */
class StageAccessLogs implements apigateway.IAccessLogDestination {
  public logGroup?: logs.LogGroup;

  constructor(private readonly retention: logs.RetentionDays) {}

  public bind(stage: apigateway.IStageRef): apigateway.AccessLogDestinationConfig {
    this.logGroup = new logs.LogGroup(stage as IConstruct as Construct, 'AccessLogs', {
      retention: this.retention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    return { destinationArn: this.logGroup.logGroupArn };
  }
}

function isEnhanced(policy: apigateway.SecurityPolicy | undefined): boolean {
  return policy !== undefined && policy.startsWith('SecurityPolicy_');
}

function refuseInsecureProps(what: string, props: HardenedRestApiProps): void {
  if (props.deploy === false) {
    throw new Error(
      `${what} refuses deploy: false: the deployment stage carries the access logs (Hardened-LOG8) and the web ACL (Hardened-API2). ` +
        'Fix: remove deploy, and set deployOptions (stageName, throttling, ...) for the stage',
    );
  }
  const policy = props.domainName?.securityPolicy;
  if (policy !== undefined && apiGatewayPolicyIsWeak(policy)) {
    throw new Error(
      `${what} refuses domainName.securityPolicy: ${policy}: it accepts TLS 1.0 and 1.1 (Hardened-TLS3). ` +
        'Fix: remove securityPolicy (the default is SecurityPolicy.TLS_1_2) or use an enhanced SecurityPolicy.TLS13_* policy',
    );
  }
  if (props.endpointSecurityPolicy !== undefined && !isEnhanced(props.endpointSecurityPolicy)) {
    throw new Error(
      `${what} refuses endpointSecurityPolicy: ${props.endpointSecurityPolicy}: the execute-api endpoint of a REST API takes an enhanced SecurityPolicy_* policy (Hardened-TLS3). ` +
        'Fix: use SecurityPolicy.TLS13_1_2_PQ_2025_09 (TLS 1.2 and 1.3) or SecurityPolicy.TLS13_1_3_2025_09 (TLS 1.3 only) for a regional API, SecurityPolicy.TLS12_PFS_2025_EDGE for an edge-optimized one',
    );
  }
  if (props.webAclArn !== undefined && props.withoutWebAcl !== undefined) {
    throw new Error(
      `${what} refuses webAclArn together with withoutWebAcl (Hardened-API2). Fix: keep one of them`,
    );
  }
  if (props.webAclOptions?.webAclScope === WebAclScope.CLOUDFRONT) {
    throw new Error(
      `${what} refuses webAclOptions.webAclScope: CLOUDFRONT: an API Gateway stage takes a REGIONAL web ACL (Hardened-API2). Fix: remove webAclScope`,
    );
  }
  refuseInfiniteRetention(what, 'logRetention', props.logRetention);
}
