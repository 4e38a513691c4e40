// Independent checks of dxcheck's CI formats, for tests/e2e/first_users.py:
//   node first_users.cjs sarif FILE    validates FILE against the OASIS SARIF 2.1.0 schema
//                                      (as @microsoft/jest-sarif ships it) with ajv-draft-04;
//   node first_users.cjs junit FILE    reads FILE with junit2json (a JUnit XML consumer CI tools use)
//                                      and prints {tests, failures, suites, cases, failed: [names]}.
// Exit 0 on success, 1 with the validator's errors otherwise.
const fs = require('fs');
const path = require('path');
const [mode, file] = process.argv.slice(2);

async function main() {
  const text = fs.readFileSync(file, 'utf8');
  if (mode === 'sarif') {
    const Ajv = require('ajv-draft-04');  // the SARIF schema's dialect is JSON Schema draft-04
    const schemaPath = path.join(path.dirname(require.resolve('@microsoft/jest-sarif/package.json')),
                                 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
    const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
    // unicodeRegExp: false — the schema's language pattern is not valid with the u flag.
    const ajv = new Ajv({allErrors: true, strict: false, unicodeRegExp: false});
    const validate = ajv.compile(schema);
    const log = JSON.parse(text);
    if (!validate(log)) {
      console.log(JSON.stringify(validate.errors.slice(0, 10), null, 1));
      return 1;
    }
    console.log(`sarif ok: ${log.runs[0].results.length} results`);
    return 0;
  }
  if (mode === 'junit') {
    const {parse} = await import('junit2json');
    const out = await parse(text);
    const cases = (out.testsuite || []).flatMap((s) => s.testcase || []);
    const failed = cases.filter((c) => c.failure && c.failure.length).map((c) => c.name);
    console.log(JSON.stringify({tests: out.tests, failures: out.failures,
                                suites: (out.testsuite || []).length, cases: cases.length, failed}));
    return 0;
  }
  console.log(`unknown mode ${mode}`);
  return 1;
}
main().then((c) => process.exit(c), (e) => { console.log(String(e)); process.exit(1); });
