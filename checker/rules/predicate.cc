// Parsing checks each leaf's operator against its fact's type at load time, so
// evaluation needs no error path: a loaded predicate always evaluates.
#include "checker/rules/predicate.h"

#include <algorithm>

#include "checker/categories/code_suggest.h"
#include "checker/rules/facts.h"
#include "checker/rules/predicate_eval.h"

namespace dxcheck {
namespace {

const std::vector<std::string> kCountOps = {"gt", "gte", "lt", "lte", "eq"};
const std::vector<std::string> kSetOps = {"anyIn", "allIn", "noneIn", "anyUnder", "allUnder"};

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
  if (v.Find("fact") != nullptr) {
    if (!ParseLeaf(v, ctx, categories, out)) return false;
    SetEvidenceTexts(out);
    return true;
  }
  if (const JsonValue* cats = v.Find("personsWith")) {
    out->kind = Predicate::Kind::kPersonsWith;
    bool ok = ReadCategoryList(*cats, ctx, categories, &out->list);
    const JsonValue* op = OperatorOf(v, ctx, {"personsWith"});
    if (op == nullptr || !ParseCountOperand(*op, ctx, out) || !ok) return false;
    SetEvidenceTexts(out);
    return true;
  }
  ctx.Error(v, "E1304", "a condition is one of {\"all\": [...]}, {\"any\": [...]}, {\"not\": "
                        "{...}}, {\"fact\": NAME, OP: VALUE}, {\"personsWith\": [...], OP: N}");
  return false;
}

}  // namespace dxcheck
