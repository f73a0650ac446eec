import { CIS_METRIC_FILTERS, CisMetricFilter, filterComparisons, matchesCisFilter } from '../../../../src/checklist/rules/logging/cis-patterns';

const cis = (id: string) => CIS_METRIC_FILTERS.find((c) => c.id === id)!;

describe('CIS metric filter patterns: edge cases', () => {
  test('filterComparisons lists exactly the comparisons of a pattern, quoted or not', () => {
    expect(filterComparisons('{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed!=Yes) }')).toEqual([
      { field: 'eventName', op: '=', value: 'ConsoleLogin' },
      { field: 'additionalEventData.MFAUsed', op: '!=', value: 'Yes' },
    ]);
    expect(filterComparisons('{ }')).toEqual([]);
  });

  test('quoted values are compared with their spacing normalised', () => {
    const failures = cis('ConsoleAuthenticationFailures');
    expect(matchesCisFilter('{ ($.eventName = ConsoleLogin) && ($.errorMessage = "  Failed   authentication ") }', failures)).toBe(true);
    expect(matchesCisFilter('{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failedauthentication") }', failures)).toBe(false);
  });

  test('narrowing terms are not required: a pattern without the eventSource term is recognised', () => {
    expect(matchesCisFilter('{ ($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion) }', cis('CmkDisableOrDeletion'))).toBe(true);
  });

  test('an exclusion of an event name is not required, and does not stand in for the event', () => {
    const unauthorized = cis('UnauthorizedApiCalls');
    expect(matchesCisFilter('{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }', unauthorized)).toBe(true);
    const console = cis('ConsoleSignInWithoutMfa');
    expect(matchesCisFilter('{ ($.eventName != "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }', console)).toBe(false);
  });

  test('a filter that is not in the CIS list is judged by its own pattern', () => {
    const custom: CisMetricFilter = { id: 'GetObject', name: 'Object reads', cisControl: '0', pattern: '{ ($.eventSource = s3.amazonaws.com) && ($.eventName = GetObject) }' };
    expect(matchesCisFilter('{ ($.eventSource = s3.amazonaws.com) && ($.eventName = "GetObject") }', custom)).toBe(true);
    expect(matchesCisFilter('{ $.eventName = "GetObject" }', custom)).toBe(true);
    expect(matchesCisFilter('{ $.eventName = PutObject }', custom)).toBe(false);
  });

  test('a filter with no event names or other key comparisons is matched by nothing', () => {
    const vague: CisMetricFilter = { id: 'Vague', name: 'Anything from S3', cisControl: '0', pattern: '{ $.eventSource = s3.amazonaws.com }' };
    expect(matchesCisFilter('{ $.eventSource = s3.amazonaws.com }', vague)).toBe(false);
  });
});
