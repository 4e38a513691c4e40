// The Frictionless part of a manifest: resources, their hashes and inline
// schemas, and the `dxcheck` objects at resource and field level. Keys outside
// `dxcheck` objects are the Data Package's business and pass unread, except
// the ones the checker relies on (resources, name, path, bytes, hash, schema,
// fields), which are checked for type and null.
#include <algorithm>
#include <charconv>
#include <string_view>

#include "checker/base/identifiers.h"
#include "checker/categories/code_suggest.h"
#include "checker/manifest/manifest_loader.h"

namespace dxcheck {
namespace {

void CheckHash(const JsonValue& v, const InputContext& ctx) {
  const std::string& h = v.text;
  if (IsSha256Hash(h)) return;
  std::string lower = h;
  std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
  bool hex_only = !h.empty() && h.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
  if (lower.rfind("md5:", 0) == 0 || lower.rfind("sha1:", 0) == 0 ||
      (hex_only && (h.size() == 32 || h.size() == 40))) {
    ctx.Error(v, "E1109", "md5 and sha1 hashes are not accepted: the decision binds files by "
                          "sha256 (expected \"sha256:<64 lowercase hex>\")");
  } else if (lower != h && IsSha256Hash(lower)) {
    ctx.Error(v, "E1109", "sha256 hex must be lowercase");
  } else if (hex_only && h.size() == 64) {
    ctx.Error(v, "E1109", "missing the \"sha256:\" prefix (expected \"sha256:<64 lowercase hex>\")");
  } else {
    ctx.Error(v, "E1109", "expected \"sha256:<64 lowercase hex>\", found \"" + h + "\"");
  }
}

void ReadFieldCategories(const JsonValue& arr, const InputContext& ctx,
                         const CategoryList& categories, Field* f) {
  if (arr.items.empty()) {
    ctx.Error(arr, "E1105", "categories must not be empty (omit the key to let patterns classify "
                            "the field)");
    return;
  }
  for (const JsonValue& c : arr.items) {
    if (c.is_null()) {
      ctx.Error(c, "E1104", "null where a category code is expected");
    } else if (!c.is_string()) {
      ctx.Error(c, "E1102", "expected a category code string, found " + JsonTypeWithArticle(c.type));
    } else if (categories.Resolve(c.text) == nullptr || !IsCategoryCode(c.text)) {
      std::string list_name = categories.file().substr(categories.file().rfind('/') + 1);
      std::string hint = SuggestCategoryCode(categories, c.text);
      ctx.Error(c, "E1113", "unknown category code \"" + c.text + "\" (not in " + list_name +
                                " and extends no code there)" +
                                (hint.empty() ? "" : "; did you mean \"" + hint + "\"?"));
    } else if (std::string near = MisspeltExtension(categories, c.text); !near.empty()) {
      // It would extend a listed code and take that code's defaults, but it is
      // one typo away from a listed sibling: "pi.helth" is not plain "pi".
      ctx.Error(c, "E1113", "unknown category code \"" + c.text + "\": did you mean \"" + near +
                                "\"? (a code that extends " + categories.Resolve(c.text)->code +
                                " must not be a misspelling of a listed code)");
    } else {
      f->categories.push_back(c.text);
    }
  }
}

// The members of a field object ReadField reads, found in one pass over it.
struct FieldMembers {
  JsonValue* name = nullptr;
  JsonValue* type = nullptr;
  JsonValue* description = nullptr;
  JsonValue* tags = nullptr;
  JsonValue* info_types = nullptr;
  JsonValue* dxcheck = nullptr;
};

FieldMembers FindFieldMembers(JsonValue* fv) {
  FieldMembers m;
  // Keys are unique (the parser rejects duplicates), so each is met once.
  for (JsonValue& v : fv->items) {
    std::string_view k = v.key;  // compared by length first, no strlen
    JsonValue** slot = k == "name"          ? &m.name
                       : k == "type"        ? &m.type
                       : k == "description" ? &m.description
                       : k == "tags"        ? &m.tags
                       : k == "infoTypes"   ? &m.info_types
                       : k == "dxcheck"     ? &m.dxcheck
                                            : nullptr;
    if (slot != nullptr) *slot = &v;
  }
  return m;
}

// `v`, found by a const accessor (ObjectReader, Find) under a tree that this
// file was handed mutably: ReadResources consumes the fields' subtrees.
JsonValue* Mutable(const JsonValue* v) { return const_cast<JsonValue*>(v); }

// Other tools' labels (`tags`, `infoTypes`): read when they have a known
// shape, ignored otherwise (keys outside dxcheck objects are the Data
// Package's business).
void ReadLabels(JsonValue* arr, std::vector<std::string>* out) {
  if (arr == nullptr || !arr->is_array()) return;
  for (JsonValue& t : arr->items) {
    JsonValue* fqn = t.Find("tagFQN");
    std::string* label = t.is_string() ? &t.text : (fqn && fqn->is_string() ? &fqn->text : nullptr);
    if (label == nullptr || label->empty()) continue;
    out->push_back(std::move(*label));
  }
}

// A field's own keys are the Data Package's: read one by one (no unknown-key
// check, so no ObjectReader and no record of the keys read). The strings a
// Field keeps are moved out of the tree, which ReadResources' caller drops.
void ReadField(JsonValue* fv, const InputContext& ctx, const CategoryList& categories, Field* f) {
  f->line = fv->line;
  f->column = fv->column;
  FieldMembers m = FindFieldMembers(fv);
  // Names and descriptions are what the patterns read: bounded, so that
  // classification time is bounded whatever the patterns (docs/limits.md).
  if (const std::string* name = CheckStringMember(*fv, ctx, "name", m.name, true)) {
    if (name->size() > kMaxFieldNameBytes) {
      ctx.Error(*m.name, "E1117", "a field name is at most " + std::to_string(kMaxFieldNameBytes) +
                                      " bytes, found " + std::to_string(name->size()));
    } else {
      f->name = std::move(m.name->text);
    }
  }
  if (CheckStringMember(*fv, ctx, "type", m.type, false, true)) f->type = std::move(m.type->text);
  if (const std::string* d =
          CheckStringMember(*fv, ctx, "description", m.description, false, true)) {
    if (d->size() > kMaxFieldDescriptionBytes) {
      ctx.Error(*m.description, "E1117",
                "a field description is at most " + std::to_string(kMaxFieldDescriptionBytes) +
                    " bytes, found " + std::to_string(d->size()));
    } else {
      f->description = std::move(m.description->text);
    }
  }
  ReadLabels(m.tags, &f->tags);
  ReadLabels(m.info_types, &f->info_types);
  const JsonValue* dx = CheckMember(*fv, ctx, "dxcheck", m.dxcheck, JsonType::kObject, false);
  if (dx == nullptr) return;
  ObjectReader dr(*dx, ctx);
  if (const JsonValue* cats = dr.Get("categories", JsonType::kArray, false)) {
    f->tagged = true;
    ReadFieldCategories(*cats, ctx, categories, f);
  }
  f->sensitive = dr.Bool("sensitive", false);
  dr.RejectUnknown("a field's dxcheck object (expected categories, sensitive)");
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), ::tolower);
  return s;
}

