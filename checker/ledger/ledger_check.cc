#include "checker/ledger/ledger_check.h"

namespace dxcheck {

TransferPersons ScannedPersons(const CheckedTransfer& t) {
  TransferPersons p;
  if (!t.scan.tokens_keyed || !t.measured.persons_counted) return p;
  p.tokenised = true;
  // A kind of PI the decision does not count (an anonymised transfer, no
  // sensitive field) brings no persons of that kind: an empty token set adds
  // nothing to the union, as its declared count of 0 would.
  if (t.profile.pi_present) p.personal = t.scan.persons.Tokens(t.measured.personal_mask);
  if (t.profile.spi_present) p.sensitive = t.scan.persons.Tokens(t.measured.sensitive_mask);
  return p;
}

Result<LedgerCheckResult> DecideWithLedger(Ledger* ledger, CheckedTransfer* t,
                                           const std::string& file, const RuleSet& rules,
                                           const CheckOptions& options,
                                           const TransferPersons& given, bool record) {
  if (t->manifest.transfer_id.empty()) {
    return Status::InvalidInput(file + ": a transfer checked against a ledger needs "
                                "dxcheck.transfer.id (the ledger's key)");
  }
  const TransferPersons persons = given.tokenised ? given : ScannedPersons(*t);
  TransferRequest r;
  r.exporter = t->manifest.exporter.uscc;
  r.year = t->manifest.transfer.date.year;
  r.transfer_id = t->manifest.transfer_id;
  r.manifest_sha256 = t->manifest.sha256;
  r.personal = {0, persons.tokenised, persons.personal};
  r.sensitive = {0, persons.tokenised, persons.sensitive};
  // Evaluated in the transaction, with the totals it read; the ledger may
  // call this once per attempt.
  DecideFn decide = [&](const LedgerView& v) -> Result<Evaluated> {
    CheckOptions o = options;
    o.evaluation.ledger = LedgerRecord{v.prior_personal, v.prior_sensitive, v.head, v.entries,
                                       v.repeat};
    DecideTransfer(rules, o, t);
    const Decision& d = t->decision;
    return Evaluated{d.may_proceed, VerdictName(d.verdict), d.evaluated_at.ToString(),
                     d.pi_present ? d.counts.personal : 0, d.spi_present ? d.counts.sensitive : 0};
  };
  Result<CheckOutcome> outcome = ledger->Check(r, record, decide);
  if (!outcome.ok()) return outcome.status();
  LedgerCheckResult out{std::move(t->decision), std::move(outcome).value()};
  if (out.outcome.recorded) {
    // The decision names the entry that records it (what a repeat reports too).
    out.decision.ledger->head = out.outcome.entry_hash;
    out.decision.ledger->entries = out.outcome.entry->seq;
    out.decision.ledger->recorded = true;
  }
  return out;
}

Result<LedgerCheckResult> CheckWithLedger(Ledger* ledger, const std::string& bytes,
                                          const std::string& file, const RuleSet& rules,
                                          const CheckOptions& options,
                                          const TransferPersons& persons, bool record,
                                          DiagnosticSink* sink) {
  Result<CheckedTransfer> t = PrepareTransfer(bytes, file, rules, options, sink);
  if (!t.ok()) return t.status();
  return DecideWithLedger(ledger, &*t, file, rules, options, persons, record);
}

}  // namespace dxcheck
