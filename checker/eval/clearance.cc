#include "checker/eval/clearance.h"

#include <algorithm>

namespace dxcheck {
namespace {

enum class DateRule { kOnOrBefore, kOnOrAfter };

struct Ground {
  const StatusEntry* entry;
  const char* key;       // "securityAssessment"
  const char* date_key;  // "validUntil"
  DateRule rule;
};

bool Counts(const Ground& g, const Date& at) {
  if (!g.entry->present) return false;
  return g.rule == DateRule::kOnOrBefore ? g.entry->date <= at : at <= g.entry->date;
}

std::string Describe(const Ground& g) {
  std::string s = std::string("status.") + g.key;
  if (!g.entry->reference.empty()) s += " " + g.entry->reference;
  s += std::string(" (") + (g.rule == DateRule::kOnOrAfter ? "valid until " : "") +
       (g.rule == DateRule::kOnOrBefore ? std::string(g.date_key) + " " : "") +
       g.entry->date.ToString() + ")";
  return s;
}

// The status grounds that can satisfy an obligation, best first: at most
// three, held in place (no allocation per obligation).
struct Grounds {
  Ground g[3];
  size_t n = 0;
  const Ground* begin() const { return g; }
  const Ground* end() const { return g + n; }
};

// The status grounds that can satisfy each pinned obligation, best first.
Grounds GroundsFor(std::string_view id, const ManifestStatus& s) {
  const Ground sa{&s.security_assessment, "securityAssessment", "validUntil", DateRule::kOnOrAfter};
  const Ground scc{&s.standard_contract, "standardContract", "filedOn", DateRule::kOnOrBefore};
  const Ground cert{&s.certification, "certification", "validUntil", DateRule::kOnOrAfter};
  if (id == "security_assessment") return {{sa}, 1};
  if (id == "standard_contract_filing") return {{scc, cert, sa}, 3};
  if (id == "pi_certification") return {{cert}, 1};
  if (id == "ftz_filing") return {{{&s.ftz_filing, "ftzFiling", "filedOn", DateRule::kOnOrBefore}}, 1};
  if (id == "pi_impact_assessment") {
    return {{{&s.pi_impact_assessment, "piImpactAssessment", "completedOn", DateRule::kOnOrBefore}},
            1};
  }
  if (id == "hgr_prior_report") {
    return {{{&s.hgr_prior_report, "hgrPriorReport", "filedOn", DateRule::kOnOrBefore}}, 1};
  }
  if (id == "hgr_security_review") {
    return {{{&s.hgr_security_review, "hgrSecurityReview", "approvedOn", DateRule::kOnOrBefore}},
            1};
  }
  if (id == "hgr_material_export_approval") {
    return {{{&s.hgr_material_export_approval, "hgrMaterialExportApproval", "validUntil",
              DateRule::kOnOrAfter}},
            1};
  }
  return {};
}

}  // namespace

void ApplyClearance(const ManifestStatus& status, const Date& at, const Date& transfer_date,
                    std::vector<Obligation>* obligations, TextStore* texts,
                    std::vector<DecisionWarning>* warnings) {
  std::vector<std::string> warned;
  auto warn_once = [&](const Ground& g, const std::string& code, const std::string& message) {
    std::string key = code + g.key;
    if (std::find(warned.begin(), warned.end(), key) != warned.end()) return;
    warned.push_back(key);
    AddWarning(code, {message}, g.entry->pointer, texts, warnings);
  };
  for (Obligation& o : *obligations) {
    if (o.id == "separate_consent") {
      o.satisfied = status.separate_consent;
      if (o.satisfied) {
        o.satisfied_by = "status.separateConsent";
        o.ground_key = "separateConsent";
      }
      continue;
    }
    for (const Ground& g : GroundsFor(o.id, status)) {
      if (!g.entry->present) continue;
      if (!Counts(g, at)) {
        warn_once(g, "W-STATUS-NOT-VALID",
                  std::string("status.") + g.key + " does not count on " + at.ToString() + ": " +
                      g.date_key + " is " + g.entry->date.ToString());
        continue;
      }
      // The transfer happens on transfer.date: an entry that does not hold
      // then (expired by it, or filed after it) clears nothing, whatever it
      // says at the evaluation date (spec/decision.md "Clearance").
      if (!Counts(g, transfer_date)) {
        if (g.rule == DateRule::kOnOrAfter) {
          warn_once(g, "W-EXPIRES-BEFORE-TRANSFER",
                    std::string("status.") + g.key + " is valid on " + at.ToString() +
                        " but expires on " + g.entry->date.ToString() +
                        ", before the transfer date " + transfer_date.ToString() +
                        ": it does not clear the transfer");
        } else {
          warn_once(g, "W-STATUS-AFTER-TRANSFER",
                    std::string("status.") + g.key + " " + g.date_key + " " +
                        g.entry->date.ToString() + " is after the transfer date " +
                        transfer_date.ToString() + ": it does not clear the transfer");
        }
        continue;
      }
      if (!o.satisfied) {
        o.satisfied = true;
        o.satisfied_by = Describe(g);
        o.ground_key = g.key;
        o.ground_reference = g.entry->reference;
        o.ground_date_key = g.date_key;
        o.ground_date = g.entry->date.ToString();
      }
    }
  }
}

int ExitCodeFor(Verdict verdict, const std::vector<Obligation>& obligations, bool clearance) {
  if (!clearance || verdict == Verdict::kProhibited) return VerdictExitCode(verdict);
  int code = 0;
  for (const Obligation& o : obligations) {
    if (o.satisfied) continue;
    int c = o.id == "security_assessment"                                     ? 20
            : (o.id == "standard_contract_filing" || o.id == "pi_certification") ? 10
                                                                              : 5;
    code = std::max(code, c);
  }
  return code;
}

}  // namespace dxcheck
