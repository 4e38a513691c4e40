// Floor (floor.h): RapidJSON in situ, RE2::Set classification, flat facts,
// postfix predicates.
#include "bench/floor/floor.h"

#include <rapidjson/document.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "checker/rules/facts.h"
#include "checker/rules/predicate.h"
#include "checker/rules/verdict.h"

namespace dxcheck {
namespace {

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "floor: %s\n", what.c_str());
  std::abort();
}

RE2::Options SetOptions() {  // as categories/classifier.cc
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  o.set_max_mem(256 << 20);
  return o;
}

const char* const kExemptions[] = {"trade",   "transport",      "academic", "manufacturing",
                                   "marketing", "foreign_origin", "contract", "hr",
                                   "emergency", "statutory_duty"};
constexpr int kArt3Count = 5;  // the first five: Order 16 Art. 3

int ExemptionIndex(std::string_view e) {
  for (int i = 0; i < 10; ++i) {
    if (e == kExemptions[i]) return i;
  }
  return -1;
}

enum class Op : uint8_t { kAnd, kOr, kNot, kIs, kEqNum, kEqStr, kIn, kPresent, kGt, kGte, kLt,
                          kLte, kAnyUnder, kAllUnder, kPersonsWith };

struct Node {
  Op op;
  uint16_t arity = 0;  // kAnd / kOr: children on the stack
  int fact = -1;
  bool flag = false;
  uint64_t number = 0;
  std::vector<std::string> strings;  // kEqStr (one), kIn
  uint64_t mask = 0;                 // category indices covered (under / personsWith)
  Op count_op = Op::kGte;            // kPersonsWith
  bool personal_set = false;         // kAnyUnder / kAllUnder: personalCategories
};

struct FlatRule {
  size_t begin, end;      // nodes_[begin, end): the postfix program
  int verdict;            // -1: none
  uint32_t exemptions;    // bit i: kExemptions[i] lifts it
  bool important;         // designates the data as important data
};

}  // namespace

struct Floor::Impl {
  RE2::Set names{SetOptions(), RE2::UNANCHORED};
  RE2::Set descriptions{SetOptions(), RE2::UNANCHORED};
  std::vector<int> name_category, description_category;  // Set index -> category index
  std::vector<uint8_t> personal, sensitive;               // per category
  const CategoryList* categories = nullptr;
  std::vector<Node> nodes;
  std::vector<FlatRule> rules;
  // Per check, reused.
  std::vector<char> buffer;
  std::vector<int> matched;
  std::vector<uint8_t> b;
  std::vector<uint64_t> n;
  std::vector<std::string_view> s;
  std::vector<uint8_t> s_present;
  uint64_t categories_present = 0, personal_present = 0, sensitive_present = 0;
  int f_cum_personal, f_cum_sensitive;

  uint64_t Under(const std::vector<std::string>& prefixes) const {
    uint64_t m = 0;
    const auto& cats = categories->categories();
    for (size_t c = 0; c < cats.size(); ++c) {
      for (const std::string& p : prefixes) {
        if (CodeUnder(cats[c].code, p)) m |= uint64_t{1} << c;
      }
    }
    return m;
  }

  void Compile(const Predicate& p) {
    Node node;
    switch (p.kind) {
      case Predicate::Kind::kAll:
      case Predicate::Kind::kAny:
        for (const Predicate& c : p.children) Compile(c);
        node.op = p.kind == Predicate::Kind::kAll ? Op::kAnd : Op::kOr;
        node.arity = static_cast<uint16_t>(p.children.size());
        break;
      case Predicate::Kind::kNot:
        Compile(p.children.at(0));
        node.op = Op::kNot;
        break;
      case Predicate::Kind::kPersonsWith:
        node.op = Op::kPersonsWith;
        node.mask = Under(p.list);
        node.number = p.number;
        node.count_op = p.op == "gt" ? Op::kGt : p.op == "gte" ? Op::kGte : p.op == "lt" ? Op::kLt
                        : p.op == "lte" ? Op::kLte : Op::kEqNum;
        break;
      case Predicate::Kind::kFact: {
        node.fact = p.fact;
        node.flag = p.flag;
        node.number = p.number;
        FactType t = FactRegistry()[static_cast<size_t>(p.fact)].type;
        if (p.op == "is") node.op = Op::kIs;
        else if (p.op == "eq") node.op = t == FactType::kCount ? Op::kEqNum : Op::kEqStr;
        else if (p.op == "in") node.op = Op::kIn;
        else if (p.op == "present") node.op = Op::kPresent;
        else if (p.op == "gt") node.op = Op::kGt;
        else if (p.op == "gte") node.op = Op::kGte;
        else if (p.op == "lt") node.op = Op::kLt;
        else if (p.op == "lte") node.op = Op::kLte;
        else if (p.op == "anyUnder") node.op = Op::kAnyUnder;
        else if (p.op == "allUnder") node.op = Op::kAllUnder;
        else Die("operator " + p.op + " on " + FactRegistry()[static_cast<size_t>(p.fact)].name);
        if (node.op == Op::kEqStr) node.strings = {p.text};
        if (node.op == Op::kIn) node.strings = p.list;
        if (node.op == Op::kAnyUnder || node.op == Op::kAllUnder) {
          node.mask = Under(p.list);
          node.personal_set = p.fact == FindFact("personalCategories");
          if (!node.personal_set && p.fact != FindFact("categories")) Die("set operator on " + p.op);
        }
        break;
      }
    }
    nodes.push_back(std::move(node));
  }

