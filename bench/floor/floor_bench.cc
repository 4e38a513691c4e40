// BM_Floor (floor.h): the floor harness on check_bench.cc's manifests, in
// the same binary and run as BM_Check, so the ratio of the two is measured.
//
//   build/release/dxcheck_bench --benchmark_filter='BM_(Check|Floor)/'
#include <benchmark/benchmark.h>

#include "bench/alloc_count.h"
#include "bench/bench_inputs.h"
#include "bench/floor/floor.h"

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

}  // namespace
}  // namespace dxcheck
