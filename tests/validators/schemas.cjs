// Validates documents against the JSON Schemas of docs/schema with Ajv's draft 2020-12 validator
// (ajv/dist/2020, strict about the schemas, with ajv-formats for "date"). Documents are read as JSON with comments
// by jsonc-parser (the parser of VS Code's JSON language service: it tokenizes, so "//" or "/*" inside
// a string stays text); a trailing comma or any other syntax error fails the document.
// usage: node schemas.cjs SCHEMA_DIR [--print FILE] [--valid] SCHEMA=FILE... [--invalid] SCHEMA=FILE...
//   SCHEMA   a file name in SCHEMA_DIR (manifest.schema.json, list.schema.json, ...)
//   --valid    the documents after it must be accepted (the default)
//   --invalid  the documents after it must be rejected; SCHEMA=FILE=POINTER: with an error at
//              POINTER (or below it), so that a document is not rejected for another reason
//   --print    prints FILE as parsed (one line of JSON) and exits
// Prints "ok   FILE" or "FAIL FILE: ..." per document; exit 0 when every document met its expectation.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');
const jsonc = require('jsonc-parser');

function readJsonc(file) {
  const errors = [];
  const value = jsonc.parse(fs.readFileSync(file, 'utf8'), errors, { allowTrailingComma: false, disallowComments: false });
  if (errors.length) {
    const e = errors[0];
    throw new Error(`not JSON with comments: ${jsonc.printParseErrorCode(e.error)} at offset ${e.offset}`);
  }
  return value;
}

function main(argv) {
  const dir = argv[0];
  if (argv[1] === '--print') {
    console.log(JSON.stringify(readJsonc(argv[2])));
    return 0;
  }
  // Strict about the schemas themselves (unknown keywords, ignored keywords, formats); not about
  // if/then fragments that name properties or "required" without repeating the type.
  const ajv = new Ajv2020({ allErrors: true, strictSchema: true, strictNumbers: true, strictTuples: true,
                            strictTypes: false, strictRequired: false, validateFormats: true });
  addFormats(ajv);
  for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.schema.json')).sort()) {
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), f);
  }
  let want = true, ok = true, count = 0;
  for (const arg of argv.slice(1)) {
    if (arg === '--valid' || arg === '--invalid') { want = arg === '--valid'; continue; }
    const [schemaName, file, where] = arg.split('=');
    count++;
    let validateFn;
    try {
      validateFn = ajv.getSchema(schemaName);
      if (!validateFn) throw new Error(`no schema ${schemaName} in ${dir}`);
    } catch (e) {
      console.log(`FAIL ${schemaName}: does not compile: ${e.message}`);
      ok = false;
      continue;
    }
    let doc;
    try {
      doc = readJsonc(file);
    } catch (e) {
      console.log(`FAIL ${file}: ${e.message}`);
      ok = false;
      continue;
    }
    const valid = validateFn(doc);
    const errors = (validateFn.errors || []).map(e => `${e.instancePath || '/'} ${e.message}` +
      (e.params && e.params.additionalProperty ? ` (${e.params.additionalProperty})` : ''));
    const at = where === undefined || (validateFn.errors || []).some(e => e.instancePath === where ||
                                                                    e.instancePath.startsWith(where + '/'));
    if (valid === want && !want && !at) {
      ok = false;
      console.log(`FAIL ${file}: rejected, but not at ${where}: ${errors.slice(0, 8).join('; ')}`);
    } else if (valid === want) {
      console.log(`ok   ${file} ` + (want ? `(${schemaName})` : `rejected by ${schemaName}: ${errors.slice(0, 3).join('; ')}`));
    } else {
      ok = false;
      console.log(`FAIL ${file}: ` + (want ? `${schemaName} rejects it: ${errors.slice(0, 8).join('; ')}` : `${schemaName} accepts it`));
    }
  }
  if (count === 0) { console.log('FAIL no document given'); ok = false; }
  return ok ? 0 : 1;
}

try {
  process.exit(main(process.argv.slice(2)));
} catch (e) {
  console.log(`FAIL ${e.message}`);
  process.exit(1);
}
