/**
 * How serious a checklist finding is.
 */
export enum Severity {
  /** Fails `cdk synth` (and the command line with the default `--fail-on error`). */
  ERROR = 'error',
  /** Reported; fails only when asked (`failOn: FailOn.WARNING`, `--fail-on warning`, `cdk synth --strict`). */
  WARNING = 'warning',
}

/**
 * What the checklist expects of CloudTrail in the app (rule LOG1).
 */
export enum TrailRequirement {
  /** The app must contain a multi-region trail recording read and write management events. */
  REQUIRED = 'required',
  /** An organization trail exists elsewhere: the app needs no trail of its own. */
  ORGANIZATION = 'organization',
  /** LOG1 is not checked. */
  OFF = 'off',
}

/** Orders severities: a finding fails a check when its rank is at least the threshold's. */
export function severityRank(s: Severity | 'none'): number {
  return s === Severity.ERROR ? 2 : s === Severity.WARNING ? 1 : 3;
}
