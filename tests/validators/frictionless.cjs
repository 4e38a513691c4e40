// Validates Frictionless Data Package descriptors with the Frictionless project's own JavaScript
// libraries, independent of dxcheck:
//   1. `datapackage` (frictionlessdata/datapackage-js) validate(): the descriptor against the v1
//      profile it declares (data-package or tabular-data-package, the JSON Schemas the library
//      ships), every resource against its resource profile (data-resource, tabular-data-resource:
//      its required profile key, schema, name pattern, path, hash, bytes...) and path safety;
//   2. `tableschema` (frictionlessdata/tableschema-js) validate() on every inline `schema`, also of
//      resources that are not tabular (the data-resource profile does not look inside a schema);
//   3. two rules of the v1 spec texts that no JSON Schema expresses: a Tabular Data Resource's data is
//      CSV (or inline JSON), so a tabular resource with a path has format csv (or none and a .csv
//      path); and a resource's `format` is its file extension ("would be expected to be the standard
//      file extension"), checked when the path has one (after a compression suffix when
//      `compression` says so).
// usage: node frictionless.cjs FILE... [--tests TESTFILE...] [--invalid FILE=TEXT...]
//   FILE       a datapackage.json (strict JSON)
//   --tests    the files after it are list test files (*.test.json, JSON with comments); their `base`
//              and every test's inline or referenced `manifest` are validated
//   --invalid  the descriptors after it must be rejected, with TEXT in the problems reported
// Prints "ok   NAME" or "FAIL NAME: problem" per descriptor; exit 0 when every descriptor met its
// expectation, 1 otherwise.
'use strict';
const fs = require('fs');
const path = require('path');
const { validate } = require('datapackage');
const tableschema = require('tableschema');
const jsonc = require('jsonc-parser');

function parseJsonc(file) {
  const errors = [];
  const value = jsonc.parse(fs.readFileSync(file, 'utf8'), errors, { allowTrailingComma: false });
  if (errors.length) {
    const e = errors[0];
    throw new Error(`${file}: not JSON with comments (${jsonc.printParseErrorCode(e.error)} at offset ${e.offset})`);
  }
  return value;
}

function describe(err) {
  // datapackage's messages span lines ("Descriptor validation error:\n  ... at \"/x\" in descriptor").
  return String(err && err.message ? err.message : err).replace(/\s+/g, ' ').trim();
}

function extension(p, compression) {
  let base = p.split('/').pop();
  if (compression && base.toLowerCase().endsWith('.' + String(compression).toLowerCase())) {
    base = base.slice(0, -(String(compression).length + 1));
  }
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function specProblems(d) {
  const problems = [];
  (Array.isArray(d.resources) ? d.resources : []).forEach((r, i) => {
    if (r === null || typeof r !== 'object') return;
    const paths = typeof r.path === 'string' ? [r.path] : Array.isArray(r.path) ? r.path.filter(p => typeof p === 'string') : [];
    const tabular = r.profile === 'tabular-data-resource' || d.profile === 'tabular-data-package';
    if (tabular && paths.length) {
      if (r.format !== undefined && String(r.format).toLowerCase() !== 'csv') {
        problems.push(`/resources/${i}: a Tabular Data Resource's data is CSV or inline JSON, but format is "${r.format}"`);
      } else if (r.format === undefined && paths.some(p => extension(p, r.compression) !== 'csv')) {
        problems.push(`/resources/${i}: a Tabular Data Resource's data is CSV or inline JSON, but the path is not a .csv file`);
      }
    }
    if (typeof r.format === 'string') {
      for (const p of paths) {
        const ext = extension(p, r.compression);
        if (ext && ext !== r.format.toLowerCase()) {
          problems.push(`/resources/${i}: format "${r.format}" but path "${p}" is a .${ext} file`);
        }
      }
    }
  });
  return problems;
}

async function problemsOf(descriptor) {
  const problems = [];
  if (descriptor === null || typeof descriptor !== 'object' || Array.isArray(descriptor)) {
    problems.push('not a JSON object');
  } else {
    try {
      const { valid, errors } = await validate(JSON.parse(JSON.stringify(descriptor)));
      if (!valid) problems.push(...errors.map(e => 'datapackage: ' + describe(e)));
    } catch (e) {
      problems.push('datapackage: ' + describe(e));
    }
    for (const [i, r] of (Array.isArray(descriptor.resources) ? descriptor.resources : []).entries()) {
      if (!r || typeof r.schema !== 'object' || r.schema === null) continue;
      try {
        const { valid, errors } = await tableschema.validate(JSON.parse(JSON.stringify(r.schema)));
        if (!valid) problems.push(...errors.map(e => `tableschema: /resources/${i}/schema: ` + describe(e)));
      } catch (e) {
        problems.push(`tableschema: /resources/${i}/schema: ` + describe(e));
      }
    }
    problems.push(...specProblems(descriptor));
  }
  return problems;
}

async function check(name, descriptor) {
  const problems = await problemsOf(descriptor);
  console.log(problems.length ? `FAIL ${name}: ${problems.join('; ')}` : `ok   ${name}`);
  return problems.length === 0;
}

async function checkInvalid(name, descriptor, text) {
  const problems = await problemsOf(descriptor);
  const hit = problems.some(p => p.includes(text));
  console.log(hit ? `ok   ${name} rejected: ${problems.join('; ')}` :
              problems.length ? `FAIL ${name}: rejected, but without "${text}": ${problems.join('; ')}` :
              `FAIL ${name}: accepted`);
  return hit;
}

(async () => {
  let ok = true, tests = false, invalid = false, count = 0;
  for (const arg of process.argv.slice(2)) {
    if (arg === '--tests') { tests = true; invalid = false; continue; }
    if (arg === '--invalid') { invalid = true; tests = false; continue; }
    try {
      if (invalid) {
        const eq = arg.indexOf('=');
        const file = arg.slice(0, eq);
        ok = (await checkInvalid(file, JSON.parse(fs.readFileSync(file, 'utf8')), arg.slice(eq + 1))) && ok;
        count++;
        continue;
      }
      if (!tests) {
        ok = (await check(arg, JSON.parse(fs.readFileSync(arg, 'utf8')))) && ok;
        count++;
        continue;
      }
      const doc = parseJsonc(arg);
      const load = m => typeof m === 'string' ? JSON.parse(fs.readFileSync(path.join(path.dirname(arg), m), 'utf8')) : m;
      if (doc.base !== undefined) { ok = (await check(`${arg}#/base`, load(doc.base))) && ok; count++; }
      for (const [i, t] of (doc.tests || []).entries()) {
        if (t && t.manifest !== undefined) { ok = (await check(`${arg}#/tests/${i}/manifest`, load(t.manifest))) && ok; count++; }
      }
    } catch (e) {
      console.log(`FAIL ${arg}: ${describe(e)}`);
      ok = false;
    }
  }
  if (count === 0) { console.log('FAIL no descriptor given'); ok = false; }
  process.exit(ok ? 0 : 1);
})();
