#include "checker/eval/clearance.h"

#include <doctest/doctest.h>

namespace dxcheck {
namespace {

Date D(const char* s) { return *Date::Parse(s); }

StatusEntry Entry(const char* ref, const char* date) {
  StatusEntry e;
  e.present = true;
  e.reference = ref;
  e.date = D(date);
  e.pointer = "/dxcheck/status/x";
  return e;
}

// An open obligation raised by `rule` under `citation`.
Obligation Open(const char* id, const char* rule = "r", const char* citation = "c") {
  Obligation o;
  o.id = id;
  o.rule = rule;
  o.citation = citation;
  return o;
}

std::vector<Obligation> Clear(const ManifestStatus& s, const char* at, const char* transfer,
                              std::vector<const char*> ids,
                              std::vector<DecisionWarning>* warnings = nullptr) {
  std::vector<Obligation> out;
  for (const char* id : ids) out.push_back(Open(id));
  std::vector<DecisionWarning> local;
  static TextStore texts;  // the warnings' texts outlive the call: the caller reads them
  ApplyClearance(s, D(at), D(transfer), &out, &texts, warnings ? warnings : &local);
  return out;
}

TEST_CASE("any lawful ground satisfies the standard contract filing") {
  ManifestStatus s;
  s.security_assessment = Entry("SA-1", "2027-06-30");
  std::vector<Obligation> o = Clear(s, "2026-12-01", "2026-12-01", {"standard_contract_filing"});
  CHECK(o[0].satisfied);
  CHECK(o[0].satisfied_by == "status.securityAssessment SA-1 (valid until 2027-06-30)");
  s = ManifestStatus();
  s.standard_contract = Entry("SCC-1", "2026-12-02");
  CHECK_FALSE(Clear(s, "2026-12-01", "2026-12-01", {"standard_contract_filing"})[0].satisfied);
  s.certification = Entry("CERT", "2026-12-01");
  o = Clear(s, "2026-12-01", "2026-12-01", {"standard_contract_filing"});
  CHECK(o[0].satisfied_by == "status.certification CERT (valid until 2026-12-01)");
}

TEST_CASE("dated entries: before, on, after the evaluation date") {
  ManifestStatus s;
  s.pi_impact_assessment = Entry("", "2026-12-01");
  CHECK(Clear(s, "2026-12-01", "2026-12-01", {"pi_impact_assessment"})[0].satisfied);
  CHECK_FALSE(Clear(s, "2026-11-30", "2026-12-01", {"pi_impact_assessment"})[0].satisfied);
  s.security_assessment = Entry("SA", "2026-06-30");
  std::vector<DecisionWarning> w;
  CHECK_FALSE(Clear(s, "2026-12-01", "2026-12-01", {"security_assessment"}, &w)[0].satisfied);
  REQUIRE(w.size() == 1);
  CHECK(w[0].code == "W-STATUS-NOT-VALID");
  CHECK(w[0].message == "status.securityAssessment does not count on 2026-12-01: validUntil is 2026-06-30");
}

TEST_CASE("valid today, expired by the transfer date: not satisfied, with a warning") {
  ManifestStatus s;
  s.security_assessment = Entry("SA", "2026-12-15");
  std::vector<DecisionWarning> w;
  std::vector<Obligation> o =
      Clear(s, "2026-12-01", "2027-01-10", {"security_assessment", "standard_contract_filing"}, &w);
  CHECK_FALSE(o[0].satisfied);
  CHECK_FALSE(o[1].satisfied);  // the same assessment is no ground for the contract either
  REQUIRE(w.size() == 1);
  CHECK(w[0].code == "W-EXPIRES-BEFORE-TRANSFER");
  CHECK(w[0].message ==
        "status.securityAssessment is valid on 2026-12-01 but expires on 2026-12-15, before the "
        "transfer date 2027-01-10: it does not clear the transfer");
  // Valid through the transfer date itself: satisfied.
  CHECK(Clear(s, "2026-12-01", "2026-12-15", {"security_assessment"})[0].satisfied);
}

TEST_CASE("evaluated after the transfer: an entry filed after transfer.date clears nothing") {
  ManifestStatus s;
  s.standard_contract = Entry("SCC", "2026-12-20");
  std::vector<DecisionWarning> w;
  CHECK_FALSE(Clear(s, "2027-01-05", "2026-12-15", {"standard_contract_filing"}, &w)[0].satisfied);
  REQUIRE(w.size() == 1);
  CHECK(w[0].code == "W-STATUS-AFTER-TRANSFER");
  CHECK(w[0].message == "status.standardContract filedOn 2026-12-20 is after the transfer date "
                        "2026-12-15: it does not clear the transfer");
  s.standard_contract = Entry("SCC", "2026-12-15");
  CHECK(Clear(s, "2027-01-05", "2026-12-15", {"standard_contract_filing"})[0].satisfied);
}

TEST_CASE("list-specific obligations stay open; exit codes by the worst open obligation") {
  ManifestStatus s;
  s.separate_consent = true;
  std::vector<Obligation> o = Clear(s, "2026-12-01", "2026-12-01", {"separate_consent", "t:notify"});
  CHECK(o[0].satisfied);
  CHECK_FALSE(o[1].satisfied);
  CHECK(ExitCodeFor(Verdict::kFreeFlow, o, true) == 5);
  std::vector<Obligation> open = {Open("security_assessment", "", ""),
                                  Open("standard_contract_filing", "", "")};
  CHECK(ExitCodeFor(Verdict::kSecurityAssessment, open, true) == 20);
  open[0].satisfied = true;
  CHECK(ExitCodeFor(Verdict::kSecurityAssessment, open, true) == 10);
  open[1].satisfied = true;
  CHECK(ExitCodeFor(Verdict::kSecurityAssessment, open, true) == 0);
  CHECK(ExitCodeFor(Verdict::kSecurityAssessment, open, false) == 20);
  CHECK(ExitCodeFor(Verdict::kProhibited, {}, true) == 30);
}

}  // namespace
}  // namespace dxcheck
