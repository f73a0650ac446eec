import { Severity, TrailRequirement } from './severity';

/**
 * The level of finding that fails the check.
 */
export enum FailOn {
  /** Errors fail; warnings are reported. */
  ERROR = 'error',
  /** Errors and warnings fail. */
  WARNING = 'warning',
  /** Nothing fails; findings are only reported. */
  NONE = 'none',
}

/**
 * Options shared by every front door of the checklist (aspect, validation plugin, command line).
 */
export interface ChecklistOptions {
  /**
   * Rule IDs not to run (`IAM9` or `Hardened-IAM9`).
   * @default - every rule runs
   */
  readonly skip?: string[];

  /**
   * Run only these rule IDs.
   * @default - every rule runs
   */
  readonly rules?: string[];

  /**
   * Severity overrides per rule ID, for example `{ NET4: Severity.ERROR }`.
   * @default - each rule's own severity
   */
  readonly severityOverrides?: { [ruleId: string]: Severity };

  /**
   * Ports that may be open to the world (rule NET1).
   * @default [80, 443]
   */
  readonly publicPorts?: number[];

  /**
   * What the app must have of CloudTrail (rule LOG1).
   * @default TrailRequirement.REQUIRED
   */
  readonly trail?: TrailRequirement;

  /**
   * The level of finding that fails synthesis.
   * @default FailOn.ERROR
   */
  readonly failOn?: FailOn;

  /**
   * The date Lambda runtimes are judged against (rule LMB1) and acknowledgements
   * expire by, as `YYYY-MM-DD`.
   * @default - today
   */
  readonly date?: string;

  /**
   * Lambda runtime deprecation dates (`YYYY-MM-DD`) that override or extend the
   * built-in table, for example `{ 'python3.9': '2025-12-15' }`.
   * @default - the built-in table
   */
  readonly runtimeDeprecations?: { [runtime: string]: string };

  /**
   * Write the JSON report (the format of `cdk-hardened check --format json`) to
   * this file. It must be outside the cloud assembly directory (`cdk.out`).
   * @default - no file
   */
  readonly reportFile?: string;

  /**
   * Write a SARIF 2.1.0 report (for GitHub code scanning) to this file, outside `cdk.out`.
   * @default - no file
   */
  readonly sarifFile?: string;

  /**
   * Include every rule/resource evaluation (passed ones too) in the JSON report, as audit evidence.
   * @default false
   */
  readonly includePassed?: boolean;
}

