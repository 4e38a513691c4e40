// The benchmarks' inputs (bench_inputs.h).
#include "bench/bench_inputs.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <utility>

#include "checker/base/file_io.h"
#include "checker/eval/decision_json.h"

namespace dxcheck {
namespace {

// Field names and descriptions as exports carry them: SDTM variables, Chinese
// hospital columns, lab and genomic fields, process data.
const char* const kNames[][2] = {
    {"USUBJID", "Unique Subject Identifier"}, {"AETERM", "Reported Term for the Adverse Event"},
    {"LBORRES", "Result or Finding in Original Units"}, {"身份证号", "患者身份证号码"},
    {"mobile_phone", "contact phone"}, {"诊断", "主要诊断"}, {"BATCH_NO", "batch number"},
    {"genotype", "genotype call"}, {"BRTHDTC", "Date/Time of Birth"}, {"病理结果", "病理报告"},
    {"CMTRT", "Reported Name of Drug"}, {"yield_pct", "process yield"}, {"SEX", "Sex"},
    {"visit_note", "free text note"}, {"出院小结", "出院记录"}, {"variant_calls", "VCF variant calls"}};

}  // namespace

std::string ManifestJson(int fields) {
  std::string f;
  for (int i = 0; i < fields; ++i) {
    const auto& n = kNames[i % (sizeof kNames / sizeof kNames[0])];
    f += std::string(i ? "," : "") + "{\"name\": \"" + n[0] + "_" + std::to_string(i) +
         "\", \"type\": \"string\", \"description\": \"" + n[1] + "\"}";
  }
  return R"({"resources": [{"name": "r", "path": "r.csv", "bytes": 1, "hash": "sha256:)" +
         std::string(64, '0') + R"(", "schema": {"fields": [)" + f + R"(]}}],
  "dxcheck": {"manifestVersion": "1", "transferId": "BENCH",
    "exporter": {"name": "n", "uscc": "91310000MA1FL0000N", "ciio": false, "sector": "biomedicine",
                 "zone": "CN-BJ-FTZ", "exportsFromZone": true},
    "recipients": [{"name": "r", "country": "US"}],
    "transfer": {"scenario": "clinical_trial", "purpose": "p", "date": "2026-12-01"},
    "subjects": {"personal": 5000, "sensitive": 5000},
    "hgr": {"information": true, "sequencingSubjects": 600}}})";
}

std::string Source(const std::string& rel) { return std::string(DXCHECK_SOURCE_DIR) + "/" + rel; }

const RuleSet& Rules(int extra, int copies) {
  static std::map<std::pair<int, int>, std::unique_ptr<RuleSet>> cache;
  auto& slot = cache[{extra, copies}];
  if (slot) return *slot;
  std::string dir = Source("rules");
  if (extra > 0 || copies > 1) {
    dir = "/tmp/dxcheck_bench_rules_" + std::to_string(extra) + "_" + std::to_string(copies);
    mkdir(dir.c_str(), 0755);
    for (const char* f : {"cn-baseline.json", "cn-hgr.json", "bj-ftz-2024-pharma.json"}) {
      std::string bytes = ReadFile(Source("rules/") + f).value();
      for (int c = 0; c < copies; ++c) {
        // Copy c > 0 under its own id: `"id": "cn-hgr"` -> `"id": "cn-hgr-c2"`.
        std::string copy = bytes, name = std::string(f);
        if (c > 0) {
          size_t id = copy.find("\"id\": \"");
          size_t end = copy.find('"', id + 7);
          copy.insert(end, "-c" + std::to_string(c));
          name = name.substr(0, name.size() - 5) + "-c" + std::to_string(c) + ".json";
        }
        if (!WriteFileAtomic(dir + "/" + name, copy).ok()) std::abort();
      }
    }
    std::string cats = ReadFile(Source("rules/categories.json")).value();
    // `extra` patterns in all, alternately on names and descriptions, in
    // realistic shapes: anchored vendor codes, CJK terms, delimited tokens.
    std::string names, descs;
    for (int i = 0; i < extra; ++i) {
      std::string n = std::to_string(i);
      if (i % 2 == 1) {
        descs += "\"synthetic term " + n + "\\\\b\", ";
      } else if (i % 3 == 0) {
        names += "\"^(vendor" + n + "_)?code_?" + std::to_string(i * 7919 % 100000) + "$\", ";
      } else if (i % 3 == 1) {
        names += "\"字段" + n + "号\", ";
      } else {
        names += "\"(^|_)xq" + n + "(_|$)\", ";
      }
    }
    // All into one category: the Set's size, not the category, is what counts.
    cats.insert(cats.find("\"genotyp\""), names);
    cats.insert(cats.find("\"fastq|\\\\bbam\\\\b|\\\\bcram\\\\b\""), descs);
    if (!WriteFileAtomic(dir + "/categories.json", cats).ok()) std::abort();
  }
  DiagnosticList diags;
  Result<RuleSet> r = RuleSet::Load(dir, {}, &diags);
  if (!r.ok()) {
    std::fprintf(stderr, "%s%s\n", diags.RenderAll().c_str(), r.status().message().c_str());
    std::abort();
  }
  slot = std::make_unique<RuleSet>(std::move(r).value());
  // As batch and serve do: the benches model a process making many decisions.
  PrepareDecisionHeads(slot.get());
  return *slot;
}

}  // namespace dxcheck