// Frictionless keys that say how to read the file (`check --data`). They are
// the Data Package's: read when well-typed, otherwise left to its validators.
void ReadDataKeys(const JsonValue& rv, Resource* res) {
  if (const JsonValue* f = rv.Find("format"); f && f->is_string()) res->format = Lower(f->text);
  if (const JsonValue* e = rv.Find("encoding"); e && e->is_string()) res->encoding = Lower(e->text);
  const JsonValue* d = rv.Find("dialect");
  if (d == nullptr || !d->is_object()) return;
  if (const JsonValue* v = d->Find("delimiter"); v && v->is_string()) res->dialect.delimiter = v->text;
  if (const JsonValue* v = d->Find("quoteChar"); v && v->is_string() && v->text.size() == 1) {
    res->dialect.quote_char = v->text[0];
  }
  if (const JsonValue* v = d->Find("doubleQuote"); v && v->is_bool()) res->dialect.double_quote = v->boolean;
  if (const JsonValue* v = d->Find("header"); v && v->is_bool()) res->dialect.header = v->boolean;
}

// The path string, or the first string of a path array, that holds a NUL.
const JsonValue* FirstWithNul(const JsonValue& path) {
  if (path.is_string()) return path.text.find('\0') != std::string::npos ? &path : nullptr;
  if (!path.is_array()) return nullptr;
  for (const JsonValue& p : path.items) {
    if (p.is_string() && p.text.find('\0') != std::string::npos) return &p;
  }
  return nullptr;
}

