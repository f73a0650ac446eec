import { corpusDir, runCorpus } from '../../scripts/corpus';

// The shared corpus of 1,239 real-world templates (../shared/corpus, or $HARDENED_CORPUS).
// A machine without it must say so explicitly: HARDENED_SKIP_CORPUS=1.
const dir = corpusDir();
const skip = process.env.HARDENED_SKIP_CORPUS === '1';

(skip ? describe.skip : describe)('the corpus of real-world templates', () => {
  test('is present (set HARDENED_CORPUS, or HARDENED_SKIP_CORPUS=1 to skip it knowingly)', () => {
    expect(dir).toBeDefined();
  });

  test('every template is checked or rejected with a reason, none crashes the engine', () => {
    const r = runCorpus(dir!);
    expect(r.crashed).toEqual([]);
    expect(r.checked + r.rejected.length).toBeGreaterThanOrEqual(1239);
    // Rejections are the templates that are not valid CloudFormation as written.
    for (const x of r.rejected) {
      expect(x.reason).toMatch(/invalid YAML|Rain module|not a CloudFormation template|no Type/);
    }
    expect(r.checked).toBeGreaterThan(1200);
    // The rules do find things in the wild.
    expect(Object.values(r.findingsPerRule).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});
