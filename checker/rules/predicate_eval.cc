// A loaded predicate always evaluates: ParsePredicate checked each leaf's
// operator against its fact's type, so nothing here has an error path.
#include "checker/rules/predicate_eval.h"

#include <algorithm>
#include <charconv>

namespace dxcheck {
namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

const char* OpSymbol(const std::string& op) {
  if (op == "gt") return ">";
  if (op == "gte") return ">=";
  if (op == "lt") return "<";
  if (op == "lte") return "<=";
  if (op == "eq") return "==";
  return op.c_str();
}

std::string ListText(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
  return out + "]";
}

std::string ListText(const std::vector<const std::string*>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + *v[i];
  return out + "]";
}

bool Compare(const std::string& op, uint64_t a, uint64_t b) {
  if (op == "gt") return a > b;
  if (op == "gte") return a >= b;
  if (op == "lt") return a < b;
  if (op == "lte") return a <= b;
  return a == b;
}

bool UnderAny(const std::string& code, const std::vector<std::string>& prefixes) {
  for (const std::string& p : prefixes) {
    if (CodeUnder(code, p)) return true;
  }
  return false;
}

// `n` in decimal, kept in `texts`.
std::string_view Number(uint64_t n, TextStore* texts) {
  char digits[24];
  char* end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  return texts->Add(std::string_view(digits, static_cast<size_t>(end - digits)));
}

// `s` as a JSON string, kept in `texts`.
std::string_view Quoted(const std::string& s, TextStore* texts) {
  if (s.find_first_of("\"\\") == std::string::npos &&
      std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return texts->Concat({"\"", s, "\""});  // what JsonQuote makes of it
  }
  return texts->Add(JsonQuote(s));
}

// The test text a leaf's evidence carries, without the fact name.
std::string TestText(const Predicate& p) {
  if (p.kind == Predicate::Kind::kPersonsWith) {
    return std::string(OpSymbol(p.op)) + " " + std::to_string(p.number);
  }
  FactType type = FactRegistry()[static_cast<size_t>(p.fact)].type;
  if (type == FactType::kCount) return std::string(OpSymbol(p.op)) + " " + std::to_string(p.number);
  if (p.op == "is" || p.op == "present") {
    return p.op + " " + (p.flag ? "true" : "false");
  }
  if (p.op == "eq") return "== " + JsonQuote(p.text);
  return p.op + " " + ListText(p.list);
}

// Leaves and nodes below take `ev` and `seen` as optional: with ev null no
// evidence is built (is the rule firing at all?), with seen null the value
// seen is not described (only a failure reported to `explain` needs it).
// Evidence texts go to `texts` (not null when ev is not).
bool EvaluateLeaf(const Predicate& p, const Facts& facts, std::vector<Evidence>* ev,
                  TextStore* texts, std::string* seen) {
  const FactValue& v = facts.Get(p.fact);
  const FactInfo& info = FactRegistry()[static_cast<size_t>(p.fact)];
  const char* name = info.name;
  // `value` is a literal or already in `texts`.
  auto all_pointers = [&](std::string_view value) {
    for (size_t i = 0; i < v.pointers.size(); ++i) {
      ev->push_back({name, texts->Add(v.pointers[i]), value, p.test});
    }
  };
  switch (info.type) {
    case FactType::kBool: {
      if (seen != nullptr) *seen = v.b ? "true" : "false";
      bool ok = v.b == p.flag;
      if (ok && ev != nullptr) all_pointers(v.b ? "true" : "false");
      return ok;
    }
    case FactType::kString: {
      if (seen != nullptr) *seen = v.s ? JsonQuote(*v.s) : "absent";
      bool ok = p.op == "present" ? (v.s != nullptr) == p.flag
                : p.op == "eq"    ? v.s && *v.s == p.text
                                  : v.s && Contains(p.list, *v.s);
      if (ok && ev != nullptr) all_pointers(v.s ? texts->Add(JsonQuote(*v.s)) : "null");
      return ok;
    }
    case FactType::kCount: {
      if (seen != nullptr) *seen = std::to_string(v.n);
      bool ok = Compare(p.op, v.n, p.number);
      if (ok && ev != nullptr) {
        // A cumulative count's evidence is the total at the transfer's own
        // count, then each further part it was summed from.
        ev->push_back({name, texts->Add(v.pointers[0]), Number(v.n, texts), p.test});
        for (size_t i = 1; i < v.parts.size(); ++i) {
          ev->push_back({name, texts->Add(v.pointers[i]), Number(v.parts[i], texts),
                         "+ prior this year"});
        }
      }
      return ok;
    }
    case FactType::kStringSet: {
      if (seen != nullptr) *seen = ListText(v.set);
      bool under = p.op == "anyUnder" || p.op == "allUnder";
      bool any = p.op == "anyIn" || p.op == "anyUnder";
      bool none = p.op == "noneIn";
      auto hit = [&](size_t i) {
        return under ? UnderAny(*v.set[i], p.list) : Contains(p.list, *v.set[i]);
      };
      size_t hits = 0;
      for (size_t i = 0; i < v.set.size(); ++i) {
        if (!hit(i)) continue;
        ++hits;
        // Without evidence to collect, the first hit decides any and none.
        if (ev == nullptr && (any || none)) break;
      }
      bool ok = none  ? hits == 0
                : any ? hits > 0
                      : !v.set.empty() && hits == v.set.size();
      if (ok && ev != nullptr) {
        for (size_t i = 0; i < v.set.size(); ++i) {
          if (hit(i)) {
            ev->push_back({name, texts->Add(v.pointers[i]), Quoted(*v.set[i], texts), p.test});
          }
        }
        if (hits == 0) all_pointers(texts->Add(ListText(v.set)));
      }
      return ok;
    }
  }
  return false;
}

bool EvaluatePersonsWith(const Predicate& p, const Facts& facts, std::vector<Evidence>* ev,
                         TextStore* texts, std::string* seen) {
  bool matched = false;
  bool sensitive = false;
  for (const FieldFacts& f : facts.fields()) {
    bool hit = std::any_of(f.categories->begin(), f.categories->end(),
                           [&](const std::string& c) { return UnderAny(c, p.list); });
    if (!hit) continue;
    matched = true;
    sensitive = sensitive || f.sensitive;
  }
  if (!matched) {
    if (seen != nullptr) *seen = "no field of " + ListText(p.list);
    return false;
  }
  uint64_t n = sensitive ? facts.cumulative_sensitive() : facts.cumulative_personal();
  if (seen != nullptr) {
    *seen = std::to_string(n) + (sensitive ? " (cumulative sensitive)" : " (cumulative personal)");
  }
  if (!Compare(p.op, n, p.number)) return false;
  if (ev == nullptr) return true;
  // The evidence's fact is "personsWith": the test says the rest, so the
  // pair reads "personsWith [pi.health, clinical] >= 100000".
  const char* count_ptr = sensitive ? "/dxcheck/subjects/sensitive" : "/dxcheck/subjects/personal";
  ev->push_back({"personsWith", count_ptr, Number(n, texts), p.test});
  for (const FieldFacts& f : facts.fields()) {
    for (const std::string& c : *f.categories) {
      if (UnderAny(c, p.list)) {
        ev->push_back({"personsWith", texts->Add(f.pointer), Quoted(c, texts), p.under});
      }
    }
  }
  return true;
}

bool Evaluate(const Predicate& p, const Facts& facts, std::vector<Evidence>* evidence,
              TextStore* texts, Failure* failure) {
  switch (p.kind) {
    case Predicate::Kind::kAll: {
      // The evidence of the leaves before a failing one is dropped (its
      // texts stay in the store, unreferred to).
      size_t mark = evidence != nullptr ? evidence->size() : 0;
      for (const Predicate& c : p.children) {
        if (Evaluate(c, facts, evidence, texts, failure)) continue;
        if (evidence != nullptr) evidence->resize(mark);
        return false;
      }
      return true;
    }
    case Predicate::Kind::kAny: {
      Failure first;
      for (const Predicate& c : p.children) {
        if (failure == nullptr) {
          if (Evaluate(c, facts, evidence, texts, nullptr)) return true;
          continue;
        }
        Failure f;
        if (Evaluate(c, facts, evidence, texts, &f)) return true;
        if (first.pointer.empty()) first = f;
      }
      if (failure != nullptr) *failure = first;
      return false;
    }
    case Predicate::Kind::kNot: {
      if (failure == nullptr) return !Evaluate(p.children[0], facts, nullptr, nullptr, nullptr);
      std::vector<Evidence> inner;
      TextStore inner_texts;
      if (!Evaluate(p.children[0], facts, &inner, &inner_texts, nullptr)) return true;
      *failure = {p.pointer, DescribePredicate(p),
                  inner.empty() ? "" : std::string(inner[0].value_json)};
      return false;
    }
    case Predicate::Kind::kFact:
    case Predicate::Kind::kPersonsWith: {
      std::string seen;
      std::string* want = failure != nullptr ? &seen : nullptr;
      bool ok = p.kind == Predicate::Kind::kFact ? EvaluateLeaf(p, facts, evidence, texts, want)
                                                 : EvaluatePersonsWith(p, facts, evidence, texts, want);
      if (!ok && failure != nullptr) *failure = {p.pointer, DescribePredicate(p), seen};
      return ok;
    }
  }
  return false;
}

}  // namespace

