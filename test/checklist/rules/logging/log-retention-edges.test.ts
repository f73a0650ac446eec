import { checkTemplate, findingsOf } from '../../helpers';

const FN = { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'arn:aws:iam::123456789012:role/r', Code: { ZipFile: 'x' } };
const log6 = (resources: Record<string, unknown>, parameters?: Record<string, unknown>) =>
  findingsOf(checkTemplate({ Parameters: parameters, Resources: resources }), 'LOG6').map((f) => ({ on: f.logicalId, id: f.id, message: f.message }));

describe('LOG6 log retention: edge cases', () => {
  test('a group without retention fires, naming the group and RetentionInDays', () => {
    const f = log6({ Group: { Type: 'AWS::Logs::LogGroup', Properties: {} } });
    expect(f.map((x) => `${x.on} ${x.id}`)).toEqual(['Group Hardened-LOG6']);
    expect(f[0].message).toContain('Group');
    expect(f[0].message).toContain('RetentionInDays');
  });

  test('a retention from a parameter without allowed values is unresolved, naming the group', () => {
    const f = log6({ Group: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: { Ref: 'Days' } } } }, { Days: { Type: 'Number' } });
    expect(f.map((x) => `${x.on} ${x.id}`)).toEqual(['Group Hardened-LOG6[Unresolved::Properties.RetentionInDays]']);
    expect(f[0].message).toContain('Group');
  });

  test('an imported LoggingConfig log group is unresolved on the function, naming it', () => {
    const f = log6({ Fn: { Type: 'AWS::Lambda::Function', Properties: { ...FN, LoggingConfig: { LogGroup: { 'Fn::ImportValue': 'Logs' } } } } });
    expect(f.map((x) => `${x.on} ${x.id}`)).toEqual(['Fn Hardened-LOG6[Unresolved::Properties.LoggingConfig.LogGroup]']);
    expect(f[0].message).toContain('Fn');
  });

  test('a LoggingConfig log group outside the template is unresolved, naming the group and the function', () => {
    const f = log6({ Fn: { Type: 'AWS::Lambda::Function', Properties: { ...FN, LoggingConfig: { LogGroup: 'shared-logs' } } } });
    expect(f.map((x) => `${x.on} ${x.id}`)).toEqual(['Fn Hardened-LOG6[Unresolved::Properties.LoggingConfig.LogGroup]']);
    expect(f[0].message).toContain('shared-logs');
    expect(f[0].message).toContain('Fn');
  });

  test('a function whose log group has no retention fires on the function and the group, naming the function', () => {
    const f = log6({
      Fn: { Type: 'AWS::Lambda::Function', Properties: { ...FN, LoggingConfig: { LogGroup: { Ref: 'Group' } } } },
      Group: { Type: 'AWS::Logs::LogGroup', Properties: {} },
    });
    expect(f.map((x) => `${x.on} ${x.id}`).sort()).toEqual(['Fn Hardened-LOG6', 'Group Hardened-LOG6']);
    expect(f.find((x) => x.on === 'Fn')!.message).toContain('Fn');
  });

  test('a function whose log group retention is unknown is unresolved on LoggingConfig, naming the function', () => {
    const f = log6(
      {
        Fn: { Type: 'AWS::Lambda::Function', Properties: { ...FN, FunctionName: 'my-fn' } },
        Group: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/aws/lambda/my-fn', RetentionInDays: { Ref: 'Days' } } },
      },
      { Days: { Type: 'Number' } },
    );
    const onFn = f.filter((x) => x.on === 'Fn');
    expect(onFn.map((x) => x.id)).toEqual(['Hardened-LOG6[Unresolved::Properties.LoggingConfig]']);
    expect(onFn[0].message).toContain('Fn');
  });
});
