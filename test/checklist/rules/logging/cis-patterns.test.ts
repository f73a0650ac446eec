import { CIS_METRIC_FILTERS, matchesCisFilter } from '../../../../src/checklist/rules/logging/cis-patterns';

describe('CIS metric filter patterns', () => {
  test('lists CIS 4.1 to 4.15 in order, with unique IDs', () => {
    expect(CIS_METRIC_FILTERS.map((c) => c.cisControl)).toEqual(Array.from({ length: 15 }, (_, i) => `4.${i + 1}`));
    expect(new Set(CIS_METRIC_FILTERS.map((c) => c.id)).size).toBe(15);
  });

  test('each pattern is recognised as its own event and as no other', () => {
    for (const pattern of CIS_METRIC_FILTERS) {
      const matched = CIS_METRIC_FILTERS.filter((c) => matchesCisFilter(pattern.pattern, c)).map((c) => c.id);
      expect(matched).toEqual([pattern.id]);
    }
  });

  test('a pattern missing one event name is not recognised', () => {
    const iam = CIS_METRIC_FILTERS.find((c) => c.id === 'IamPolicyChanges')!;
    expect(matchesCisFilter(iam.pattern.replace('||($.eventName=DetachGroupPolicy)', ''), iam)).toBe(false);
  });

  test('the console sign-in pattern for SSO users (CIS 4.2 alternative) is recognised', () => {
    const mfa = CIS_METRIC_FILTERS.find((c) => c.id === 'ConsoleSignInWithoutMfa')!;
    const sso =
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }';
    expect(matchesCisFilter(sso, mfa)).toBe(true);
  });
});
