import { NO, YES, allOf, anyOf, maybe, not } from '../../../../src/checklist/rules/network/tri';

describe('three-valued answers', () => {
  test('allOf: no wins, else the first maybe, else yes', () => {
    expect(allOf(YES, maybe('a'), maybe('b'))).toEqual(maybe('a'));
    expect(allOf(maybe('a'), YES, maybe('b'))).toEqual(maybe('a'));
    expect(allOf(maybe('a'), NO)).toEqual(NO);
    expect(allOf(YES, () => YES)).toEqual(YES);
  });

  test('anyOf: yes wins, else the first maybe, else no', () => {
    expect(anyOf([maybe('a'), NO])).toEqual(maybe('a'));
    expect(anyOf([NO, maybe('a'), maybe('b')])).toEqual(maybe('a'));
    expect(anyOf([maybe('a'), YES])).toEqual(YES);
    expect(anyOf([NO, NO])).toEqual(NO);
    expect(anyOf([])).toEqual(NO);
  });

  test('not keeps maybe', () => {
    expect(not(YES)).toEqual(NO);
    expect(not(NO)).toEqual(YES);
    expect(not(maybe('a'))).toEqual(maybe('a'));
  });
});