bool EvaluatePredicate(const Predicate& p, const Facts& facts, std::vector<Evidence>* evidence,
                       TextStore* texts, Failure* failure) {
  return Evaluate(p, facts, evidence, texts, failure);
}

void SetEvidenceTexts(Predicate* leaf) {
  if (leaf->kind == Predicate::Kind::kPersonsWith) {
    std::string list = ListText(leaf->list);
    leaf->test = list + " " + TestText(*leaf);
    leaf->under = "under " + list;
  } else if (leaf->kind == Predicate::Kind::kFact) {
    leaf->test = TestText(*leaf);
  }
}

std::string DescribePredicate(const Predicate& p) {
  switch (p.kind) {
    case Predicate::Kind::kAll:
      return "all of " + std::to_string(p.children.size()) + " conditions";
    case Predicate::Kind::kAny:
      return "any of " + std::to_string(p.children.size()) + " conditions";
    case Predicate::Kind::kNot:
      return "not (" + DescribePredicate(p.children[0]) + ")";
    case Predicate::Kind::kPersonsWith:
      return "persons with " + ListText(p.list) + " " + TestText(p);
    case Predicate::Kind::kFact:
      return std::string(FactRegistry()[static_cast<size_t>(p.fact)].name) + " " + TestText(p);
  }
  return "";
}

}  // namespace dxcheck
