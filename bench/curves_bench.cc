// Curves (issue 15): a whole check with its JSON decision as the manifest, the
// lists and the patterns grow, to show nothing is super-linear:
//   BM_CurveFields/N     N = 20, 200, 2,000, 20,000 untagged fields, shipped rules
//   BM_CurveLists/K      200 fields, the three bench lists K = 1, 10, 100 times
//   BM_CurvePatterns/P   200 fields, P = 250, 1,250, 10,000 classification patterns
// Per-unit rates (fields/s, rules/s, µs per pattern) are the counters to compare.
#include <benchmark/benchmark.h>

#include "bench/bench_inputs.h"
#include "checker/eval/check.h"
#include "checker/eval/decision_json.h"

namespace dxcheck {
namespace {

void RunChecks(benchmark::State& state, const RuleSet& rules, int fields) {
  std::string json = ManifestJson(fields);
  CheckOptions options;
  options.evaluation.at = *Date::Parse("2026-12-01");
  for (auto _ : state) {
    DiagnosticList diags;
    Result<Decision> d = RunCheck(json, "bench.json", rules, options, &diags);
    if (!d.ok()) {
      state.SkipWithError("check failed");
      break;
    }
    std::string out = DecisionToJson(*d);
    benchmark::DoNotOptimize(out);
  }
  double n = static_cast<double>(state.iterations());
  size_t rule_count = 0;
  for (const RuleList& l : rules.lists()) rule_count += l.rules.size();
  state.counters["fields/s"] = benchmark::Counter(n * fields, benchmark::Counter::kIsRate);
  state.counters["rules"] = static_cast<double>(rule_count);
  state.counters["patterns"] = static_cast<double>(rules.classifier().pattern_count());
}

void BM_CurveFields(benchmark::State& state) {
  RunChecks(state, Rules(0), static_cast<int>(state.range(0)));
}
BENCHMARK(BM_CurveFields)->Arg(20)->Arg(200)->Arg(2000)->Arg(20000)->Unit(benchmark::kMicrosecond);

void BM_CurveLists(benchmark::State& state) {
  RunChecks(state, Rules(0, static_cast<int>(state.range(0))), 200);
}
BENCHMARK(BM_CurveLists)->Arg(1)->Arg(10)->Arg(100)->Unit(benchmark::kMicrosecond);

void BM_CurvePatterns(benchmark::State& state) {
  const int shipped = static_cast<int>(Rules(0).classifier().pattern_count());
  const int extra = static_cast<int>(state.range(0)) - shipped;
  if (extra < 1) {
    state.SkipWithError("fewer patterns than shipped");
    return;
  }
  RunChecks(state, Rules(extra), 200);
}
BENCHMARK(BM_CurvePatterns)->Arg(250)->Arg(1250)->Arg(10000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace dxcheck
