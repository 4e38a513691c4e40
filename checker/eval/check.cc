#include "checker/eval/check.h"

#include "checker/manifest/manifest_loader.h"
#include "checker/rules/consistency.h"
#include "checker/rules/data_profile.h"
#include "checker/rules/measured_counts.h"

namespace dxcheck {
namespace {

bool InForce(const RuleList& l, const Date& at) {
  return !(at < l.effective_from) && !(l.effective_until && *l.effective_until < at);
}

// The national rules always apply: a rule set without a baseline list in
// force at `at` (none loaded, or `at` outside every baseline's dates) cannot
// decide anything, and deciding anyway would let every transfer through.
Status RequireBaselineInForce(const RuleSet& rules, const Date& at, DiagnosticSink* sink) {
  std::string seen;
  for (const RuleList& l : rules.lists()) {
    if (l.kind != ListKind::kBaseline) continue;
    if (InForce(l, at)) return Status::Ok();
    seen += std::string(seen.empty() ? "" : "; ") + l.id + " " + l.version + " is in force from " +
            l.effective_from.ToString() +
            (l.effective_until ? " until " + l.effective_until->ToString() : "");
  }
  Diagnostic d;
  d.code = "E1313";
  d.file = rules.dir();
  d.message = seen.empty()
                  ? "no baseline list is loaded (kind \"baseline\": the national rules); they "
                    "always apply, so no decision can be made without them"
                  : "no baseline list is in force on " + at.ToString() + " (" + seen +
                        "); the national rules always apply, so no decision can be made";
  sink->Report(d);
  return Status::InvalidInput(d.message);
}

// The decision's `data` object: what was measured. A resource's digest is
// claimed verified only when the file read had the declared one (a mismatch
// is an error, so a decision exists only when every one did).
void RecordData(const DataScan& scan, const MeasuredCounts& measured, bool pi_present, Decision* d) {
  d->data.verified = true;
  for (size_t i = 0; i < scan.resources.size(); ++i) {
    const ResourceScan& r = scan.resources[i];
    d->data.resources.push_back(
        {r.name, r.sha256, r.format, r.bytes, r.rows, r.columns, r.read, r.sampled_columns});
    if (i < d->resources.size()) d->resources[i].verified = d->resources[i].sha256 == r.sha256;
  }
  d->data.persons_counted = measured.persons_counted;
  d->data.personal = measured.personal;
  d->data.sensitive = measured.sensitive;
  d->data.sequencing_subjects = measured.sequencing_subjects;
  // The thresholds used the declared counts, now checked: never below what
  // was measured (a measured count above a declared one is an error). Prior
  // counts from a ledger keep "ledger" (spec/data.md): it is what tells a
  // re-evaluation to use the recorded prior counts. When the transfer holds
  // PI but no file read gave persons (no counting key read, a format not
  // read: W-PERSONS-NOT-COUNTED) the declared counts were checked against
  // nothing, and stay "manifest".
  bool checked = measured.persons_counted || !pi_present;
  if (d->counts.source != "ledger" && checked) d->counts.source = "data";
}

}  // namespace

Result<CheckedTransfer> PrepareTransfer(const std::string& bytes, const std::string& file,
                                        const RuleSet& rules, const CheckOptions& options,
                                        DiagnosticSink* sink) {
  CheckedTransfer t;
  Status s = PrepareTransferInto(bytes, file, rules, options, sink, &t);
  if (!s.ok()) return s;
  return t;
}

Status PrepareTransferInto(const std::string& bytes, const std::string& file,
                           const RuleSet& rules, const CheckOptions& options,
                           DiagnosticSink* sink, CheckedTransfer* out) {
  CheckedTransfer& t = *out;
  Status loaded = LoadManifestInto(bytes, file, rules.categories(), sink, &t.manifest);
  if (!loaded.ok()) return loaded;
  DiagnosticList found;
  // Everything found goes to the sink, on every path: the diagnostics kept
  // (moved) and the counts of those past the bound.
  auto forward_found = [&found, sink] {
    for (Diagnostic& d : found.TakeAll()) sink->Report(std::move(d));
    if (found.omitted() > 0) sink->ReportOmitted(found.omitted_errors(), found.omitted_warnings());
  };
  if (options.data != nullptr) {
    Result<DataScan> scan = ScanData(t.manifest, rules.categories(), *options.data, &found);
    if (!scan.ok()) {
      forward_found();
      return scan.status();
    }
    t.scan = std::move(scan).value();
  }
  Result<DataProfile> profile =
      BuildDataProfile(t.manifest, rules.categories(), rules.classifier(), &rules.crosswalk(),
                       options.data != nullptr ? &t.scan.content : nullptr);
  if (!profile.ok()) {
    forward_found();
    return profile.status();
  }
  t.profile = std::move(profile).value();
  ConsistencyOptions consistency{options.strict, rules.DeclaredZones(), &rules.likely_codes()};
  CheckConsistency(t.manifest, t.profile, consistency, &found);
  MeasuredCounts measured;
  if (options.data != nullptr) measured = CheckMeasuredCounts(t.manifest, t.profile, t.scan, &found);
  // The decision keeps copies of the warnings' texts (one store, a few
  // blocks); the diagnostics themselves are moved to the sink.
  bool failed = found.has_errors();
  if (!failed) AddWarnings(found.all(), &t.warning_texts, &t.warnings);
  forward_found();
  if (failed) return Status::InvalidInput(file + ": inconsistent manifest");
  Status baseline = RequireBaselineInForce(rules, options.evaluation.at, sink);
  if (!baseline.ok()) return baseline;
  t.measured = measured;
  t.warnings_omitted = found.omitted_warnings();
  return Status::Ok();
}

void DecideTransfer(const RuleSet& rules, const CheckOptions& options, CheckedTransfer* t) {
  t->decision = Evaluate(t->manifest, t->profile, rules, options.evaluation, t->warnings);
  if (options.data != nullptr) RecordData(t->scan, t->measured, t->profile.pi_present, &t->decision);
  t->decision.warnings_omitted = t->warnings_omitted;
}

Result<CheckedTransfer> CheckTransfer(const std::string& bytes, const std::string& file,
                                      const RuleSet& rules, const CheckOptions& options,
                                      DiagnosticSink* sink) {
  Result<CheckedTransfer> t = PrepareTransfer(bytes, file, rules, options, sink);
  if (!t.ok()) return t;
  DecideTransfer(rules, options, &*t);
  return t;
}

Result<Decision> RunCheck(const std::string& bytes, const std::string& file,
                          const RuleSet& rules, const CheckOptions& options,
                          DiagnosticSink* sink) {
  CheckedTransfer t;
  Status s = PrepareTransferInto(bytes, file, rules, options, sink, &t);
  if (!s.ok()) return s;
  DecideTransfer(rules, options, &t);
  return std::move(t.decision);
}

}  // namespace dxcheck
