/** Raw CloudFormation fixtures for the IAM rule tests. */

/** A role that the fixture policies attach to. */
export const ROLE = {
  Type: 'AWS::IAM::Role',
  Properties: {
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    },
  },
};

/**
 * A template with one `AWS::IAM::Policy` (logical ID `Pol`) holding `statements`,
 * attached to the role `Role`, plus any extra sections.
 */
export function policyTemplate(statements: unknown, extra: Record<string, any> = {}): object {
  const { Resources, ...rest } = extra;
  return {
    ...rest,
    Resources: {
      Role: ROLE,
      Pol: {
        Type: 'AWS::IAM::Policy',
        Properties: {
          PolicyName: 'Pol',
          Roles: [{ Ref: 'Role' }],
          PolicyDocument: { Version: '2012-10-17', Statement: statements },
        },
      },
      ...Resources,
    },
  };
}

/** An Allow statement. */
export function allow(action: unknown, resource: unknown = '*'): Record<string, unknown> {
  return { Effect: 'Allow', Action: action, Resource: resource };
}
