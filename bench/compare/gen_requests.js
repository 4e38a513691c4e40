// Generates the compare benchmark's requests (bench/compare/README.md): N
// transfers drawn from a fixed seed, each written twice, as the same
// transfer in two forms:
//   manifests.jsonl  one transfer manifest per line (docs/manifest.md), what
//                    dxcheck reads: 20 fields (4 tagged with categories, 16
//                    untagged process columns that dxcheck classifies), the
//                    exporter, recipients, counts, HGR flags, an exemption;
//   facts.jsonl      the facts the national rules test, already computed from
//                    it (presence from the tagged categories, cumulative
//                    counts), what the peers are given.
//
//   node gen_requests.js OUTDIR [N=10000]
'use strict';
const fs = require('fs');
const path = require('path');

const out = process.argv[2];
const n = Number(process.argv[3] || 10000);
if (!out) {
  console.error('usage: node gen_requests.js OUTDIR [N]');
  process.exit(64);
}

// xorshift32 from a fixed seed: the same requests on every run.
let state = 0x2545f491;
function next() {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return state / 4294967296;
}
const chance = (p) => next() < p;
const pick = (a) => a[Math.floor(next() * a.length)];
// Counts spread over the thresholds (1; 10,000; 100,000; 1,000,000) on a log scale.
const count = (max) => Math.floor(Math.pow(10, next() * Math.log10(max)));

// Untagged process columns: dxcheck classifies them (none is personal).
const UNTAGGED = ['BATCH_NO', 'yield_pct', 'reactor_temp', 'ph_value', 'lot_release', 'fill_volume',
                  'cycle_time', 'line_speed', 'pressure_kpa', 'humidity', 'shift_code', 'tank_level',
                  'ferment_day', 'assay_plate', 'run_order', 'column_lot'];

const lines = [], facts = [];
for (let i = 0; i < n; i++) {
  const kind = pick(['none', 'pi', 'spi', 'spi']);
  const hgrInfo = chance(0.3);
  const tagged = [['rd.process'], [kind === 'none' ? 'nonpersonal' : 'pi.basic'],
                  [kind === 'spi' ? 'pi.health' : 'rd.process'],
                  [hgrInfo ? 'hgr.genomic' : 'nonpersonal']];
  const fields = tagged.map((c, k) => ({name: 'tagged_' + k, type: 'string', dxcheck: {categories: c}}))
      .concat(UNTAGGED.map((u) => ({name: u, type: 'string'})));
  const piFields = kind !== 'none' || hgrInfo;  // hgr.genomic is personal
  const spiFields = kind === 'spi' || hgrInfo;  // and sensitive
  // Without personal fields, a count may still be declared: PI is then
  // present all the same (docs/manifest.md "Personal information is present").
  const personal = piFields ? Math.max(1, count(3000000)) : (chance(0.5) ? count(1000) : 0);
  const sensitive = spiFields ? Math.max(1, Math.floor(personal * next()))
                              : (chance(0.3) ? Math.floor(personal * next() / 2) : 0);
  const piPresent = piFields || personal > 0;
  const spiPresent = piPresent && (spiFields || sensitive > 0);
  const priorPersonal = chance(0.3) ? count(1500000) : 0;
  const priorSensitive = chance(0.3) ? count(20000) : 0;
  const ciio = chance(0.1);
  const foreignControlled = chance(0.15);
  const judicial = chance(0.03);
  const important = pick(['none', 'none', 'none', 'none', 'none', 'none', 'notified', 'listed', 'self_identified']);
  const core = chance(0.03), secret = chance(0.02), controlled = chance(0.03);
  const materials = chance(0.1);
  const sequencing = hgrInfo && chance(0.6) ? count(2000) : 0;
  const pedigree = hgrInfo && chance(0.05), region = hgrInfo && chance(0.05);
  const exemption = chance(0.6) ? null : pick(['foreign_origin', 'contract', 'hr', 'emergency', 'statutory_duty']);

  const subjects = {personal, sensitive};
  if (priorPersonal || priorSensitive) subjects.priorThisYear = {personal: priorPersonal, sensitive: priorSensitive};
  const transfer = {scenario: 'clinical_trial', purpose: 'generated request ' + i, date: '2026-12-01'};
  if (exemption) transfer.exemption = exemption;
  const m = {
    resources: [{name: 'r', path: 'r.csv', bytes: 1, hash: 'sha256:' + '0'.repeat(64), schema: {fields}}],
    dxcheck: {
      manifestVersion: '1', transferId: 'REQ-' + i,
      exporter: {name: 'n', uscc: '91310000MA1FL0000N', ciio, sector: 'biomedicine', foreignControlled},
      recipients: [{name: 'r', country: 'US', foreignJudicialOrEnforcement: judicial}],
      transfer, subjects,
      importantData: {status: important},
      coreData: core, stateSecret: secret, exportControlled: controlled,
      hgr: {information: hgrInfo, materials, sequencingSubjects: sequencing, importantPedigree: pedigree,
            specificRegion: region},
    },
  };
  lines.push(JSON.stringify(m));
  // The facts, named as dxcheck names them (checker/rules/facts.cc): cumulative
  // counts add the prior ones only when that kind of PI is present.
  facts.push(JSON.stringify({
    'exporter.ciio': ciio, 'exporter.foreignControlled': foreignControlled,
    'recipients.foreignJudicialOrEnforcement': judicial, 'importantData.status': important,
    coreData: core, stateSecret: secret, exportControlled: controlled,
    'pi.present': piPresent, 'spi.present': spiPresent, 'hgr.present': hgrInfo,
    'cumulative.personal': piPresent ? personal + priorPersonal : 0,
    'cumulative.sensitive': spiPresent ? sensitive + priorSensitive : 0,
    'hgr.information': hgrInfo, 'hgr.materials': materials, 'hgr.sequencingSubjects': sequencing,
    'hgr.importantPedigree': pedigree, 'hgr.specificRegion': region, exemption,
  }));
}
fs.mkdirSync(out, {recursive: true});
fs.writeFileSync(path.join(out, 'manifests.jsonl'), lines.join('\n') + '\n');
fs.writeFileSync(path.join(out, 'facts.jsonl'), facts.join('\n') + '\n');
console.error(`gen_requests: ${n} requests in ${out}`);
