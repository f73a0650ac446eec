import { App, IPolicyValidationContext, PolicyValidationPluginReport, Validations } from 'aws-cdk-lib';
import { HardenedChecks, HardenedChecksProps } from '../../src';

/**
 * Synthesizes `app` with the HardenedChecks pack as a validation plugin (CDK's report on
 * the console silenced); returns what the pack reported to CDK, one report per validation.
 */
export function synthWithPack(app: App, props: HardenedChecksProps): PolicyValidationPluginReport[] {
  const pack = new HardenedChecks(app, props);
  const reports: PolicyValidationPluginReport[] = [];
  const validate = pack.validate.bind(pack);
  pack.validate = (context: IPolicyValidationContext) => {
    const report = validate(context);
    reports.push(report);
    return report;
  };
  Validations.of(app).addPlugins(pack);
  const errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    app.synth();
  } finally {
    errorSpy.mockRestore();
  }
  return reports;
}
