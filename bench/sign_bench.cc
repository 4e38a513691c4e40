// Signing benchmarks: signed decisions per second per algorithm, next to
// OpenSSL's raw signing rate for the same key type and payload size (issue 15),
// measured in the same run so the two are comparable.
//
// BM_SignedDecision: from the Decision — its compact JSON, the statement, PAE,
// the signature, the envelope. BM_SignedDecisionJson: the same from the
// decision's JSON already made (what a caller that also writes or keeps the
// decision pays on top). BM_OpenSslRawSign: OpenSSL alone (EVP calls only, no
// dxcheck code) signing a message as long as that PAE (Arg 1) or of 32 bytes
// (Arg 0), with the key and its context prepared outside the loop.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <cstdlib>
#include <string>

#include "checker/attest/keys.h"
#include "checker/attest/signature.h"
#include "checker/attest/dsse.h"
#include "checker/attest/statement.h"
#include "checker/eval/check.h"
#include "checker/eval/decision_json.h"

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

// The PAE the signed-decision benchmarks sign: its length is the raw rate's
// message length.
size_t SamplePaeBytes() {
  return Pae(kInTotoPayloadType, BuildStatement(SampleDecision(), "sample.json")).size();
}

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
  state.counters["pae_bytes"] = static_cast<double>(SamplePaeBytes());
}
BENCHMARK(BM_SignedDecision)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);

void BM_SignedDecisionJson(benchmark::State& state) {
  Key key = Key::Generate(Alg(state)).value();
  const Decision& d = SampleDecision();
  const std::string json = DecisionToCompactJson(d);
  for (auto _ : state) {
    std::string env = SignDecisionJson(d, json, "sample.json", key, kDefaultSm2Id).value();
    benchmark::DoNotOptimize(env);
  }
  state.SetLabel(KeyAlgorithmName(Alg(state)));
  state.counters["decisions/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                     benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SignedDecisionJson)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);

// OpenSSL's fastest correct way for each key type: Ed25519 signs one-shot on
// one context initialised once (EdDSA's one-shot keeps no state); P-256 copies
// a context initialised once (a digest context cannot sign twice); SM2 sets
// its distinguishing ID on a fresh context each time, as OpenSSL requires.
void BM_OpenSslRawSign(benchmark::State& state) {
  KeyAlgorithm alg = static_cast<KeyAlgorithm>(state.range(0));
  Key key = Key::Generate(alg).value();
  const std::string message(state.range(1) == 0 ? 32 : SamplePaeBytes(), 'x');
  const auto* msg = reinterpret_cast<const unsigned char*>(message.data());
  const EVP_MD* md = alg == KeyAlgorithm::kEd25519 ? nullptr
                     : alg == KeyAlgorithm::kP256  ? EVP_sha256()
                                                   : EVP_sm3();
  EVP_MD_CTX* ready = EVP_MD_CTX_new();
  EVP_MD_CTX* work = EVP_MD_CTX_new();
  if (EVP_DigestSignInit(ready, nullptr, md, nullptr, key.pkey()) != 1) std::abort();
  unsigned char sig[160];
  size_t len = 0;
  for (auto _ : state) {
    len = sizeof sig;
    int ok = 0;
    if (alg == KeyAlgorithm::kEd25519) {
      ok = EVP_DigestSign(ready, sig, &len, msg, message.size());
    } else if (alg == KeyAlgorithm::kP256) {
      ok = EVP_MD_CTX_copy_ex(work, ready) && EVP_DigestSign(work, sig, &len, msg, message.size());
    } else {
      EVP_MD_CTX* c = EVP_MD_CTX_new();
      EVP_PKEY_CTX* p = EVP_PKEY_CTX_new_from_pkey(nullptr, key.pkey(), nullptr);
      ok = p != nullptr && EVP_PKEY_CTX_set1_id(p, kDefaultSm2Id, 16) == 1;
      EVP_MD_CTX_set_pkey_ctx(c, p);
      ok = ok && EVP_DigestSignInit(c, nullptr, md, nullptr, key.pkey()) == 1 &&
           EVP_DigestSign(c, sig, &len, msg, message.size()) == 1;
      EVP_MD_CTX_free(c);
      EVP_PKEY_CTX_free(p);
    }
    if (ok != 1) std::abort();
    benchmark::DoNotOptimize(sig);
  }
  // The last signature must verify: a fast loop that signs wrongly measures nothing.
  if (!VerifyMessage(key, message, std::string_view(reinterpret_cast<char*>(sig), len)).ok()) {
    state.SkipWithError("the raw signature does not verify");
  }
  EVP_MD_CTX_free(work);
  EVP_MD_CTX_free(ready);
  state.SetLabel(std::string(KeyAlgorithmName(alg)) + ", " + std::to_string(message.size()) + " B");
  state.counters["signs/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}
BENCHMARK(BM_OpenSslRawSign)
    ->ArgsProduct({{0, 1, 2}, {0, 1}})
    ->Unit(benchmark::kMicrosecond);

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
