// The peers of bench/compare (README.md): the national lists (cn-baseline and
// cn-hgr: 17 rules) translated from dxcheck's own list files into
// json-logic-js, json-rules-engine and Cedar (cedar-wasm) policies, run over
// the same requests' facts; each peer's outcomes are compared with dxcheck's
// (verdict, obligations, matched and relieved rules) and one table of
// decisions/s is printed, with dxcheck's and the floor's rates read from
// dxcheck_compare's summary.
//
//   node peers.js RULES_DIR FACTS.jsonl DXCHECK_OUT.jsonl SUMMARY.json [SECONDS=3]
'use strict';
const fs = require('fs');
const path = require('path');
const jsonLogic = require('json-logic-js');
const {Engine} = require('json-rules-engine');
const cedar = require('@cedar-policy/cedar-wasm/nodejs');

const [rulesDir, factsFile, dxFile, summaryFile] = process.argv.slice(2, 6);
const seconds = Number(process.argv[6] || 3);

// ---- The rules, read from dxcheck's list files (line comments stripped). ----
function readList(file) {
  const text = fs.readFileSync(path.join(rulesDir, file), 'utf8')
      .split('\n').filter((l) => !/^\s*\/\//.test(l)).join('\n');
  return JSON.parse(text);
}
const RULES = [];
for (const file of ['cn-baseline.json', 'cn-hgr.json']) {
  const list = readList(file);
  for (const r of list.rules) {
    RULES.push({id: list.id + '/' + r.id, when: r.when, verdict: r.outcome.verdict || null,
                obligations: r.outcome.obligations || [],
                exemptions: (r.relief && r.relief.exemptions) || []});
  }
}
const LEAF_OPS = ['is', 'eq', 'in', 'gt', 'gte', 'lt', 'lte'];
function leafOp(p) {
  const ops = Object.keys(p).filter((k) => k !== 'fact');
  if (ops.length !== 1 || !LEAF_OPS.includes(ops[0])) throw new Error('untranslated predicate ' + JSON.stringify(p));
  return [ops[0], p[ops[0]]];
}

// ---- Shared composition (what evaluator.cc does after the predicates, for ----
// ---- the national lists alone: exemption relief, max verdict, obligations). ----
const RANK = {free_flow: 0, contract_or_certification: 1, security_assessment: 2, prohibited: 3};
function compose(fired, exemption) {  // fired: array of booleans parallel to RULES
  let verdict = 'free_flow';
  const matches = [], relieved = [], obligations = new Set();
  for (let i = 0; i < RULES.length; i++) {
    if (!fired[i]) continue;
    const r = RULES[i];
    if (exemption && r.exemptions.includes(exemption)) { relieved.push(r.id); continue; }
    matches.push(r.id);
    if (r.verdict && RANK[r.verdict] > RANK[verdict]) verdict = r.verdict;
    for (const o of r.obligations) obligations.add(o);
  }
  if (verdict === 'security_assessment') obligations.add('security_assessment');
  if (verdict === 'contract_or_certification') obligations.add('standard_contract_filing');
  return {verdict, obligations: [...obligations], matches, relieved};
}

// ---- json-logic-js: one expression per rule, over nested data. ----
function toLogic(p) {
  if (p.all) return {and: p.all.map(toLogic)};
  if (p.any) return {or: p.any.map(toLogic)};
  if (p.not) return {'!': toLogic(p.not)};
  const [op, v] = leafOp(p);
  const x = {var: p.fact};
  return {is: {'===': [x, v]}, eq: {'===': [x, v]}, in: {in: [x, v]}, gt: {'>': [x, v]},
          gte: {'>=': [x, v]}, lt: {'<': [x, v]}, lte: {'<=': [x, v]}}[op];
}
const LOGIC = RULES.map((r) => toLogic(r.when));
function nest(flat) {  // {"exporter.ciio": true} -> {exporter: {ciio: true}}
  const o = {};
  for (const [k, v] of Object.entries(flat)) {
    const parts = k.split('.');
    let at = o;
    for (let i = 0; i < parts.length - 1; i++) at = at[parts[i]] || (at[parts[i]] = {});
    at[parts[parts.length - 1]] = v;
  }
  return o;
}
const jsonLogicPeer = {
  name: 'json-logic-js 2.0.5',
  prepare: (facts) => facts.map(nest),
  run: (data, facts) => compose(LOGIC.map((l) => !!jsonLogic.apply(l, data)), facts.exemption),
};

// ---- json-rules-engine: one engine, 17 rules, one event per rule, flat facts. ----
function toConditions(p) {
  if (p.all) return {all: p.all.map(toConditions)};
  if (p.any) return {any: p.any.map(toConditions)};
  if (p.not) return {not: toConditions(p.not)};
  const [op, v] = leafOp(p);
  return {fact: p.fact, operator: {is: 'equal', eq: 'equal', in: 'in', gt: 'greaterThan',
          gte: 'greaterThanInclusive', lt: 'lessThan', lte: 'lessThanInclusive'}[op], value: v};
}
function wrapTop(c) { return c.all || c.any ? c : {all: [c]}; }  // the engine wants all/any/not at the top
const engine = new Engine([], {allowUndefinedFacts: true});
RULES.forEach((r, i) => engine.addRule({conditions: wrapTop(toConditions(r.when)),
                                        event: {type: 'fired', params: {i}}}));
const rulesEnginePeer = {
  name: 'json-rules-engine 7.3.1',
  prepare: (facts) => facts,
  async: true,
  run: async (data, facts) => {
    const {events} = await engine.run(data);
    const fired = new Array(RULES.length).fill(false);
    for (const e of events) fired[e.params.i] = true;
    return compose(fired, facts.exemption);
  },
};

// ---- Cedar: one permit policy per rule (id = the rule), facts in the context. ----
const ident = (f) => f.replace(/\./g, '_');
function toCedar(p) {
  if (p.all) return '(' + p.all.map(toCedar).join(' && ') + ')';
  if (p.any) return '(' + p.any.map(toCedar).join(' || ') + ')';
  if (p.not) return '!(' + toCedar(p.not) + ')';
  const [op, v] = leafOp(p);
  const x = 'context.' + ident(p.fact);
  if (op === 'in') return '[' + v.map((s) => JSON.stringify(s)).join(', ') + '].contains(' + x + ')';
  const sym = {is: '==', eq: '==', gt: '>', gte: '>=', lt: '<', lte: '<='}[op];
  return x + ' ' + sym + ' ' + JSON.stringify(v);
}
const policies = {};
RULES.forEach((r) => { policies[r.id] = 'permit(principal, action, resource) when { ' + toCedar(r.when) + ' };'; });
const pre = cedar.preparsePolicySet('national', {staticPolicies: policies});
if (pre.type !== 'success') throw new Error('cedar: ' + JSON.stringify(pre.errors));
const RULE_INDEX = new Map(RULES.map((r, i) => [r.id, i]));
const cedarPeer = {
  name: 'cedar-wasm 4.13.0',
  prepare: (facts) => facts.map((f) => {
    const c = {};
    for (const [k, v] of Object.entries(f)) if (k !== 'exemption') c[ident(k)] = v;
    return {principal: {type: 'Exporter', id: 'e'}, action: {type: 'Action', id: 'export'},
            resource: {type: 'Transfer', id: 't'}, context: c, preparsedPolicySetId: 'national',
            entities: []};
  }),
  run: (call, facts) => {
    const a = cedar.statefulIsAuthorized(call);
    if (a.type !== 'success' || a.response.diagnostics.errors.length) throw new Error('cedar: ' + JSON.stringify(a));
    const fired = new Array(RULES.length).fill(false);
    for (const id of a.response.diagnostics.reason) fired[RULE_INDEX.get(id)] = true;
    return compose(fired, facts.exemption);
  },
};

// ---- Agreement and rates. ----
const readJsonl = (f) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const facts = readJsonl(factsFile);
const dx = readJsonl(dxFile);
const summary = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
if (dx.length !== facts.length) throw new Error(`dxcheck answered ${dx.length} of ${facts.length} requests`);
const sorted = (a) => [...a].sort().join(',');
function agree(a, b) {
  return {verdict: a.verdict === b.verdict, obligations: sorted(a.obligations) === sorted(b.obligations),
          rules: sorted(a.matches) === sorted(b.matches) && sorted(a.relieved) === sorted(b.relieved)};
}

async function measure(peer) {
  const inputs = peer.prepare(facts);
  const outcomes = [];
  const tally = {verdict: 0, obligations: 0, rules: 0, all: 0};
  let firstMismatch = null;
  for (let i = 0; i < facts.length; i++) {
    const o = peer.async ? await peer.run(inputs[i], facts[i]) : peer.run(inputs[i], facts[i]);
    outcomes.push(o);
    const g = agree(o, dx[i]);
    for (const k of ['verdict', 'obligations', 'rules']) tally[k] += g[k] ? 1 : 0;
    if (g.verdict && g.obligations && g.rules) tally.all++;
    else if (!firstMismatch) firstMismatch = {request: i, peer: o, dxcheck: dx[i]};
  }
  // Timed passes over all requests until `seconds` have gone by.
  let done = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds) {
    for (let i = 0; i < facts.length; i++) {
      if (peer.async) await peer.run(inputs[i], facts[i]); else peer.run(inputs[i], facts[i]);
    }
    done += facts.length;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
  }
  return {name: peer.name, rate: done / elapsed, tally, firstMismatch};
}

