// ledger_crash_worker URL PREFIX COUNT TOKENS: records transfers PREFIX-1 …
// PREFIX-COUNT, each bringing TOKENS fresh person tokens (so that each append
// is a long transaction of many statements), printing "recorded N" after each
// commit. tests/ledger/ledger_tests.py kills it with SIGKILL at random instants
// and checks that every transfer is wholly recorded or absent, that the chain
// verifies, and that a retry records the interrupted transfer once.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "checker/ledger/ledger.h"

int main(int argc, char** argv) {
  using namespace dxcheck;
  if (argc != 5) {
    std::fprintf(stderr, "usage: ledger_crash_worker URL PREFIX COUNT TOKENS\n");
    return 64;
  }
  Result<std::unique_ptr<Ledger>> l = Ledger::Open(argv[1]);
  if (!l.ok()) {
    std::fprintf(stderr, "%s\n", l.status().message().c_str());
    return 74;
  }
  long count = std::atol(argv[3]), tokens = std::atol(argv[4]);
  for (long i = 1; i <= count; ++i) {
    TransferRequest r;
    r.exporter = std::string("X-") + argv[2];  // one exporter a run: unions stay small
    r.year = 2026;
    r.transfer_id = std::string(argv[2]) + "-" + std::to_string(i);
    r.manifest_sha256 = std::string(64, 'a');
    r.personal.tokenised = r.sensitive.tokenised = true;
    for (long t = 0; t < tokens; ++t) {
      PersonToken tok{};
      uint64_t v = static_cast<uint64_t>(i) * 1000003u + static_cast<uint64_t>(t);
      for (int b = 0; b < 8; ++b) tok[static_cast<size_t>(b)] = static_cast<uint8_t>(v >> (8 * b));
      for (size_t b = 0; b < std::string(argv[2]).size() && b < 8; ++b) tok[8 + b] = static_cast<uint8_t>(argv[2][b]);
      r.personal.tokens.push_back(tok);
      if (t % 2 == 0) r.sensitive.tokens.push_back(tok);
    }
    Result<CheckOutcome> o = l.value()->Check(r, true, [&](const LedgerView&) -> Result<Evaluated> {
      return Evaluated{true, "free_flow", "2026-06-01", static_cast<uint64_t>(tokens),
                       static_cast<uint64_t>((tokens + 1) / 2)};
    });
    if (!o.ok()) {
      std::fprintf(stderr, "%s\n", o.status().message().c_str());
      return 74;
    }
    std::printf("%s %ld\n", o->recorded ? "recorded" : "repeat", i);
    std::fflush(stdout);
  }
  return 0;
}
