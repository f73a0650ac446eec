import { allOf, anyOf, isAbsent, isLiteral, isWhollyUnknown, Tri } from './helpers';
import { Rule } from '../../rule';
import { Severity } from '../../severity';
import { display, isObject, isUnknown } from '../../values';

/** HTTP methods that carry a request body. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'ANY']);

/** API1: REST methods have an authorizer, and a request validator when they take input. */
export const API1: Rule = {
  id: 'API1',
  family: 'api',
  severity: Severity.WARNING,
  title: 'An API Gateway REST method has an authorizer, and a request validator when it accepts a body or parameters',
  explanation:
    'A method with AuthorizationType NONE can be called by anyone on the internet, and a method without a request validator passes whatever body and parameters it receives straight to the backend, which then has to reject malformed or malicious input itself. Validating at the edge is the cheapest place to stop it.',
  fix: 'CDK: pass `authorizer` (a `CognitoUserPoolsAuthorizer`, `TokenAuthorizer` or `RequestAuthorizer`) or `authorizationType: apigateway.AuthorizationType.IAM` to `addMethod`, or `defaultMethodOptions` on the RestApi; and `requestValidator` (or `requestValidatorOptions: { validateRequestBody: true, validateRequestParameters: true }`) with `requestModels`. CloudFormation: set `AuthorizationType` to `AWS_IAM`, `CUSTOM` or `COGNITO_USER_POOLS` (with `AuthorizerId`), and `RequestValidatorId` on the `AWS::ApiGateway::Method`.',
  controls: [],
  resourceTypes: ['AWS::ApiGateway::Method'],
  references: [
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html',
    'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html',
  ],
  check(method, ctx) {
    const httpMethods = ctx.variants(method.prop('HttpMethod'));
    const upper = (v: unknown) => (isLiteral(v) ? v.toUpperCase() : undefined);
    // Judged when any alternative is not OPTIONS: `Fn::If` or allowed values with OPTIONS among others still judge the others.
    const notOptions = anyOf(httpMethods.map((m): Tri => (isLiteral(m) ? (m.toUpperCase() === 'OPTIONS' ? 'no' : 'yes') : 'unknown')));
    if (notOptions === 'no') return;
    const label = `${method.displayName} (${httpMethods.map((m) => display(m)).join(' or ')})`;

    // Authorization: absent means NONE.
    const authNone = anyOf(
      ctx.variants(method.prop('AuthorizationType')).map((a): Tri => (isAbsent(a) ? 'yes' : isLiteral(a) ? (a.toUpperCase() === 'NONE' ? 'yes' : 'no') : 'unknown')),
    );
    const open = allOf([notOptions, authNone]);
    if (open === 'yes') {
      ctx.report({ detail: 'Authorization::NONE', message: `${label} has AuthorizationType NONE: anyone who can reach the API can call it` });
    } else if (open === 'unknown') {
      ctx.unresolved(authNone === 'unknown' ? 'Properties.AuthorizationType' : 'Properties.HttpMethod', `The authorization of ${label}`);
    }

    // Validation: a method that takes a body or parameters needs a validator.
    const bodyMethod = anyOf(httpMethods.map((m): Tri => (isLiteral(m) ? (BODY_METHODS.has(upper(m)!) ? 'yes' : 'no') : 'unknown')));
    const params = anyOf(
      ctx.variants(method.prop('RequestParameters')).map((p): Tri => (isAbsent(p) ? 'no' : isUnknown(p) ? 'unknown' : isObject(p) && Object.keys(p).length === 0 ? 'no' : 'yes')),
    );
    const takesInput = anyOf([bodyMethod, params]);
    const noValidator = anyOf(
      ctx.variants(method.prop('RequestValidatorId')).map((v): Tri => (isAbsent(v) || v === '' ? 'yes' : isWhollyUnknown(v) ? 'unknown' : 'no')),
    );
    const unvalidated = allOf([notOptions, takesInput, noValidator]);
    if (unvalidated === 'yes') {
      ctx.report({
        detail: 'Validator::missing',
        message: `${label} accepts ${bodyMethod === 'yes' ? 'a request body' : 'request parameters'} without a request validator (no RequestValidatorId)`,
      });
    } else if (unvalidated === 'unknown') {
      // An unknown notOptions means an unknown alternative and no known non-OPTIONS one, so bodyMethod is unknown too.
      const path = noValidator === 'unknown' ? 'RequestValidatorId' : bodyMethod === 'unknown' ? 'HttpMethod' : 'RequestParameters';
      ctx.unresolved(`Properties.${path}`, `Request validation of ${label}`);
    }
  },
};
