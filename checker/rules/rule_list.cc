#include "checker/rules/rule_list.h"

#include <algorithm>
#include <set>

#include "checker/base/digest.h"
#include "checker/base/identifiers.h"
#include "checker/base/json_parser.h"
#include "checker/base/object_reader.h"
#include "checker/manifest/manifest.h"

namespace dxcheck {

const char* ListKindName(ListKind k) {
  switch (k) {
    case ListKind::kBaseline: return "baseline";
    case ListKind::kNegative: return "negative";
    case ListKind::kPositive: return "positive";
    case ListKind::kParallel: return "parallel";
  }
  return "?";
}

const std::vector<std::string>& PinnedObligations() {
  static const std::vector<std::string> kIds = {
      "separate_consent", "pi_impact_assessment", "ftz_filing", "standard_contract_filing",
      "pi_certification", "security_assessment", "hgr_prior_report", "hgr_security_review",
      "hgr_material_export_approval"};
  return kIds;
}

const Rule* RuleList::FindRule(const std::string& rule_id) const {
  for (const Rule& r : rules) {
    if (r.id == rule_id) return &r;
  }
  return nullptr;
}

namespace {

const std::vector<std::string> kVerification = {"verified", "secondary", "unverified"};

// List and rule ids: lowercase letters, digits and '-', starting alphanumeric.
bool IsId(const std::string& s) {
  if (s.empty() || s.size() > 64 || s[0] == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
  });
}

void ReadBilingual(ObjectReader& r, const std::string& key, Bilingual* out) {
  const JsonValue* t = r.Get(key, JsonType::kObject, true);
  if (t == nullptr) return;
  ObjectReader tr(*t, r.ctx());
  if (auto zh = tr.String("zh", true)) out->zh = *zh;
  if (auto en = tr.String("en", true)) out->en = *en;
  tr.RejectUnknown("a title (expected zh, en)");
}

std::vector<std::string> ReadStrings(ObjectReader& r, const std::string& key, bool required,
                                     bool (*valid)(const std::string&), const char* what) {
  std::vector<std::string> out;
  const JsonValue* arr = r.Get(key, JsonType::kArray, required);
  if (arr == nullptr) return out;
  if (arr->items.empty()) r.ctx().Error(*arr, "E1105", "must not be empty");
  for (const JsonValue& v : arr->items) {
    if (!v.is_string() || (valid != nullptr && !valid(v.text))) {
      r.ctx().Error(v, "E1102", std::string("expected ") + what);
    } else {
      out.push_back(v.text);
    }
  }
  return out;
}

bool IsScenario(const std::string& s) {
  const auto& codes = ScenarioCodes();
  return std::find(codes.begin(), codes.end(), s) != codes.end();
}
bool IsExemption(const std::string& s) {
  const auto& codes = ExemptionCodes();
  return std::find(codes.begin(), codes.end(), s) != codes.end();
}

void CheckObligationId(const JsonValue& at, const std::string& id, const RuleList& list,
                       const InputContext& ctx) {
  const auto& pinned = PinnedObligations();
  if (std::find(pinned.begin(), pinned.end(), id) != pinned.end()) return;
  std::string prefix = list.id + ":";
  if (id.size() > prefix.size() && id.compare(0, prefix.size(), prefix) == 0 &&
      IsLowerSnake(id.substr(prefix.size()))) {
    return;
  }
  ctx.Error(at, "E1309", "obligation \"" + id + "\" is neither a pinned id of spec/decision.md "
                         "nor namespaced as \"" + prefix + "name\"");
}

void ReadRule(const JsonValue& v, const InputContext& ctx, const CategoryList& categories,
              RuleList* list, std::set<std::string>* ids) {
  ObjectReader r(v, ctx);
  r.Known("$comment");
  Rule rule;
  rule.pointer = v.Pointer();
  if (const JsonValue* id = r.Get("id", JsonType::kString, true)) {
    if (!IsId(id->text)) {
      ctx.Error(*id, "E1102", "rule ids are lowercase letters, digits, '-' and '.'");
    } else if (!ids->insert(id->text).second) {
      ctx.Error(*id, "E1303", "duplicate rule id \"" + id->text + "\"");
    }
    rule.id = id->text;
  }
  ReadBilingual(r, "title", &rule.title);
  if (const JsonValue* when = r.Get("when", JsonType::kObject, true)) {
    ParsePredicate(*when, ctx, categories, &rule.when);
  }
  if (const JsonValue* out = r.Get("outcome", JsonType::kObject, true)) {
    ObjectReader o(*out, ctx);
    if (auto verdict = o.Enum("verdict", VerdictNames(), false)) {
      rule.outcome.verdict = ParseVerdict(*verdict);
    }
    if (const JsonValue* obl = o.Get("obligations", JsonType::kArray, false)) {
      for (const JsonValue& id : obl->items) {
        if (!id.is_string()) {
          ctx.Error(id, "E1102", "expected an obligation id string");
          continue;
        }
        CheckObligationId(id, id.text, *list, ctx);
        rule.outcome.obligations.push_back(id.text);
      }
    }
    rule.outcome.important_data = o.Bool("importantData", false).value_or(false);
    o.RejectUnknown("an outcome (expected verdict, obligations, importantData)");
    if (!rule.outcome.verdict && rule.outcome.obligations.empty()) {
      ctx.Error(*out, "E1312", "an outcome needs a verdict or at least one obligation");
    }
    if (rule.outcome.important_data &&
        rule.outcome.verdict.value_or(Verdict::kFreeFlow) < Verdict::kSecurityAssessment) {
      ctx.Error(*out, "E1312", "important data needs at least security_assessment (CAC Order 16 "
                               "Art. 7)");
    }
  }
  if (const JsonValue* rel = r.Get("relief", JsonType::kObject, false)) {
    ObjectReader rr(*rel, ctx);
    rule.relief.exemptions = ReadStrings(rr, "exemptions", false, IsExemption, "an exemption code");
    rule.relief.ftz_list = rr.Bool("ftzList", false).value_or(false);
    rr.RejectUnknown("relief (expected exemptions, ftzList)");
    bool never = rule.outcome.important_data || rule.outcome.verdict == Verdict::kProhibited;
    if (never && (rule.relief.ftz_list || !rule.relief.exemptions.empty())) {
      ctx.Error(*rel, "E1312", "prohibitions and important data are never relieved (CAC Order 16 "
                               "Art. 5 last para., Art. 6; DSL Art. 21)");
    }
    if (rule.relief.ftz_list && list->kind != ListKind::kBaseline) {
      ctx.Error(*rel, "E1312", "only a baseline list's rules can be relieved by an FTZ list");
    }
  }
  if (auto c = r.String("citation", true)) rule.citation = *c;
  if (auto ver = r.Enum("verification", kVerification, true)) rule.verification = *ver;
  if (auto note = r.String("note", false)) rule.note = *note;
  r.RejectUnknown("a rule");
  list->rules.push_back(std::move(rule));
}

void ReadEligibility(const JsonValue& v, const InputContext& ctx, RuleList* list) {
  ObjectReader r(v, ctx);
  Eligibility e;
  e.zones = ReadStrings(r, "zones", true, IsZoneCode, "a zone code (CN-XX-...)");
  e.sectors = ReadStrings(r, "sectors", false, IsLowerSnake, "a lower_snake sector code");
  e.scenarios = ReadStrings(r, "scenarios", false, IsScenario, "a scenario code of spec/manifest.md");
  e.ciio_excluded = r.Bool("ciioExcluded", false).value_or(true);
  e.export_from_zone_required = r.Bool("exportFromZoneRequired", false).value_or(true);
  r.RejectUnknown("eligibility");
  list->eligibility = std::move(e);
}

void ReadListBody(const JsonValue& doc, const InputContext& ctx, const CategoryList& categories,
                  RuleList* list) {
  ObjectReader r(doc, ctx);
  r.Known("$comment");
  r.String("$schema", false);  // the JSON Schema an editor validates against (docs/schema)
  if (const JsonValue* id = r.Get("id", JsonType::kString, true)) {
    if (!IsId(id->text)) ctx.Error(*id, "E1102", "list ids are lowercase letters, digits, '-', '.'");
    list->id = id->text;
  }
  if (auto v = r.String("version", true)) list->version = *v;
  ReadBilingual(r, "title", &list->title);
  if (auto issuer = r.String("issuer", true)) list->issuer = *issuer;
  if (auto kind = r.Enum("kind", {"baseline", "negative", "positive", "parallel"}, true)) {
    list->kind = *kind == "baseline"   ? ListKind::kBaseline
                 : *kind == "negative" ? ListKind::kNegative
                 : *kind == "positive" ? ListKind::kPositive
                                       : ListKind::kParallel;
  }
  if (auto st = r.Enum("status", {"official", "partial", "model"}, true)) list->status = *st;
  if (auto note = r.String("statusNote", list->status != "official")) list->status_note = *note;
  if (const JsonValue* eff = r.Get("effective", JsonType::kObject, true)) {
    ObjectReader er(*eff, ctx);
    if (auto from = er.DateValue("from", true)) list->effective_from = *from;
    list->effective_until = er.DateValue("until", false);
    er.RejectUnknown("effective (expected from, until)");
    if (list->effective_until && *list->effective_until < list->effective_from) {
      ctx.Error(*eff, "E1312", "effective.until is before effective.from");
    }
  }
  bool ftz = list->kind == ListKind::kNegative || list->kind == ListKind::kPositive;
  if (const JsonValue* el = r.Get("eligibility", JsonType::kObject, ftz)) {
    if (!ftz) ctx.Error(*el, "E1312", "only negative and positive lists have an eligibility");
    ReadEligibility(*el, ctx, list);
  }
  if (const JsonValue* nc = r.Get("notCovered", JsonType::kObject, false)) {
    ObjectReader nr(*nc, ctx);
    if (auto d = nr.String("description", true)) list->not_covered_description = *d;
    if (const JsonValue* when = nr.Get("when", JsonType::kObject, true)) {
      list->not_covered.emplace();
      ParsePredicate(*when, ctx, categories, &*list->not_covered);
    }
    nr.RejectUnknown("notCovered (expected description, when)");
  }
  if (const JsonValue* f = r.Get("filing", JsonType::kObject, false)) {
    if (!ftz) ctx.Error(*f, "E1312", "only negative and positive lists require a filing");
    ObjectReader fr(*f, ctx);
    Filing filing;
    if (const JsonValue* o = fr.Get("obligation", JsonType::kString, true)) {
      CheckObligationId(*o, o->text, *list, ctx);
      filing.obligation = o->text;
    }
    if (auto c = fr.String("citation", true)) filing.citation = *c;
    if (auto ver = fr.Enum("verification", kVerification, true)) filing.verification = *ver;
    fr.RejectUnknown("filing (expected obligation, citation, verification)");
    list->filing = std::move(filing);
  }
  if (const JsonValue* rules = r.Get("rules", JsonType::kArray, true)) {
    std::set<std::string> ids;
    for (const JsonValue& rv : rules->items) {
      if (!rv.is_object()) {
        ctx.Error(rv, "E1102", "expected a rule object");
        continue;
      }
      ReadRule(rv, ctx, categories, list, &ids);
    }
  }
  r.RejectUnknown("a list");
}

}  // namespace

Result<RuleList> LoadRuleList(const std::string& bytes, const std::string& file,
                              const CategoryList& categories, DiagnosticSink* sink) {
  DiagnosticList local;
  InputContext ctx{file, &local};
  RuleList list;
  list.file = file;
  list.sha256 = Sha256Hex(bytes);
  std::optional<JsonValue> doc = ParseJsonObject(bytes, file, {true, 128}, "a list object", &local);
  if (doc) ReadListBody(*doc, ctx, categories, &list);
  local.ForwardSorted(sink);
  if (!doc || local.has_errors()) return Status::InvalidInput(file + ": invalid list");
  return list;
}

}  // namespace dxcheck
