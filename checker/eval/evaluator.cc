#include "checker/eval/evaluator.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <string_view>
#include <tuple>
#include <utility>

#include "checker/eval/clearance.h"
#include "checker/rules/facts.h"
#include "checker/rules/predicate_eval.h"

namespace dxcheck {
namespace {

// Decisions name files by base name: a decision re-evaluated elsewhere (an
// auditor's machine) must come out byte-identical. Digests bind the content.
std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool IsFtzList(const RuleList& l) {
  return l.kind == ListKind::kNegative || l.kind == ListKind::kPositive;
}

// Why an exporter may not rely on a list, in English and Chinese: literals,
// or texts of the decision's store.
struct Why {
  std::string_view en, zh;
};

// Empty when the exporter may rely on the list; otherwise why not.
Why Ineligibility(const Eligibility& e, const Manifest& m, TextStore* texts) {
  if (!m.exporter.zone || !Contains(e.zones, *m.exporter.zone)) {
    return {"the exporter is not registered in a zone of this list", "数据处理者不在本清单所列区域内"};
  }
  if (e.export_from_zone_required && !m.exporter.exports_from_zone) {
    return {"the export is not carried out from the zone", "数据并非从区内出境"};
  }
  if (e.ciio_excluded && m.exporter.ciio) {
    return {"a CIIO cannot rely on an FTZ list", "关键信息基础设施运营者不得适用自贸区清单"};
  }
  if (!e.sectors.empty() && !Contains(e.sectors, m.exporter.sector)) {
    return {texts->Concat({"sector ", m.exporter.sector, " is not covered by this list"}),
            texts->Concat({"本清单不涵盖行业 ", m.exporter.sector})};
  }
  if (!e.scenarios.empty() && !Contains(e.scenarios, m.transfer.scenario)) {
    return {texts->Concat({"scenario ", m.transfer.scenario, " is not covered by this list"}),
            texts->Concat({"本清单不涵盖场景 ", m.transfer.scenario})};
  }
  return {};
}

struct Fired {
  Fired() noexcept {}  // no zero-fill on emplace_back() (json_value.h says why)
  const RuleList* list = nullptr;
  const Rule* rule = nullptr;
  Match match;
};

const std::vector<std::string> kArt3Exemptions = {"trade", "transport", "academic",
                                                  "manufacturing", "marketing"};

// `id` and `citation` must outlive the decision (rule-set texts or
// literals); the rule "<list>/<rule>" is made in `texts` only when the
// obligation is new.
void AddObligation(std::vector<Obligation>* out, std::string_view id, std::string_view list,
                   std::string_view rule, std::string_view citation, TextStore* texts) {
  for (const Obligation& o : *out) {
    if (o.id == id) return;  // the first rule that raised it is recorded
  }
  Obligation& o = out->emplace_back();
  o.id = id;
  o.rule = texts->Concat({list, "/", rule});
  o.citation = citation;
}

size_t ObligationRank(std::string_view id) {
  const auto& pinned = PinnedObligations();
  auto it = std::find(pinned.begin(), pinned.end(), id);
  return static_cast<size_t>(it - pinned.begin());
}

// Orders obligations by their pinned rank, keeping the order of equal ranks.
// A decision has a handful: an insertion sort on ranks looked up once each
// (std::stable_sort allocated a buffer and looked both ranks up per
// comparison, ~2 % of a 20-field check under perf).
void SortObligations(std::vector<Obligation>* obligations) {
  constexpr size_t kInline = 32;
  std::vector<Obligation>& o = *obligations;
  if (o.size() > kInline) {
    std::stable_sort(o.begin(), o.end(), [](const Obligation& a, const Obligation& b) {
      return ObligationRank(a.id) < ObligationRank(b.id);
    });
    return;
  }
  size_t rank[kInline];
  for (size_t i = 0; i < o.size(); ++i) rank[i] = ObligationRank(o[i].id);
  for (size_t i = 1; i < o.size(); ++i) {
    for (size_t j = i; j > 0 && rank[j - 1] > rank[j]; --j) {
      std::swap(rank[j - 1], rank[j]);
      std::swap(o[j - 1], o[j]);
    }
  }
}

// One record per field up to kMaxDecisionFields; past it, every field is
// also counted in a group by (source, categories, personal, sensitive, hgr), so a million-field
// manifest gets a decision of bounded size that still accounts for each field.
void RecordFields(const DataProfile& profile, Decision* d) {
  d->field_count = profile.fields.size();
  size_t listed = std::min(profile.fields.size(), kMaxDecisionFields);
  // Exactly the bytes the records' texts take: one allocation for all of them.
  size_t bytes = 0;
  for (size_t i = 0; i < listed; ++i) {
    const ClassifiedField& c = profile.fields[i];
    bytes += c.field->pointer.size() + c.field->name.size() + std::strlen(CategorySourceName(c.source));
    for (const std::string& code : c.categories) bytes += code.size();
    for (const PatternHit& h : c.hits) bytes += h.pattern.size();
    for (const LabelHit& l : c.labels) bytes += l.label.size();
  }
  d->fields.Reserve(listed, bytes);
  for (size_t i = 0; i < listed; ++i) {
    const ClassifiedField& c = profile.fields[i];
    d->fields.Start(c.field->pointer, c.field->name, CategorySourceName(c.source), c.personal,
                    c.sensitive, c.hgr);
    for (const std::string& code : c.categories) d->fields.AddCategory(code);
    for (const PatternHit& h : c.hits) d->fields.AddPattern(h.pattern);
    for (const LabelHit& l : c.labels) d->fields.AddLabel(l.label);
    for (const ContentFinding& f : c.content) {
      d->fields.AddContent(
          {f.category, f.detector, f.matched, f.values, f.sample_level, f.count, f.claimed});
    }
  }
  if (listed == profile.fields.size()) return;
  // Keyed by reference to the profile's texts (no copy per field), ordered as
  // (source name, categories, personal, sensitive, hgr) compare by value.
  struct GroupKey {
    std::string_view source;
    const std::vector<std::string>* categories;
    bool personal, sensitive, hgr;
  };
  auto less = [](const GroupKey& a, const GroupKey& b) {
    if (a.source != b.source) return a.source < b.source;
    if (*a.categories != *b.categories) return *a.categories < *b.categories;
    return std::tie(a.personal, a.sensitive, a.hgr) < std::tie(b.personal, b.sensitive, b.hgr);
  };
  std::map<GroupKey, FieldGroup, decltype(less)> groups(less);
  for (const ClassifiedField& c : profile.fields) {
    const char* source = CategorySourceName(c.source);
    FieldGroup& g = groups[{source, &c.categories, c.personal, c.sensitive, c.hgr}];
    if (g.count++ == 0) g = {c.categories, source, 1, c.personal, c.sensitive, c.hgr};
  }
  std::vector<FieldGroup> sorted;
  for (auto& [key, g] : groups) sorted.push_back(std::move(g));
  // Largest groups first; ties in key order (the map's), so the output is deterministic.
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const FieldGroup& a, const FieldGroup& b) { return a.count > b.count; });
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (i < kMaxDecisionFields) {
      d->field_groups.push_back(std::move(sorted[i]));
    } else {
      d->field_groups_omitted += sorted[i].count;
    }
  }
}

}  // namespace

