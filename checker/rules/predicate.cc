// Parsing checks each leaf's operator against its fact's type at load time, so
// evaluation needs no error path: a loaded predicate always evaluates.
#include "checker/rules/predicate.h"

#include <algorithm>

#include "checker/categories/code_suggest.h"

namespace dxcheck {
namespace {

const std::vector<std::string> kCountOps = {"gt", "gte", "lt", "lte", "eq"};
const std::vector<std::string> kSetOps = {"anyIn", "allIn", "noneIn", "anyUnder", "allUnder"};

const char* OpSymbol(const std::string& op) {
  if (op == "gt") return ">";
  if (op == "gte") return ">=";
  if (op == "lt") return "<";
  if (op == "lte") return "<=";
  if (op == "eq") return "==";
  return op.c_str();
}

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

bool ReadStringList(const JsonValue& v, const InputContext& ctx, std::vector<std::string>* out) {
  if (!v.is_array() || v.items.empty()) {
    ctx.Error(v, "E1308", "expected a non-empty array of strings");
    return false;
  }
  bool ok = true;
  for (const JsonValue& s : v.items) {
    if (!s.is_string()) {
      ctx.Error(s, "E1308", "expected a string, found " + JsonTypeWithArticle(s.type));
      ok = false;
    } else {
      out->push_back(s.text);
    }
  }
  return ok;
}

bool ReadCategoryList(const JsonValue& v, const InputContext& ctx, const CategoryList& categories,
                      std::vector<std::string>* out) {
  if (!ReadStringList(v, ctx, out)) return false;
  bool ok = true;
  for (size_t i = 0; i < out->size(); ++i) {
    // A list names listed codes and families only. An "extension" here (a
    // typo such as "pi.helth") could never match what a manifest declares
    // under the listed code; a finer code goes into the code list first.
    const std::string& code = (*out)[i];
    if (!IsCategoryCode(code) || !IsListedCodeOrFamily(categories, code)) {
      std::string hint = SuggestCategoryCode(categories, code);
      ctx.Error(v.items[i], "E1113",
                "unknown category code or family \"" + code + "\"" +
                    (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)"));
      ok = false;
    }
  }
  return ok;
}

// Reads the single operator member of a leaf; every other key must be `known`.
const JsonValue* OperatorOf(const JsonValue& v, const InputContext& ctx,
                            const std::vector<std::string>& known) {
  const JsonValue* op = nullptr;
  for (const JsonValue& m : v.items) {
    if (Contains(known, m.key) || m.key == "$comment") continue;
    if (op != nullptr) {
      ctx.Error(m, "E1304", "a condition has one operator; found \"" + op->key + "\" and \"" +
                                m.key + "\"");
      return nullptr;
    }
    op = &m;
  }
  if (op == nullptr) ctx.Error(v, "E1304", "condition has no operator");
  return op;
}

bool ParseCountOperand(const JsonValue& op, const InputContext& ctx, Predicate* out) {
  if (!Contains(kCountOps, op.key)) {
    ctx.Error(op, "E1304", "\"" + op.key + "\" is not an operator on counts (gt, gte, lt, lte, eq)");
    return false;
  }
  std::optional<uint64_t> n = ReadCount(op, ctx);
  if (!n) return false;
  out->op = op.key;
  out->number = *n;
  return true;
}

bool ParseLeaf(const JsonValue& v, const InputContext& ctx, const CategoryList& categories,
               Predicate* out) {
  const JsonValue* name = v.Find("fact");
  if (!name->is_string()) {
    ctx.Error(*name, "E1308", "\"fact\" must be a fact name string");
    return false;
  }
  out->kind = Predicate::Kind::kFact;
  out->fact = FindFact(name->text);
  if (out->fact < 0) {
    std::set<std::string> names;
    for (const FactInfo& f : FactRegistry()) names.insert(f.name);
    std::string hint = NearestName(name->text, names);
    ctx.Error(*name, "E1305", "unknown fact \"" + name->text + "\"" +
                                  (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)"));
    return false;
  }
  const JsonValue* op = OperatorOf(v, ctx, {"fact"});
  if (op == nullptr) return false;
  FactType type = FactRegistry()[static_cast<size_t>(out->fact)].type;
  const std::string& k = op->key;
  auto wrong = [&](const char* expected) {
    ctx.Error(*op, "E1308", "\"" + k + "\" on " + FactTypeName(type) + " fact \"" + name->text +
                                "\" needs " + expected);
    return false;
  };
  out->op = k;
  switch (type) {
    case FactType::kBool:
      if (k != "is") return wrong("the operator \"is\" (true or false)");
      if (!op->is_bool()) return wrong("true or false");
      out->flag = op->boolean;
      return true;
    case FactType::kString:
      if (k == "eq") {
        if (!op->is_string()) return wrong("a string");
        out->text = op->text;
        return true;
      }
      if (k == "in") return ReadStringList(*op, ctx, &out->list);
      if (k == "present") {
        if (!op->is_bool()) return wrong("true or false");
        out->flag = op->boolean;
        return true;
      }
      return wrong("one of the operators eq, in, present");
    case FactType::kCount:
      return ParseCountOperand(*op, ctx, out);
    case FactType::kStringSet: {
      if (!Contains(kSetOps, k)) return wrong("one of anyIn, allIn, noneIn, anyUnder, allUnder");
      bool category_fact = name->text == "categories" || name->text == "personalCategories";
      if ((k == "anyUnder" || k == "allUnder") != category_fact) {
        return wrong(category_fact ? "anyUnder or allUnder (category prefixes)"
                                   : "anyIn, allIn or noneIn");
      }
      return category_fact ? ReadCategoryList(*op, ctx, categories, &out->list)
                           : ReadStringList(*op, ctx, &out->list);
    }
  }
  return false;
}

}  // namespace

bool ParsePredicate(const JsonValue& v, const InputContext& ctx, const CategoryList& categories,
                    Predicate* out) {
  out->pointer = v.Pointer();
  if (!v.is_object()) {
    ctx.Error(v, "E1304", "expected a condition object, found " + JsonTypeWithArticle(v.type));
    return false;
  }
  for (const char* group : {"all", "any"}) {
    if (const JsonValue* arr = v.Find(group)) {
      out->kind = group[1] == 'l' ? Predicate::Kind::kAll : Predicate::Kind::kAny;
      if (OperatorOf(v, ctx, {}) == nullptr) return false;
      if (!arr->is_array() || arr->items.empty()) {
        ctx.Error(*arr, "E1304", std::string("\"") + group + "\" takes a non-empty array of conditions");
        return false;
      }
      bool ok = true;
      for (const JsonValue& c : arr->items) {
        Predicate child;
        ok = ParsePredicate(c, ctx, categories, &child) && ok;
        out->children.push_back(std::move(child));
      }
      return ok;
    }
  }
  if (const JsonValue* inner = v.Find("not")) {
    out->kind = Predicate::Kind::kNot;
    if (OperatorOf(v, ctx, {}) == nullptr) return false;
    out->children.emplace_back();
    return ParsePredicate(*inner, ctx, categories, &out->children[0]);
  }
  if (v.Find("fact") != nullptr) return ParseLeaf(v, ctx, categories, out);
  if (const JsonValue* cats = v.Find("personsWith")) {
    out->kind = Predicate::Kind::kPersonsWith;
    bool ok = ReadCategoryList(*cats, ctx, categories, &out->list);
    const JsonValue* op = OperatorOf(v, ctx, {"personsWith"});
    return op != nullptr && ParseCountOperand(*op, ctx, out) && ok;
  }
  ctx.Error(v, "E1304", "a condition is one of {\"all\": [...]}, {\"any\": [...]}, {\"not\": "
                        "{...}}, {\"fact\": NAME, OP: VALUE}, {\"personsWith\": [...], OP: N}");
  return false;
}

namespace {

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
bool EvaluateLeaf(const Predicate& p, const Facts& facts, std::vector<Evidence>* ev,
                  std::string* seen) {
  const FactValue& v = facts.Get(p.fact);
  const FactInfo& info = FactRegistry()[static_cast<size_t>(p.fact)];
  const char* name = info.name;
  auto all_pointers = [&](const std::string& value) {
    std::string test = TestText(p);
    for (size_t i = 0; i < v.pointers.size(); ++i) {
      ev->push_back({name, std::string(v.pointers[i]), value, test});
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
      if (ok && ev != nullptr) all_pointers(v.s ? JsonQuote(*v.s) : "null");
      return ok;
    }
    case FactType::kCount: {
      if (seen != nullptr) *seen = std::to_string(v.n);
      bool ok = Compare(p.op, v.n, p.number);
      if (ok && ev != nullptr) {
        // A cumulative count's evidence is the total at the transfer's own
        // count, then each further part it was summed from.
        ev->push_back({name, std::string(v.pointers[0]), std::to_string(v.n), TestText(p)});
        for (size_t i = 1; i < v.parts.size(); ++i) {
          ev->push_back({name, std::string(v.pointers[i]), std::to_string(v.parts[i]),
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
        std::string test = TestText(p);
        for (size_t i = 0; i < v.set.size(); ++i) {
          if (hit(i)) {
            ev->push_back({name, std::string(v.pointers[i]), JsonQuote(*v.set[i]), test});
          }
        }
        if (hits == 0) all_pointers(ListText(v.set));
      }
      return ok;
    }
  }
  return false;
}

bool EvaluatePersonsWith(const Predicate& p, const Facts& facts, std::vector<Evidence>* ev,
                         std::string* seen) {
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
  std::string test = ListText(p.list) + " " + TestText(p);
  const char* count_ptr = sensitive ? "/dxcheck/subjects/sensitive" : "/dxcheck/subjects/personal";
  ev->push_back({"personsWith", count_ptr, std::to_string(n), test});
  std::string under = "under " + ListText(p.list);
  for (const FieldFacts& f : facts.fields()) {
    for (const std::string& c : *f.categories) {
      if (UnderAny(c, p.list)) {
        ev->push_back({"personsWith", std::string(f.pointer), JsonQuote(c), under});
      }
    }
  }
  return true;
}

bool Evaluate(const Predicate& p, const Facts& facts, std::vector<Evidence>* evidence,
              Failure* failure) {
  switch (p.kind) {
    case Predicate::Kind::kAll: {
      // The evidence of the leaves before a failing one is dropped.
      size_t mark = evidence != nullptr ? evidence->size() : 0;
      for (const Predicate& c : p.children) {
        if (Evaluate(c, facts, evidence, failure)) continue;
        if (evidence != nullptr) evidence->resize(mark);
        return false;
      }
      return true;
    }
    case Predicate::Kind::kAny: {
      Failure first;
      for (const Predicate& c : p.children) {
        if (failure == nullptr) {
          if (Evaluate(c, facts, evidence, nullptr)) return true;
          continue;
        }
        Failure f;
        if (Evaluate(c, facts, evidence, &f)) return true;
        if (first.pointer.empty()) first = f;
      }
      if (failure != nullptr) *failure = first;
      return false;
    }
    case Predicate::Kind::kNot: {
      if (failure == nullptr) return !Evaluate(p.children[0], facts, nullptr, nullptr);
      std::vector<Evidence> inner;
      if (!Evaluate(p.children[0], facts, &inner, nullptr)) return true;
      *failure = {p.pointer, DescribePredicate(p), inner.empty() ? "" : inner[0].value_json};
      return false;
    }
    case Predicate::Kind::kFact:
    case Predicate::Kind::kPersonsWith: {
      std::string seen;
      std::string* want = failure != nullptr ? &seen : nullptr;
      bool ok = p.kind == Predicate::Kind::kFact ? EvaluateLeaf(p, facts, evidence, want)
                                                 : EvaluatePersonsWith(p, facts, evidence, want);
      if (!ok && failure != nullptr) *failure = {p.pointer, DescribePredicate(p), seen};
      return ok;
    }
  }
  return false;
}

}  // namespace

bool EvaluatePredicate(const Predicate& p, const Facts& facts, std::vector<Evidence>* evidence,
                       Failure* failure) {
  return Evaluate(p, facts, evidence, failure);
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