(async () => {
  const n = facts.length;
  const rows = [];
  for (const peer of [jsonLogicPeer, rulesEnginePeer, cedarPeer]) rows.push(await measure(peer));
  const pct = (k) => (100 * k / n).toFixed(2) + ' %';
  console.log(`\n${n} requests, ${RULES.length} rules (cn-baseline + cn-hgr), one core each\n`);
  console.log('| engine | decisions/s | dxcheck ÷ engine | agreement with dxcheck: verdict · obligations · rules · all |');
  console.log('|---|---|---|---|');
  const fmt = (x) => Math.round(x).toLocaleString('en-US');
  console.log(`| dxcheck (whole check, JSON decision) | ${fmt(summary.dxcheck_rate)} | 1.00 | — |`);
  if (summary.floor_rate) {
    console.log(`| floor (bench/floor: RapidJSON in situ, same RE2 sets, flat predicates) | ${fmt(summary.floor_rate)} | ${(summary.dxcheck_rate / summary.floor_rate).toFixed(2)} | ${pct(summary.floor_agree_verdict)} · — · ${pct(summary.floor_agree_rules)} · — |`);
  }
  let failed = false;
  for (const r of rows) {
    const t = r.tally;
    console.log(`| ${r.name} | ${fmt(r.rate)} | ${(summary.dxcheck_rate / r.rate).toFixed(2)} | ${pct(t.verdict)} · ${pct(t.obligations)} · ${pct(t.rules)} · ${pct(t.all)} |`);
    if (t.all !== n) failed = true;
  }
  for (const r of rows) {
    if (r.firstMismatch) console.log(`\n${r.name}: first disagreement: ${JSON.stringify(r.firstMismatch)}`);
  }
  if (summary.floor_rate && (summary.floor_agree_verdict !== n || summary.floor_agree_rules !== n)) failed = true;
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(70); });
