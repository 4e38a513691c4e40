// Benchmarks of the check pipeline: a whole check (parse, classify, consistency,
// evaluate, serialise) of manifests of 20 and 2,000 untagged fields against
// the shipped rules, and classification alone with 10, 100 and 1,000 synthetic
// patterns added to the shipped code list — classification must not slow down
// with the pattern count (one RE2::Set per target).
//
//   build/release/dxcheck_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <sys/stat.h>

#include "checker/base/file_io.h"
#include "checker/eval/check.h"
#include "checker/eval/decision_json.h"
#include "checker/manifest/manifest_loader.h"
#include "checker/rules/data_profile.h"

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

// A rules directory: the shipped lists and code list with `extra` synthetic
// name patterns and as many description patterns (0: the shipped rules).
const RuleSet& Rules(int extra) {
  static std::map<int, std::unique_ptr<RuleSet>> cache;
  auto& slot = cache[extra];
  if (slot) return *slot;
  std::string dir = Source("rules");
  if (extra > 0) {
    dir = "/tmp/dxcheck_bench_rules_" + std::to_string(extra);
    mkdir(dir.c_str(), 0755);
    for (const char* f : {"cn-baseline.json", "cn-hgr.json", "bj-ftz-2024-pharma.json"}) {
      if (!WriteFileAtomic(dir + "/" + f, ReadFile(Source("rules/") + f).value()).ok()) std::abort();
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
  return *slot;
}

// fields/s, and the pattern count when `rules` has extra patterns.
void Report(benchmark::State& state, int fields, const RuleSet* rules) {
  state.counters["fields/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * fields,
                                                  benchmark::Counter::kIsRate);
  if (rules != nullptr) state.counters["patterns"] = static_cast<double>(rules->classifier().pattern_count());
}

void BM_Check(benchmark::State& state) {
  const int fields = static_cast<int>(state.range(0));
  const RuleSet& rules = Rules(0);
  std::string json = ManifestJson(fields);
  CheckOptions options;
  options.evaluation.at = *Date::Parse("2026-12-01");
  for (auto _ : state) {
    DiagnosticList diags;
    Result<Decision> d = RunCheck(json, "bench.json", rules, options, &diags);
    if (!d.ok()) state.SkipWithError("check failed");
    std::string out = DecisionToJson(*d);
    benchmark::DoNotOptimize(out);
  }
  state.counters["manifests/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                     benchmark::Counter::kIsRate);
  Report(state, fields, nullptr);
}
BENCHMARK(BM_Check)->Arg(20)->Arg(2000)->Unit(benchmark::kMicrosecond);

// Classification of 2,000 untagged fields with extra synthetic patterns.
void BM_Classify(benchmark::State& state) {
  const int extra = static_cast<int>(state.range(0));
  const RuleSet& rules = Rules(extra);
  const int fields = 2000;
  DiagnosticList diags;
  Manifest m = LoadManifest(ManifestJson(fields), "bench.json", rules.categories(), &diags).value();
  for (auto _ : state) {
    Result<DataProfile> p = BuildDataProfile(m, rules.categories(), rules.classifier());
    if (!p.ok()) state.SkipWithError("classification failed");
    benchmark::DoNotOptimize(p);
  }
  Report(state, fields, &rules);
}
BENCHMARK(BM_Classify)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);

// A whole check of 2,000 fields with extra synthetic patterns.
void BM_CheckPatterns(benchmark::State& state) {
  const int extra = static_cast<int>(state.range(0));
  const RuleSet& rules = Rules(extra);
  const int fields = 2000;
  std::string json = ManifestJson(fields);
  CheckOptions options;
  options.evaluation.at = *Date::Parse("2026-12-01");
  for (auto _ : state) {
    DiagnosticList diags;
    Result<Decision> d = RunCheck(json, "bench.json", rules, options, &diags);
    if (!d.ok()) state.SkipWithError("check failed");
    benchmark::DoNotOptimize(d);
  }
  Report(state, fields, &rules);
}
BENCHMARK(BM_CheckPatterns)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace dxcheck

BENCHMARK_MAIN();  // one main for check_bench.cc and sign_bench.cc
