// Decision: the result of evaluating one manifest against a rule set, with
// everything an auditor needs to see why (spec/decision.md "Decision document").
// decision_json.h writes it with the pinned key names; decision_text.h renders
// it for a terminal.
#ifndef DXCHECK_EVAL_DECISION_H_
#define DXCHECK_EVAL_DECISION_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/base/date.h"
#include "checker/rules/predicate.h"
#include "checker/rules/rule_list.h"
#include "checker/rules/verdict.h"

namespace dxcheck {

constexpr const char kToolName[] = "dxcheck";
constexpr const char kToolVersion[] = "0.1.0";

struct ListRecord {
  std::string id, version, kind, status, file, sha256;
  bool applied = false;
  std::string reason;  // why it was or was not applied
};

struct Match {
  std::string rule, list;
  std::optional<Verdict> outcome;
  std::vector<std::string> obligations;
  bool important_data = false;
  Bilingual title;
  std::string citation, verification;
  std::vector<Evidence> evidence;
  std::string relieved_by;  // "exemption:hr", "list:bj-ftz-2024-pharma"; empty when in force
};

struct Obligation {
  std::string id;
  bool satisfied = false;
  std::string satisfied_by;  // "status.securityAssessment SA-1 (valid until 2027-06-30)"
  std::string rule;          // "cn-baseline/art8-pi-volume"
  std::string citation;
};

// The ledger's part of a decision (spec/ledger.md "Reproducible decisions"):
// the prior counts it supplied and the head they were read at. An input to
// evaluation (EvaluationOptions::ledger) and recorded in the decision, so that
// re-evaluation uses the recorded counts, not the ledger's later state.
struct LedgerRecord {
  uint64_t prior_personal = 0, prior_sensitive = 0;
  std::string head;      // hex sha256 of the entry; "" for an empty ledger
  uint64_t entries = 0;  // entries in the ledger up to and including `head`
  bool recorded = false; // this transfer is (now or already) an entry of the ledger
};

struct DecisionWarning {
  std::string code, message, pointer;
};

struct FieldRecord {
  std::string pointer, name, source;
  std::vector<std::string> categories;
  std::vector<std::string> patterns;  // one per category, when source is "pattern"
  std::vector<std::string> labels;    // one per category, when source is "crosswalk"
  bool personal = false, sensitive = false, hgr = false;
};

// A data file the manifest lists, by its declared digest (a statement subject).
struct ResourceRecord {
  std::string name, path, sha256;  // sha256: hex, without the "sha256:" prefix
};

struct Decision {
  Date evaluated_at;
  std::string manifest_sha256, manifest_file, transfer_id;
  std::string categories_file, categories_sha256, categories_version;
  std::vector<ListRecord> lists;
  std::vector<ResourceRecord> resources;
  struct {
    uint64_t personal = 0, sensitive = 0, prior_personal = 0, prior_sensitive = 0;
    uint64_t cumulative_personal = 0, cumulative_sensitive = 0;
    int year = 0;
    std::string source = "manifest";
  } counts;
  bool pi_present = false, spi_present = false, hgr_present = false, important_data = false;
  struct {
    std::string claimed;  // "" when none
    bool applied = false;
  } exemption;
  bool clearance = true;  // false under --no-clearance
  Verdict verdict = Verdict::kFreeFlow;
  Verdict baseline_verdict = Verdict::kFreeFlow;  // without FTZ list relief
  bool may_proceed = false;
  int exit_code = 0;
  std::vector<Obligation> obligations;
  std::vector<Match> matches;   // rules in force
  std::vector<Match> relieved;  // rules that fired but were lifted
  std::vector<FieldRecord> fields;
  std::vector<DecisionWarning> warnings;
  std::optional<LedgerRecord> ledger;  // set when counts.source is "ledger"
};

}  // namespace dxcheck

#endif  // DXCHECK_EVAL_DECISION_H_