void ReadResource(JsonValue& rv, const InputContext& ctx, const CategoryList& categories,
                  TextStore* texts, Resource* res) {
  ObjectReader r(rv, ctx);
  res->pointer = rv.Pointer();
  if (auto name = r.String("name", true)) res->name = std::move(*name);
  // Frictionless allows a path or an array of paths (a multi-part resource).
  const JsonValue* path = rv.Find("path");
  r.Known("path");
  if (path == nullptr) {
    ctx.ErrorMissing(rv, "path", "required string \"path\" is missing");
  } else if (path->is_null()) {
    ctx.Error(*path, "E1104", "null where a path is expected");
  } else if (const JsonValue* nul = FirstWithNul(*path)) {
    // A file name is cut at its first NUL by every system call: the file
    // read would not be the one the decision names (and its format would be
    // guessed from the part after the NUL).
    ctx.Error(*nul, "E1102", "a path holds a NUL character (\\u0000)");
  } else if (path->is_string() && !path->text.empty()) {
    res->path = path->text;
    res->paths = {path->text};
  } else if (path->is_array() && !path->items.empty() &&
             std::all_of(path->items.begin(), path->items.end(),
                         [](const JsonValue& p) { return p.is_string() && !p.text.empty(); })) {
    res->path = path->items[0].text;
    for (const JsonValue& p : path->items) res->paths.push_back(p.text);
  } else {
    ctx.Error(*path, "E1102", "expected a non-empty path string or array of path strings");
  }
  if (auto bytes = r.Count("bytes", true)) res->bytes = *bytes;
  ReadDataKeys(rv, res);
  if (const JsonValue* h = r.Get("hash", JsonType::kString, true)) {
    CheckHash(*h, ctx);
    res->hash = h->text;
  }
  if (const JsonValue* dx = r.Get("dxcheck", JsonType::kObject, false)) {
    ObjectReader dr(*dx, ctx);
    res->records = dr.Count("records", false);
    dr.RejectUnknown("a resource's dxcheck object (expected records)");
  }
  const JsonValue* schema = rv.Find("schema");
  if (schema == nullptr) return;  // warned about by the consistency checks
  if (schema->is_null()) {
    ctx.Error(*schema, "E1104", "null where an inline schema object is expected");
    return;
  }
  if (schema->is_string()) {
    ctx.Error(*schema, "E1114", "schema must be inline: manifest version 1 reads inline schemas "
                                "only, found a reference \"" + schema->text + "\"");
    return;
  }
  if (!schema->is_object()) {
    ctx.Error(*schema, "E1102",
              "expected an inline schema object, found " + JsonTypeWithArticle(schema->type));
    return;
  }
  res->has_schema = true;
  ObjectReader sr(*schema, ctx);
  JsonValue* fields = Mutable(sr.Get("fields", JsonType::kArray, true));
  if (fields == nullptr) return;
  res->fields.reserve(fields->items.size());
  // fv.Pointer() without the walk up: fields is rv's schema.fields.
  constexpr std::string_view kFields = "/schema/fields/";
  char digits[24];
  for (size_t i = 0; i < fields->items.size(); ++i) {
    JsonValue& fv = fields->items[i];
    if (!fv.is_object()) {
      ctx.Error(fv, fv.is_null() ? "E1104" : "E1102", "expected a field object");
      continue;
    }
    Field& f = res->fields.emplace_back();
    char* end = std::to_chars(digits, digits + sizeof digits, i).ptr;
    f.pointer = texts->Concat(
        {res->pointer, kFields, std::string_view(digits, static_cast<size_t>(end - digits))});
    ReadField(&fv, ctx, categories, &f);
  }
}

}  // namespace

void ReadResources(JsonValue& root, const InputContext& ctx, const CategoryList& categories,
                   TextStore* texts, Manifest* m) {
  ObjectReader r(root, ctx);
  JsonValue* resources = Mutable(r.Get("resources", JsonType::kArray, true));
  if (resources == nullptr) return;
  if (resources->items.empty()) {
    ctx.Error(*resources, "E1115", "no resources: a manifest lists at least one data file");
    return;
  }
  // The field bound is checked before any field is read: past it, nothing
  // is classified or evaluated.
  size_t fields = 0;
  const JsonValue* past = nullptr;  // the fields array where the bound is passed
  for (const JsonValue& rv : resources->items) {
    const JsonValue* schema = rv.is_object() ? rv.Find("schema") : nullptr;
    const JsonValue* list = schema != nullptr && schema->is_object() ? schema->Find("fields") : nullptr;
    if (list == nullptr || !list->is_array()) continue;
    fields += list->items.size();
    if (fields > kMaxFields && past == nullptr) past = list;
  }
  if (past != nullptr) {
    ctx.Error(*past, "E1118", "a manifest describes at most " + std::to_string(kMaxFields) +
                                  " fields, found " + std::to_string(fields) +
                                  ": split the transfer into several manifests");
    return;
  }
  m->resources.reserve(resources->items.size());
  for (JsonValue& rv : resources->items) {
    if (!rv.is_object()) {
      ctx.Error(rv, rv.is_null() ? "E1104" : "E1102", "expected a resource object");
      continue;
    }
    Resource res;
    ReadResource(rv, ctx, categories, texts, &res);
    m->resources.push_back(std::move(res));
  }
}

}  // namespace dxcheck
