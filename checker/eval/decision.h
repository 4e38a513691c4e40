// Decision: the result of evaluating one manifest against a rule set, with
// everything an auditor needs to see why (spec/decision.md "Decision document").
// decision_json.h writes it with the pinned key names; decision_text.h renders
// it for a terminal.
#ifndef DXCHECK_EVAL_DECISION_H_
#define DXCHECK_EVAL_DECISION_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/base/date.h"
#include "checker/base/diagnostic.h"
#include "checker/base/text_store.h"
#include "checker/eval/field_table.h"
#include "checker/rules/predicate_eval.h"
#include "checker/rules/rule_list.h"
#include "checker/rules/verdict.h"

namespace dxcheck {

constexpr const char kToolName[] = "dxcheck";
constexpr const char kToolVersion[] = "0.1.0";

// Texts a RuleSet owns (list and rule ids, versions, file names, digests,
// titles, citations) are referred to, not copied: a decision holds
// string_views into the RuleSet it was evaluated with, which must outlive it
// (every caller holds its rule set for the whole command or request; the
// service holds a snapshot per request). Everything a decision computes, or
// takes from the manifest, it owns: as strings, or as views of its own
// TextStore (Decision::texts).
struct ListRecord {
  std::string_view id, version, kind, status, file, sha256;
  bool applied = false;
  // Why it was or was not applied, and the same in Chinese for the report
  // (not in the decision JSON): literals, or texts of the decision's store.
  std::string_view reason, reason_zh;
};

inline const std::vector<std::string> kNoObligations;

struct BilingualText {
  std::string_view zh, en;
};

// A match's evidence: an array in the decision's TextStore (see
// EvaluatePredicate for what each item refers to).
class EvidenceSpan {
 public:
  EvidenceSpan() = default;
  EvidenceSpan(const Evidence* data, size_t size) : data_(data), size_(size) {}
  const Evidence* begin() const { return data_; }
  const Evidence* end() const { return data_ + size_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const Evidence& operator[](size_t i) const { return data_[i]; }

 private:
  const Evidence* data_ = nullptr;
  size_t size_ = 0;
};

struct Match {
  std::string_view rule, list;
  std::optional<Verdict> outcome;
  const std::vector<std::string>* obligations = &kNoObligations;  // the rule's outcome.obligations
  bool important_data = false;
  BilingualText title;
  std::string_view citation, verification;
  // The rule's Rule::decision_head: the members above as the decision writes
  // them, compact and pretty; empty when the rule set was not prepared.
  std::string_view head_json[2];
  EvidenceSpan evidence;
  std::string relieved_by;  // "exemption:hr", "list:bj-ftz-2024-pharma"; empty when in force

  // "<list>/<rule>": how the CLI, list tests and the report name a rule.
  std::string QualifiedRule() const {
    std::string id;
    id.reserve(list.size() + 1 + rule.size());
    return id.append(list).append("/").append(rule);
  }
};

// id and citation are the rule set's texts or literals; rule is in the
// decision's store.
struct Obligation {
  Obligation() noexcept {}  // no zero-fill on emplace_back() (json_value.h says why)
  std::string_view id;
  bool satisfied = false;
  std::string satisfied_by;  // "status.securityAssessment SA-1 (valid until 2027-06-30)"
  std::string_view rule;     // "cn-baseline/art8-pi-volume"
  std::string_view citation;
  // What satisfied it, for the report (not in the decision JSON; satisfied_by
  // says it in one line): the status key ("securityAssessment"), its
  // reference, and the date key ("validUntil") and date; empty when open.
  std::string ground_key, ground_reference, ground_date_key, ground_date;
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

// A warning's texts are views: into the decision's `texts` for a decision's
// own warnings (AddWarning), or into whatever store the holder keeps beside
// them (CheckedTransfer::warning_texts).
struct DecisionWarning {
  std::string_view code, message, pointer;
};

// Appends a warning whose texts are copied into `texts` (which the holder of
// `out` keeps as long as it keeps `out`); the message is the concatenation
// of `message_parts`, built in the store without a temporary string.
inline void AddWarning(std::string_view code, std::initializer_list<std::string_view> message_parts,
                       std::string_view pointer, TextStore* texts,
                       std::vector<DecisionWarning>* out) {
  out->push_back({texts->Add(code), texts->Concat(message_parts), texts->Add(pointer)});
}

// AddWarning for each warning of `diagnostics` (errors are not warnings of a
// decision: a manifest with errors gets none).
inline void AddWarnings(const std::vector<Diagnostic>& diagnostics, TextStore* texts,
                        std::vector<DecisionWarning>* out) {
  out->reserve(out->size() + diagnostics.size());
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Severity::kWarning) AddWarning(d.code, {d.message}, d.json_pointer, texts, out);
  }
}

// Fields that share their categories and how they got them, with a count:
// how a decision describes a manifest with more fields than it lists.
struct FieldGroup {
  std::vector<std::string> categories;
  std::string source;
  size_t count = 0;
  bool personal = false, sensitive = false, hgr = false;
};

// A decision lists at most this many fields (and field groups) one by one.
constexpr size_t kMaxDecisionFields = 1000;

// A data file the manifest lists, by its declared digest (a statement subject).
struct ResourceRecord {
  std::string name, path, sha256;  // sha256: hex, without the "sha256:" prefix
  // A multi-part resource's parts (path is the first); empty for one file.
  std::vector<std::string> parts;
  bool verified = false;  // measured by check --data (then equal to the declared one)
};

// What check --data measured (spec/data.md "Decision keys").
struct DataRecord {
  bool verified = false;  // false: no file was read, nothing below is set
  struct Resource {
    std::string name, sha256, format;
    uint64_t bytes = 0, rows = 0, columns = 0;
    bool read = false;
    uint64_t sampled_columns = 0;  // columns whose content was tested on a sample
  };
  std::vector<Resource> resources;
  bool persons_counted = false;
  uint64_t personal = 0, sensitive = 0, sequencing_subjects = 0;
};

// The name of a resource's statement subject: its path for a single file; for
// a multi-part resource, whose one digest covers all its parts (the manifest
// declares no digest per part), "resource:" and the resource's name, so that
// no file is named beside a digest that is not its own.
inline std::string SubjectName(const ResourceRecord& r) {
  return r.parts.empty() ? r.path : "resource:" + r.name;
}

struct Decision {
  // The texts the decision computed that its views refer to (evidence
  // pointers and values, obligation rules, list reasons): a decision moves,
  // never copies.
  TextStore texts;
  Date evaluated_at;
  std::string manifest_sha256, manifest_file, transfer_id;
  std::string_view categories_file, categories_sha256, categories_version;  // the rule set's
  std::vector<ListRecord> lists;
  std::vector<ResourceRecord> resources;
  DataRecord data;
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
  // The first kMaxDecisionFields fields, one record each; with more, every
  // field is still counted in field_groups (docs/limits.md).
  FieldTable fields;
  size_t field_count = 0;  // all fields classified, listed or not
  std::vector<FieldGroup> field_groups;  // when fields were left out: every field, grouped
  size_t field_groups_omitted = 0;       // fields in groups past kMaxDecisionFields groups
  std::vector<DecisionWarning> warnings;
  size_t warnings_omitted = 0;  // manifest warnings past the diagnostics bound
  std::optional<LedgerRecord> ledger;  // set when counts.source is "ledger"
};

}  // namespace dxcheck

#endif  // DXCHECK_EVAL_DECISION_H_
