#include "checker/authoring/list_diff.h"

#include <algorithm>
#include <set>

#include "checker/rules/predicate_eval.h"

namespace dxcheck {
namespace {

std::string Join(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out + "]";
}

void Compare(std::vector<Change>* out, const std::string& what, const std::string& a,
           const std::string& b) {
  if (a != b) out->push_back({what, a, b});
}

std::string VerdictText(const std::optional<dxcheck::Verdict>& v) { return v ? VerdictName(*v) : "(none)"; }

std::string GroupKey(Predicate::Kind k) {
  return k == Predicate::Kind::kAll ? "all" : k == Predicate::Kind::kAny ? "any" : "not";
}

std::string EligibilityText(const std::optional<Eligibility>& e) {
  if (!e) return "(none)";
  // An empty filter is no filter: "any scenario", not "scenarios []".
  auto filter = [](const char* plural, const char* any, const std::vector<std::string>& v) {
    return v.empty() ? std::string(any) : std::string(plural) + " " + Join(v);
  };
  return filter("zones", "any zone", e->zones) + ", " + filter("sectors", "any sector", e->sectors) +
         ", " + filter("scenarios", "any scenario", e->scenarios) +
         (e->ciio_excluded ? ", CIIO excluded" : ", CIIO allowed") +
         (e->export_from_zone_required ? ", export from the zone required" : "");
}

}  // namespace

void DiffPredicates(const Predicate& a, const Predicate& b, const std::string& at,
                    std::vector<Change>* out) {
  bool leaf = a.kind == Predicate::Kind::kFact || a.kind == Predicate::Kind::kPersonsWith;
  bool same_shape = a.kind == b.kind && a.fact == b.fact && a.op == b.op &&
                    a.children.size() == b.children.size();
  if (!same_shape) {
    out->push_back({"when " + (at.empty() ? "/" : at), DescribePredicate(a), DescribePredicate(b)});
    return;
  }
  if (leaf) {
    if (a.flag != b.flag || a.number != b.number || a.text != b.text || a.list != b.list) {
      out->push_back({"when " + (at.empty() ? "/" : at), DescribePredicate(a), DescribePredicate(b)});
    }
    return;
  }
  for (size_t i = 0; i < a.children.size(); ++i) {
    std::string child = a.kind == Predicate::Kind::kNot ? at + "/not"
                                                        : at + "/" + GroupKey(a.kind) + "/" + std::to_string(i);
    DiffPredicates(a.children[i], b.children[i], child, out);
  }
}

ListDiff DiffLists(const RuleList& before, const RuleList& after) {
  ListDiff d;
  Compare(&d.metadata, "id", before.id, after.id);
  Compare(&d.metadata, "version", before.version, after.version);
  Compare(&d.metadata, "kind", ListKindName(before.kind), ListKindName(after.kind));
  Compare(&d.metadata, "status", before.status, after.status);
  Compare(&d.metadata, "title.en", before.title.en, after.title.en);
  Compare(&d.metadata, "title.zh", before.title.zh, after.title.zh);
  Compare(&d.metadata, "effective.from", before.effective_from.ToString(), after.effective_from.ToString());
  Compare(&d.metadata, "effective.until",
        before.effective_until ? before.effective_until->ToString() : "(none)",
        after.effective_until ? after.effective_until->ToString() : "(none)");
  Compare(&d.metadata, "eligibility", EligibilityText(before.eligibility), EligibilityText(after.eligibility));
  Compare(&d.metadata, "filing", before.filing ? before.filing->obligation : "(none)",
        after.filing ? after.filing->obligation : "(none)");
  if (before.not_covered && after.not_covered) {
    DiffPredicates(*before.not_covered, *after.not_covered, "", &d.metadata);
    for (Change& c : d.metadata) {
      if (c.what.rfind("when ", 0) == 0) c.what = "notCovered." + c.what;
    }
  } else {
    Compare(&d.metadata, "notCovered", before.not_covered ? before.not_covered_description : "(none)",
          after.not_covered ? after.not_covered_description : "(none)");
  }
  for (const Rule& r : before.rules) {
    const Rule* n = after.FindRule(r.id);
    if (n == nullptr) {
      d.removed.push_back(r.id);
      continue;
    }
    RuleChange rc{r.id, {}};
    DiffPredicates(r.when, n->when, "", &rc.changes);
    Compare(&rc.changes, "outcome.verdict", VerdictText(r.outcome.verdict), VerdictText(n->outcome.verdict));
    Compare(&rc.changes, "outcome.obligations", Join(r.outcome.obligations), Join(n->outcome.obligations));
    Compare(&rc.changes, "outcome.importantData", r.outcome.important_data ? "true" : "false",
          n->outcome.important_data ? "true" : "false");
    Compare(&rc.changes, "relief.exemptions", Join(r.relief.exemptions), Join(n->relief.exemptions));
    Compare(&rc.changes, "relief.ftzList", r.relief.ftz_list ? "true" : "false",
          n->relief.ftz_list ? "true" : "false");
    Compare(&rc.changes, "citation", r.citation, n->citation);
    Compare(&rc.changes, "verification", r.verification, n->verification);
    Compare(&rc.changes, "title.en", r.title.en, n->title.en);
    Compare(&rc.changes, "title.zh", r.title.zh, n->title.zh);
    if (!rc.changes.empty()) d.changed.push_back(std::move(rc));
  }
  for (const Rule& r : after.rules) {
    if (before.FindRule(r.id) == nullptr) d.added.push_back(r.id);
  }
  return d;
}

namespace {

std::set<std::string> InForce(const Decision& d) {
  std::set<std::string> out;
  for (const Match& m : d.matches) out.insert(m.QualifiedRule());
  return out;
}

std::set<std::string> Open(const Decision& d) {
  std::set<std::string> out;
  for (const Obligation& o : d.obligations) {
    if (!o.satisfied) out.emplace(o.id);
  }
  return out;
}

void Delta(const std::set<std::string>& a, const std::set<std::string>& b, std::vector<std::string>* added,
           std::vector<std::string>* removed) {
  for (const std::string& x : b) {
    if (!a.count(x)) added->push_back(x);
  }
  for (const std::string& x : a) {
    if (!b.count(x)) removed->push_back(x);
  }
}

}  // namespace

DecisionDelta DiffDecisions(const Decision& before, const Decision& after) {
  DecisionDelta d;
  d.verdict_before = VerdictName(before.verdict);
  d.verdict_after = VerdictName(after.verdict);
  d.exit_before = before.exit_code;
  d.exit_after = after.exit_code;
  Delta(InForce(before), InForce(after), &d.rules_added, &d.rules_removed);
  Delta(Open(before), Open(after), &d.open_added, &d.open_removed);
  return d;
}

}  // namespace dxcheck
