// Signing benchmarks: signed decisions per second per algorithm (statement,
// PAE, signature, envelope: everything `check --sign` adds to a check), next
// to OpenSSL's raw signing rate for the same key on a 32-byte message, measured
// in the same run so the two are comparable.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "checker/attest/keys.h"
#include "checker/attest/signature.h"
#include "checker/attest/statement.h"
#include "checker/eval/check.h"

namespace dxcheck {
namespace {

const Decision& SampleDecision() {
  static const Decision* d = [] {
    std::string dir = std::string(DXCHECK_SOURCE_DIR);
    DiagnosticList diags;
    static RuleSet rules = RuleSet::Load(dir + "/rules", {}, &diags).value();
    std::string bytes;
    FILE* f = std::fopen((dir + "/samples/sdtm-mrct-us-sponsor.json").c_str(), "rb");
    if (f == nullptr) std::abort();
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.append(buf, n);
    std::fclose(f);
    CheckOptions o;
    o.evaluation.at = *Date::Parse("2026-12-01");
    return new Decision(RunCheck(bytes, "sample.json", rules, o, &diags).value());
  }();
  return *d;
}

KeyAlgorithm Alg(const benchmark::State& s) { return static_cast<KeyAlgorithm>(s.range(0)); }

void BM_SignedDecision(benchmark::State& state) {
  Key key = Key::Generate(Alg(state)).value();
  const Decision& d = SampleDecision();
  size_t bytes = 0;
  for (auto _ : state) {
    std::string env = SignDecision(d, "sample.json", key, kDefaultSm2Id).value();
    bytes = env.size();
    benchmark::DoNotOptimize(env);
  }
  state.SetLabel(KeyAlgorithmName(Alg(state)));
  state.counters["decisions/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                     benchmark::Counter::kIsRate);
  state.counters["envelope_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_SignedDecision)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);

void BM_OpenSslRawSign(benchmark::State& state) {
  Key key = Key::Generate(Alg(state)).value();
  const std::string message(32, 'x');
  for (auto _ : state) {
    std::string sig = SignMessage(key, message).value();
    benchmark::DoNotOptimize(sig);
  }
  state.SetLabel(KeyAlgorithmName(Alg(state)));
  state.counters["signs/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_OpenSslRawSign)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);

void BM_Verify(benchmark::State& state) {
  Key key = Key::Generate(Alg(state)).value();
  const std::string message(32, 'x');
  std::string sig = SignMessage(key, message).value();
  for (auto _ : state) benchmark::DoNotOptimize(VerifyMessage(key, message, sig));
  state.SetLabel(KeyAlgorithmName(Alg(state)));
  state.counters["verifies/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Verify)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace dxcheck
