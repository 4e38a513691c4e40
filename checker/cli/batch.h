// `dxcheck check --batch FILE.jsonl|-` and `dxcheck check DIR/`: many
// manifests in one run, checked by --jobs threads, one JSON Lines record per
// manifest in input order on stdout (or --out):
//
//   {"input": "batch.jsonl:3", "exitCode": 10, "verdict": "...", "decision": {...}}
//   {"input": "dir/a.json", "exitCode": 10, "verdict": "...", "envelope": {...}}   (--sign)
//   {"input": "batch.jsonl:4", "exitCode": 65, "error": "...", "diagnostics": [...]}
//
// A bad line is one error record; the rest go on. A summary (counts per
// verdict and per exit code) goes to stderr at the end, and a progress line
// while it runs when stderr is a terminal (never under CI=true or a pipe).
// The exit code is the most restrictive of all records (the highest: an
// error, 64 and up, outranks every verdict).
//
// With a ledger (--ledger URL [--record]) the workers still load and check
// the manifests in parallel, but the ledger step — read the totals, decide,
// append when it may proceed — runs on one connection in input order, so a
// batch records exactly what the same checks run one after the other would.
// A ledger failure is that record's error (exit 74, or 65 for a transferId
// recorded with another manifest); the rest go on.
#ifndef DXCHECK_CLI_BATCH_H_
#define DXCHECK_CLI_BATCH_H_

#include <string>

#include "checker/attest/keys.h"
#include "checker/eval/check.h"
#include "checker/rules/rule_set.h"

namespace dxcheck {

struct BatchArgs {
  std::string batch_file;  // --batch FILE ("-" for stdin), or
  std::string dir;         // a directory of manifests (*.json, not recursive)
  int jobs = 0;            // 0: the core count
  std::string out;         // "" for stdout
  CheckOptions check;
  const Key* key = nullptr;  // --sign
  std::string sm2_id;
  std::string ledger;   // "" : no ledger
  bool record = false;  // append the transfers that may proceed
};

// Runs the batch; prints the summary; returns the exit code.
int RunBatch(const BatchArgs& a, const RuleSet& rules);

}  // namespace dxcheck

#endif  // DXCHECK_CLI_BATCH_H_