  static bool CountTest(Op op, uint64_t v, uint64_t operand) {
    switch (op) {
      case Op::kGt: return v > operand;
      case Op::kGte: return v >= operand;
      case Op::kLt: return v < operand;
      case Op::kLte: return v <= operand;
      default: return v == operand;
    }
  }

  bool Leaf(const Node& x) const {
    switch (x.op) {
      case Op::kIs: return (b[x.fact] != 0) == x.flag;
      case Op::kEqNum: case Op::kGt: case Op::kGte: case Op::kLt: case Op::kLte:
        return CountTest(x.op, n[x.fact], x.number);
      case Op::kEqStr: return s_present[x.fact] && s[x.fact] == x.strings[0];
      case Op::kIn:
        if (!s_present[x.fact]) return false;
        for (const std::string& v : x.strings) {
          if (s[x.fact] == v) return true;
        }
        return false;
      case Op::kPresent: return (s_present[x.fact] != 0) == x.flag;
      case Op::kAnyUnder: return ((x.personal_set ? personal_present : categories_present) & x.mask) != 0;
      case Op::kAllUnder: {
        uint64_t set = x.personal_set ? personal_present : categories_present;
        return set != 0 && (set & ~x.mask) == 0;
      }
      case Op::kPersonsWith: {
        if ((personal_present & x.mask) == 0) return false;
        uint64_t v = (sensitive_present & x.mask) ? n[f_cum_sensitive] : n[f_cum_personal];
        return CountTest(x.count_op, v, x.number);
      }
      default: return false;
    }
  }

  bool Run(const FlatRule& r) const {
    bool stack[64];
    int top = 0;
    for (size_t i = r.begin; i < r.end; ++i) {
      const Node& x = nodes[i];
      if (x.op == Op::kAnd || x.op == Op::kOr) {
        bool v = x.op == Op::kAnd;
        for (int k = 0; k < x.arity; ++k) {
          bool c = stack[--top];
          v = x.op == Op::kAnd ? (v && c) : (v || c);
        }
        stack[top++] = v;
      } else if (x.op == Op::kNot) {
        stack[top - 1] = !stack[top - 1];
      } else {
        stack[top++] = Leaf(x);
      }
    }
    return stack[0];
  }
};

Floor::Floor(const RuleSet& rules, const Date& at) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.categories = &rules.categories();
  const auto& cats = rules.categories().categories();
  if (cats.size() > 64) Die("more than 64 categories");
  for (size_t c = 0; c < cats.size(); ++c) {
    m.personal.push_back(cats[c].personal);
    m.sensitive.push_back(cats[c].sensitive);
    for (const CategoryPattern& p : cats[c].patterns) {
      bool is_name = p.target == PatternTarget::kName;
      if ((is_name ? m.names : m.descriptions).Add(p.regex, nullptr) < 0) Die("pattern " + p.regex);
      (is_name ? m.name_category : m.description_category).push_back(static_cast<int>(c));
    }
  }
  if (!m.names.Compile() || !m.descriptions.Compile()) Die("RE2::Set compile");
  for (const RuleList& l : rules.lists()) {
    if (at < l.effective_from || (l.effective_until && *l.effective_until < at)) continue;
    for (const Rule& r : l.rules) {
      FlatRule fr;
      fr.begin = m.nodes.size();
      m.Compile(r.when);
      fr.end = m.nodes.size();
      fr.verdict = r.outcome.verdict ? static_cast<int>(*r.outcome.verdict) : -1;
      fr.exemptions = 0;
      fr.important = r.outcome.important_data;
      for (const std::string& e : r.relief.exemptions) {
        int i = ExemptionIndex(e);
        if (i >= 0) fr.exemptions |= 1u << i;
      }
      m.rules.push_back(fr);
      rule_ids_.push_back(l.id + "/" + r.id);
    }
  }
  size_t facts = FactRegistry().size();
  m.b.resize(facts);
  m.n.resize(facts);
  m.s.resize(facts);
  m.s_present.resize(facts);
  m.f_cum_personal = FindFact("cumulative.personal");
  m.f_cum_sensitive = FindFact("cumulative.sensitive");
  m.matched.reserve(64);
}

