// BM_Floor (floor.h): the floor harness on check_bench.cc's manifests, in
// the same binary and run as BM_Check, so the ratio of the two is measured.
//
//   build/release/dxcheck_bench --benchmark_filter='BM_(Check|Floor)/'
#include <benchmark/benchmark.h>

#include "bench/alloc_count.h"
#include "bench/bench_inputs.h"
#include "bench/floor/floor.h"
#include "checker/base/json_parser.h"
#include "rapidjson/document.h"

namespace dxcheck {
namespace {

void BM_Floor(benchmark::State& state) {
  const int fields = static_cast<int>(state.range(0));
  Floor floor(Rules(0), *Date::Parse("2026-12-01"));
  std::string json = ManifestJson(fields);
  Floor::Outcome out;
  if (!floor.Check(json, &out)) state.SkipWithError("floor check failed");
  AllocCount before = AllocationsSoFar();
  for (auto _ : state) {
    bool ok = floor.Check(json, &out);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(out.verdict);
  }
  AllocCount after = AllocationsSoFar();
  double n = static_cast<double>(state.iterations());
  state.counters["allocs/check"] = static_cast<double>(after.calls - before.calls) / n;
  state.counters["manifests/s"] = benchmark::Counter(n, benchmark::Counter::kIsRate);
  state.counters["fields/s"] = benchmark::Counter(n * fields, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Floor)->Arg(20)->Arg(2000)->Unit(benchmark::kMicrosecond);

// The parse alone, both ways: dxcheck's (ParseJson: the fast path, a tree
// with positions, keys and decoded strings, duplicate keys refused) and the
// floor's (RapidJSON in situ over a copy of the text), on the same manifest.
// Where BM_CheckStages' "load" stands against the floor's first step.
void BM_ParseDxcheck(benchmark::State& state) {
  std::string json = ManifestJson(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    JsonArena arena;
    JsonParseOptions options;
    options.arena = &arena;
    DiagnosticList diags;
    std::optional<JsonValue> root = ParseJson(json, "bench.json", options, &diags);
    benchmark::DoNotOptimize(root);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * json.size()));
}
BENCHMARK(BM_ParseDxcheck)->Arg(20)->Arg(2000)->Unit(benchmark::kMicrosecond);

void BM_ParseFloor(benchmark::State& state) {
  std::string json = ManifestJson(static_cast<int>(state.range(0)));
  std::string buffer;
  for (auto _ : state) {
    buffer.assign(json.begin(), json.end());
    buffer.push_back('\0');
    rapidjson::Document doc;
    doc.ParseInsitu(buffer.data());
    benchmark::DoNotOptimize(doc.HasParseError());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * json.size()));
}
BENCHMARK(BM_ParseFloor)->Arg(20)->Arg(2000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace dxcheck