void SetMatchHead(const RuleList& l, const Rule& r, Match* m) {
  m->rule = r.id;
  m->list = l.id;
  m->outcome = r.outcome.verdict;
  m->obligations = &r.outcome.obligations;
  m->important_data = r.outcome.important_data;
  m->title = {r.title.zh, r.title.en};
  m->citation = r.citation;
  m->verification = r.verification;
  m->head_json[0] = r.decision_head[0];
  m->head_json[1] = r.decision_head[1];
}

Decision Evaluate(const Manifest& m, const DataProfile& profile, const RuleSet& rules,
                  const EvaluationOptions& options,
                  const std::vector<DecisionWarning>& manifest_warnings) {
  Decision d;
  // The decision's own warnings: the message is the concatenation of `parts`.
  auto warn = [&d](std::string_view code, std::initializer_list<std::string_view> parts,
                   std::string_view pointer) {
    AddWarning(code, parts, pointer, &d.texts, &d.warnings);
  };
  d.evaluated_at = options.at;
  d.clearance = options.clearance;
  d.manifest_sha256 = m.sha256;
  d.manifest_file = BaseName(m.file);
  d.transfer_id = m.transfer_id;
  d.categories_file = BaseName(rules.categories().file());
  d.categories_sha256 = rules.categories().sha256();
  d.categories_version = rules.categories().version();
  for (const Resource& r : m.resources) {
    d.resources.push_back({r.name, r.path, r.hash.substr(r.hash.find(':') + 1),
                           r.paths.size() > 1 ? r.paths : std::vector<std::string>{}});
  }
  d.warnings.reserve(manifest_warnings.size() + 4);
  // Subjects are matched by name (in-toto verifiers look an artifact up by
  // its name): two with one name cannot be told apart.
  std::map<std::string, size_t> subject_names{{d.manifest_file, SIZE_MAX}};
  for (size_t i = 0; i < d.resources.size(); ++i) {
    std::string name = SubjectName(d.resources[i]);
    auto [it, fresh] = subject_names.emplace(name, i);
    if (fresh) continue;
    std::string other = it->second == SIZE_MAX
                            ? std::string("the manifest itself")
                            : "resource " + std::to_string(it->second) + " (\"" +
                                  d.resources[it->second].name + "\")";
    warn("W-DUPLICATE-SUBJECT",
         {"resource ", std::to_string(i), " (\"", d.resources[i].name, "\") and ", other,
          " give the signed statement two subjects named \"", name,
          "\": a verifier that looks artifacts up by name cannot tell them apart"},
         m.resources[i].pointer);
  }
  for (const DecisionWarning& w : manifest_warnings) warn(w.code, {w.message}, w.pointer);
  // With a ledger, its totals are the prior counts (spec/ledger.md): the facts
  // are built from a copy of the manifest that carries them.
  std::optional<Manifest> with_ledger;
  if (options.ledger) {
    with_ledger = m;
    with_ledger->subjects.prior_personal = options.ledger->prior_personal;
    with_ledger->subjects.prior_sensitive = options.ledger->prior_sensitive;
    d.counts.source = "ledger";
    d.ledger = options.ledger;
    if ((m.subjects.prior_personal != 0 || m.subjects.prior_sensitive != 0) &&
        (m.subjects.prior_personal != options.ledger->prior_personal ||
         m.subjects.prior_sensitive != options.ledger->prior_sensitive)) {
      warn("W-PRIOR-SUPERSEDED",
           {"the manifest declares ", std::to_string(m.subjects.prior_personal), " personal / ",
            std::to_string(m.subjects.prior_sensitive),
            " sensitive persons already exported this year; the ledger's totals (",
            std::to_string(options.ledger->prior_personal), " / ",
            std::to_string(options.ledger->prior_sensitive), ") are used instead"},
           "/dxcheck/subjects/priorThisYear");
    }
  }
  const Manifest& counted = with_ledger ? *with_ledger : m;
  Facts facts = Facts::Build(counted, profile);
  d.pi_present = profile.pi_present;
  d.spi_present = profile.spi_present;
  d.hgr_present = profile.hgr_present;
  d.counts.personal = m.subjects.personal.value_or(0);
  d.counts.sensitive = m.subjects.sensitive.value_or(0);
  d.counts.prior_personal = counted.subjects.prior_personal;
  d.counts.prior_sensitive = counted.subjects.prior_sensitive;
  d.counts.cumulative_personal = facts.cumulative_personal();
  d.counts.cumulative_sensitive = facts.cumulative_sensitive();
  d.counts.year = m.transfer.date.year;

  // 1-2. Applicable lists and the rules that fire in them.
  std::vector<Fired> fired;
  fired.reserve(8);  // a transfer fires a few rules; one allocation for them
  // Each fired rule's evidence is collected here, then copied into the
  // decision's store: one vector for all rules, none per match.
  std::vector<Evidence> evidence;
  evidence.reserve(16);
  std::vector<const RuleList*> ftz_applied;
  d.lists.reserve(rules.lists().size());
  for (const RuleList& l : rules.lists()) {
    ListRecord rec{l.id,     l.version, ListKindName(l.kind), l.status, BaseName(l.file),
                   l.sha256, false,     {},      {}};
    std::vector<Evidence> excluded_by;
    if (options.at < l.effective_from || (l.effective_until && *l.effective_until < options.at)) {
      std::string at = options.at.ToString();
      rec.reason = d.texts.Concat({"not in force on ", at});
      rec.reason_zh = d.texts.Concat({at, " 不在有效期内"});
      // Never silent: without the baseline, say, nothing national would apply.
      warn("W-LIST-NOT-IN-FORCE",
           {l.id, " ", l.version, " is in force from ", l.effective_from.ToString(),
            l.effective_until ? " until " + l.effective_until->ToString() : std::string(),
            ", not on ", at, ": it was not applied"},
           "");
    } else if (Why why = l.eligibility ? Ineligibility(*l.eligibility, m, &d.texts) : Why{};
               !why.en.empty()) {
      // The exporter cannot rely on this list: it does not apply at all.
      rec.reason = why.en;
      rec.reason_zh = why.zh;
    } else if (l.not_covered &&
               EvaluatePredicate(*l.not_covered, facts, &excluded_by, &d.texts, nullptr)) {
      rec.reason = d.texts.Concat({"the transfer contains data the list does not cover (",
                                   l.not_covered_description, ")"});
      rec.reason_zh = d.texts.Concat({"本次出境包含本清单不涵盖的数据（", l.not_covered_description, "）"});
      warn("W-LIST-NOT-APPLIED",
                 {l.id, " not applied: ", rec.reason, "; the national rules decide the whole transfer"},
                 excluded_by.empty() ? std::string_view() : excluded_by[0].pointer);
    } else {
      rec.applied = true;
      rec.reason = l.eligibility ? "the exporter is eligible" : "always applies";
      rec.reason_zh = l.eligibility ? "数据处理者符合本清单的适用条件" : "始终适用";
    }
    bool applied = rec.applied;
    d.lists.push_back(std::move(rec));
    if (!applied) continue;
    if (l.status != "official") {
      warn(l.status == "model" ? "W-MODEL-LIST" : "W-PARTIAL-LIST",
                 {l.id, " ", l.version, " is a ", l.status, " list: ", l.status_note}, "");
    }
    bool any_fired = false;
    for (const Rule& r : l.rules) {
      // Evidence (strings for every pointer) only for the rules that fire.
      if (!EvaluatePredicate(r.when, facts, nullptr, nullptr, nullptr)) continue;
      Fired& f = fired.emplace_back();
      f.list = &l;
      f.rule = &r;
      evidence.clear();
      EvaluatePredicate(r.when, facts, &evidence, &d.texts, nullptr);
      f.match.evidence = {d.texts.AddArray(evidence.data(), evidence.size()), evidence.size()};
      SetMatchHead(l, r, &f.match);
      any_fired = true;
    }
    // A negative list relieves what it does not list; a positive list only
    // relieves the data it lists, i.e. when one of its items matched.
    if (l.kind == ListKind::kNegative || (l.kind == ListKind::kPositive && any_fired)) {
      ftz_applied.push_back(&l);
    }
  }

  // 3-4. Important data, then the exemption claim.
  d.important_data = std::any_of(fired.begin(), fired.end(),
                                 [](const Fired& f) { return f.rule->outcome.important_data; });
  if (m.transfer.exemption) {
    const std::string& e = *m.transfer.exemption;
    d.exemption.claimed = e;
    bool art3 = Contains(kArt3Exemptions, e);
    if (art3 && (profile.pi_present || d.important_data)) {
      warn("W-EXEMPTION-IGNORED",
                 {"exemption \"", e,
                  "\" (CAC Order 16 Art. 3) covers only data with no personal information and no "
                  "important data; the claim is ignored"},
                 "/dxcheck/transfer/exemption");
    } else {
      d.exemption.applied = true;
      warn("W-EXEMPTION-CLAIMED",
                 {"exemption \"", e, "\" is taken as claimed: the exporter must be able to show it applies"},
                 "/dxcheck/transfer/exemption");
    }
  }

  // 5-6. Relief, verdicts, obligations.
  std::vector<Obligation> obligations;
  obligations.reserve(8);  // a transfer raises a few; one allocation for them
  const Fired* verdict_rule = nullptr;
  for (Fired& f : fired) {
    const Relief& relief = f.rule->relief;
    if (d.exemption.applied && Contains(relief.exemptions, d.exemption.claimed)) {
      f.match.relieved_by = "exemption:" + d.exemption.claimed;
    }
    bool from_ftz = IsFtzList(*f.list);
    Verdict v = f.rule->outcome.verdict.value_or(Verdict::kFreeFlow);
    if (f.match.relieved_by.empty() && !from_ftz) {
      d.baseline_verdict = std::max(d.baseline_verdict, v);
    }
    if (f.match.relieved_by.empty() && relief.ftz_list && !ftz_applied.empty()) {
      f.match.relieved_by = "list:" + ftz_applied.front()->id;
    }
    if (!f.match.relieved_by.empty()) continue;
    // The first rule with the most restrictive verdict raises its obligation.
    if (f.rule->outcome.verdict && (verdict_rule == nullptr || v > d.verdict)) verdict_rule = &f;
    d.verdict = std::max(d.verdict, v);
    for (const std::string& id : f.rule->outcome.obligations) {
      AddObligation(&obligations, id, f.list->id, f.rule->id, f.rule->citation, &d.texts);
    }
  }
  if (verdict_rule != nullptr && d.verdict != Verdict::kFreeFlow &&
      d.verdict != Verdict::kProhibited) {
    AddObligation(&obligations,
                  d.verdict == Verdict::kSecurityAssessment ? "security_assessment"
                                                            : "standard_contract_filing",
                  verdict_rule->list->id, verdict_rule->rule->id, verdict_rule->rule->citation,
                  &d.texts);
  }
  if (d.verdict < d.baseline_verdict) {
    for (const RuleList* l : ftz_applied) {
      if (!l->filing) continue;
      AddObligation(&obligations, l->filing->obligation, l->id, "filing", l->filing->citation,
                    &d.texts);
      if (l->filing->verification == "unverified") {
        warn("W-UNVERIFIED-RULE",
                   {l->id, ": the filing required before relying on the list is unverified (",
                    l->filing->citation, ")"},
                   "");
      }
    }
  }
  SortObligations(&obligations);

  // 7. Clearance.
  if (options.clearance) {
    ApplyClearance(m.status, options.at, m.transfer.date, &obligations, &d.texts, &d.warnings);
  }
  d.may_proceed = d.verdict != Verdict::kProhibited &&
                  std::all_of(obligations.begin(), obligations.end(),
                              [](const Obligation& o) { return o.satisfied; });
  d.exit_code = ExitCodeFor(d.verdict, obligations, options.clearance);
  d.obligations = std::move(obligations);

  size_t relieved = static_cast<size_t>(std::count_if(
      fired.begin(), fired.end(), [](const Fired& f) { return !f.match.relieved_by.empty(); }));
  d.matches.reserve(fired.size() - relieved);
  d.relieved.reserve(relieved);
  for (Fired& f : fired) {
    if (f.match.relieved_by.empty() && f.rule->verification == "unverified") {
      warn("W-UNVERIFIED-RULE",
                 {f.list->id, "/", f.rule->id, " fired and is unverified: ",
                  f.rule->note.empty() ? f.rule->citation : f.rule->note},
                 f.match.evidence.empty() ? std::string_view() : f.match.evidence[0].pointer);
    }
    (f.match.relieved_by.empty() ? d.matches : d.relieved).push_back(std::move(f.match));
  }
  RecordFields(profile, &d);
  return d;
}

}  // namespace dxcheck