Floor::~Floor() = default;

namespace {

using JValue = rapidjson::GenericValue<rapidjson::UTF8<>>;

const JValue* Member(const JValue& o, const char* name) {
  if (!o.IsObject()) return nullptr;
  auto it = o.FindMember(name);
  return it == o.MemberEnd() ? nullptr : &it->value;
}
bool Bool(const JValue& o, const char* name) {
  const JValue* v = Member(o, name);
  return v != nullptr && v->IsBool() && v->GetBool();
}
uint64_t Count(const JValue* o, const char* name) {
  const JValue* v = o == nullptr ? nullptr : Member(*o, name);
  return v != nullptr && v->IsUint64() ? v->GetUint64() : 0;
}
bool String(const JValue* o, const char* name, std::string_view* out) {
  const JValue* v = o == nullptr ? nullptr : Member(*o, name);
  if (v == nullptr || !v->IsString()) return false;
  *out = std::string_view(v->GetString(), v->GetStringLength());
  return true;
}

}  // namespace

bool Floor::Check(std::string_view json, Outcome* out) {
  Impl& m = *impl_;
  m.buffer.assign(json.begin(), json.end());
  m.buffer.push_back('\0');
  rapidjson::Document doc;
  doc.ParseInsitu(m.buffer.data());
  if (doc.HasParseError() || !doc.IsObject()) return false;
  const JValue* dx = Member(doc, "dxcheck");
  const JValue* resources = Member(doc, "resources");
  if (dx == nullptr || resources == nullptr || !resources->IsArray()) return false;

  // Classification: declared categories, else the patterns.
  m.categories_present = m.personal_present = m.sensitive_present = 0;
  for (const JValue& r : resources->GetArray()) {
    const JValue* schema = Member(r, "schema");
    const JValue* fields = schema ? Member(*schema, "fields") : nullptr;
    if (fields == nullptr || !fields->IsArray()) continue;
    for (const JValue& f : fields->GetArray()) {
      uint64_t mask = 0;
      const JValue* fdx = Member(f, "dxcheck");
      const JValue* declared = fdx ? Member(*fdx, "categories") : nullptr;
      if (declared != nullptr && declared->IsArray()) {
        for (const JValue& c : declared->GetArray()) {
          if (!c.IsString()) continue;
          const Category* cat = m.categories->Resolve(std::string(c.GetString(), c.GetStringLength()));
          if (cat != nullptr) mask |= uint64_t{1} << (cat - m.categories->categories().data());
        }
      } else {
        std::string_view text;
        if (String(&f, "name", &text)) {
          m.matched.clear();
          m.names.Match(re2::StringPiece(text.data(), text.size()), &m.matched);
          for (int i : m.matched) mask |= uint64_t{1} << m.name_category[static_cast<size_t>(i)];
        }
        if (String(&f, "description", &text)) {
          m.matched.clear();
          m.descriptions.Match(re2::StringPiece(text.data(), text.size()), &m.matched);
          for (int i : m.matched) mask |= uint64_t{1} << m.description_category[static_cast<size_t>(i)];
        }
      }
      m.categories_present |= mask;
      for (uint64_t rest = mask; rest != 0; rest &= rest - 1) {
        int c = __builtin_ctzll(rest);
        if (m.personal[static_cast<size_t>(c)]) m.personal_present |= mask;
        if (m.sensitive[static_cast<size_t>(c)]) m.sensitive_present |= mask;
      }
    }
  }

  // Facts.
  std::fill(m.b.begin(), m.b.end(), 0);
  std::fill(m.n.begin(), m.n.end(), 0);
  std::fill(m.s_present.begin(), m.s_present.end(), 0);
  static const int f_ciio = FindFact("exporter.ciio"), f_fc = FindFact("exporter.foreignControlled"),
                   f_efz = FindFact("exporter.exportsFromZone"), f_sector = FindFact("exporter.sector"),
                   f_zone = FindFact("exporter.zone"), f_scen = FindFact("transfer.scenario"),
                   f_mode = FindFact("transfer.mode"), f_ex = FindFact("transfer.exemption"),
                   f_judicial = FindFact("recipients.foreignJudicialOrEnforcement"),
                   f_sp = FindFact("subjects.personal"), f_ss = FindFact("subjects.sensitive"),
                   f_minors = FindFact("subjects.minorsUnder14"),
                   f_pp = FindFact("subjects.priorThisYear.personal"),
                   f_ps = FindFact("subjects.priorThisYear.sensitive"),
                   f_deid = FindFact("deidentification"), f_imp = FindFact("importantData.status"),
                   f_core = FindFact("coreData"), f_secret = FindFact("stateSecret"),
                   f_ctrl = FindFact("exportControlled"), f_hi = FindFact("hgr.information"),
                   f_hm = FindFact("hgr.materials"), f_hs = FindFact("hgr.sequencingSubjects"),
                   f_hp = FindFact("hgr.importantPedigree"), f_hr = FindFact("hgr.specificRegion"),
                   f_pi = FindFact("pi.present"), f_spi = FindFact("spi.present"),
                   f_hgr = FindFact("hgr.present");
  auto str = [&](int fact, const JValue* o, const char* name, const char* fallback) {
    m.s_present[fact] = String(o, name, &m.s[fact]);
    if (!m.s_present[fact] && fallback != nullptr) {
      m.s[fact] = fallback;
      m.s_present[fact] = 1;
    }
  };
  const JValue* exporter = Member(*dx, "exporter");
  const JValue* transfer = Member(*dx, "transfer");
  const JValue* subjects = Member(*dx, "subjects");
  const JValue* prior = subjects ? Member(*subjects, "priorThisYear") : nullptr;
  const JValue* hgr = Member(*dx, "hgr");
  const JValue* important = Member(*dx, "importantData");
  if (exporter != nullptr) {
    m.b[f_ciio] = Bool(*exporter, "ciio");
    m.b[f_fc] = Bool(*exporter, "foreignControlled");
    m.b[f_efz] = Bool(*exporter, "exportsFromZone");
  }
  str(f_sector, exporter, "sector", nullptr);
  str(f_zone, exporter, "zone", nullptr);
  str(f_scen, transfer, "scenario", nullptr);
  str(f_mode, transfer, "mode", "transfer");
  str(f_ex, transfer, "exemption", nullptr);
  str(f_deid, dx, "deidentification", "identified");
  str(f_imp, important, "status", "none");
  if (const JValue* rs = Member(*dx, "recipients"); rs != nullptr && rs->IsArray()) {
    for (const JValue& r : rs->GetArray()) m.b[f_judicial] |= Bool(r, "foreignJudicialOrEnforcement");
  }
  m.n[f_sp] = Count(subjects, "personal");
  m.n[f_ss] = Count(subjects, "sensitive");
  m.n[f_minors] = Count(subjects, "minorsUnder14");
  m.n[f_pp] = Count(prior, "personal");
  m.n[f_ps] = Count(prior, "sensitive");
  m.b[f_core] = Bool(*dx, "coreData");
  m.b[f_secret] = Bool(*dx, "stateSecret");
  m.b[f_ctrl] = Bool(*dx, "exportControlled");
  if (hgr != nullptr) {
    m.b[f_hi] = Bool(*hgr, "information");
    m.b[f_hm] = Bool(*hgr, "materials");
    m.b[f_hp] = Bool(*hgr, "importantPedigree");
    m.b[f_hr] = Bool(*hgr, "specificRegion");
    m.n[f_hs] = Count(hgr, "sequencingSubjects");
  }
  bool anonymized = m.s[f_deid] == "anonymized";
  // docs/manifest.md: PI is present when a field is personal or persons are
  // declared; sensitive PI when PI is and a field is sensitive or sensitive
  // persons (or minors) are declared.
  bool pi = !anonymized && (m.personal_present != 0 || m.n[f_sp] > 0);
  bool spi = pi && (m.sensitive_present != 0 || m.n[f_ss] > 0 || m.n[f_minors] > 0);
  m.b[f_pi] = pi;
  m.b[f_spi] = spi;
  m.b[f_hgr] = m.b[f_hi];
  m.n[m.f_cum_personal] = pi ? m.n[f_sp] + m.n[f_pp] : 0;
  m.n[m.f_cum_sensitive] = spi ? m.n[f_ss] + m.n[f_ps] : 0;

  // Rules, then exemption relief and the verdict.
  size_t count = m.rules.size();
  out->fired.assign(count, 0);
  out->relieved.assign(count, 0);
  bool important_data = false;
  for (size_t i = 0; i < count; ++i) {
    out->fired[i] = m.Run(m.rules[i]);
    if (out->fired[i] && m.rules[i].important) important_data = true;
  }
  int exemption = m.s_present[f_ex] ? ExemptionIndex(m.s[f_ex]) : -1;
  if (exemption >= 0 && exemption < kArt3Count && (pi || important_data)) exemption = -1;
  out->verdict = 0;
  for (size_t i = 0; i < count; ++i) {
    if (!out->fired[i]) continue;
    if (exemption >= 0 && (m.rules[i].exemptions >> exemption & 1u)) {
      out->relieved[i] = 1;
      continue;
    }
    if (m.rules[i].verdict > out->verdict) out->verdict = m.rules[i].verdict;
  }
  return true;
}

}  // namespace dxcheck
