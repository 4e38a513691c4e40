#include "checker/categories/category_list.h"

#include <algorithm>

#include "checker/base/digest.h"
#include "checker/base/identifiers.h"
#include "checker/base/json_parser.h"
#include "checker/base/object_reader.h"

namespace dxcheck {
namespace {

// spec/manifest.md: codes every code list must have, with their meanings.
struct Pinned {
  const char* code;
  bool personal, sensitive, hgr;
};
constexpr Pinned kPinned[] = {
    {"pi.basic", true, false, false},        {"pi.identity", true, false, false},
    {"pi.id_document", true, true, false},   {"pi.contact", true, false, false},
    {"pi.health", true, true, false},        {"pi.biometric", true, true, false},
    {"pi.financial", true, true, false},     {"pi.location.precise", true, true, false},
    {"pi.minor", true, true, false},         {"clinical.trial", true, true, false},
    {"clinical.treatment_record", true, true, false}, {"clinical.imaging", true, true, false},
    {"clinical.pathology", true, true, false}, {"clinical.lab", true, true, false},
    {"hgr.genomic", true, true, true},       {"omics.proteomic", true, true, false},
    {"omics.metabolomic", true, true, false}, {"rd.process", false, false, false},
    {"nonpersonal", false, false, false},
};

void ReadPatterns(ObjectReader& r, PatternTarget target, const char* key, Category* c) {
  const JsonValue* arr = r.Get(key, JsonType::kArray, false);
  if (arr == nullptr) return;
  for (const JsonValue& p : arr->items) {
    if (!p.is_string() || p.text.empty()) {
      r.ctx().Error(p, "E1102", "expected a non-empty string (an RE2 pattern)");
      continue;
    }
    c->patterns.push_back({target, p.text, p.Pointer(), p.line, p.column});
  }
}

// The `content` section: each entry names an implemented detector and a
// listed code; the thresholds are what rules/README.md documents.
void ReadContent(const JsonValue& arr, const InputContext& ctx, const CategoryList& list,
                 std::vector<ContentDetector>* out) {
  const std::vector<std::string>& kinds = ContentDetectorKinds();
  for (const JsonValue& item : arr.items) {
    if (!item.is_object()) {
      ctx.Error(item, "E1102", "expected an object (a content detector)");
      continue;
    }
    ObjectReader r(item, ctx);
    r.Known("$comment");
    ContentDetector d;
    d.pointer = item.Pointer();
    if (auto k = r.String("detector", true)) {
      if (std::find(kinds.begin(), kinds.end(), *k) == kinds.end()) {
        std::string all;
        for (const std::string& n : kinds) all += (all.empty() ? "" : ", ") + n;
        ctx.Error(*item.Find("detector"), "E1107",
                  "unknown content detector \"" + *k + "\" (dxcheck implements " + all + ")");
      }
      d.detector = *k;
    }
    if (auto c = r.String("category", true)) {
      const Category* cat = list.Resolve(*c);
      if (cat == nullptr || cat->code != *c) {
        ctx.Error(*item.Find("category"), "E1113",
                  "a content detector names a listed category code, not \"" + *c + "\"");
      }
      d.category = *c;
    }
    if (auto p = r.Count("minPercent", true)) {
      if (*p == 0 || *p > 100) {
        ctx.Error(*item.Find("minPercent"), "E1106", "minPercent is 1 ... 100");
      }
      d.min_percent = static_cast<unsigned>(*p);
    }
    if (auto m = r.Count("minMatches", true)) d.min_matches = *m == 0 ? 1 : *m;
    r.RejectUnknown("a content detector (expected detector, category, minPercent, minMatches)");
    out->push_back(std::move(d));
  }
}

}  // namespace

const std::vector<std::string>& ContentDetectorKinds() {
  static const std::vector<std::string> kKinds = {"cn_resident_id", "cn_mobile", "email",
                                                  "bank_card"};
  return kKinds;
}

const char* LabelKindName(LabelKind k) {
  switch (k) {
    case LabelKind::kCdiscVariable: return "cdisc";
    case LabelKind::kCdiscDomain: return "cdiscDomain";
    case LabelKind::kFhirResource: return "fhir";
    case LabelKind::kInfoType: return "infoType";
    case LabelKind::kTag: return "tag";
  }
  return "?";
}

bool CodeUnder(const std::string& code, const std::string& prefix) {
  return code.size() >= prefix.size() && code.compare(0, prefix.size(), prefix) == 0 &&
         (code.size() == prefix.size() || code[prefix.size()] == '.');
}

bool IsCategoryCode(const std::string& code) {
  size_t start = 0;
  while (true) {
    size_t dot = code.find('.', start);
    if (!IsLowerSnake(code.substr(start, dot == std::string::npos ? dot : dot - start))) {
      return false;
    }
    if (dot == std::string::npos) return true;
    start = dot + 1;
  }
}

const Category* CategoryList::Resolve(std::string_view code) const {
  std::string_view c = code;
  while (true) {
    auto it = index_.find(c);
    if (it != index_.end()) return &categories_[it->second];
    size_t dot = c.rfind('.');
    if (dot == std::string_view::npos) return nullptr;
    c = c.substr(0, dot);
  }
}

Result<CategoryList> CategoryList::Load(const std::string& bytes, const std::string& file,
                                        DiagnosticSink* sink) {
  DiagnosticList local;
  InputContext ctx{file, &local};
  CategoryList list;
  list.file_ = file;
  list.sha256_ = Sha256Hex(bytes);
  std::optional<JsonValue> doc =
      ParseJsonObject(bytes, file, {true, 64}, "a category code list object", &local);
  if (doc) {
    ObjectReader top(*doc, ctx);
    top.Known("$comment");
    top.String("$schema", false);  // the JSON Schema an editor validates against (docs/schema)
    if (auto v = top.String("codeListVersion", true)) list.version_ = *v;
    if (const JsonValue* cats = top.Get("categories", JsonType::kArray, true)) {
      for (const JsonValue& item : cats->items) {
        if (!item.is_object()) {
          ctx.Error(item, "E1102", "expected an object (a category)");
          continue;
        }
        ObjectReader r(item, ctx);
        r.Known("$comment");
        Category c;
        std::optional<std::string> code = r.String("code", true);
        if (code && !IsCategoryCode(*code)) {
          ctx.Error(*item.Find("code"), "E1311",
                    "\"" + *code + "\" is not a dotted lower_snake category code");
          code.reset();
        }
        if (code && list.index_.count(*code)) {
          ctx.Error(*item.Find("code"), "E1311", "duplicate category code \"" + *code + "\"");
          code.reset();
        }
        // Properties default to the parent code's, so a sub-code only states
        // what differs; a top-level code must state all three.
        const Category* parent = code ? list.Resolve(*code) : nullptr;
        std::optional<bool> personal = r.Bool("personal", parent == nullptr);
        std::optional<bool> sensitive = r.Bool("sensitive", parent == nullptr);
        std::optional<bool> hgr = r.Bool("hgr", parent == nullptr);
        c.personal = personal ? *personal : parent != nullptr && parent->personal;
        c.sensitive = sensitive ? *sensitive : parent != nullptr && parent->sensitive;
        c.hgr = hgr ? *hgr : parent != nullptr && parent->hgr;
        if (const JsonValue* t = r.Get("title", JsonType::kObject, true)) {
          ObjectReader tr(*t, ctx);
          if (auto zh = tr.String("zh", true)) c.title_zh = *zh;
          if (auto en = tr.String("en", true)) c.title_en = *en;
          tr.RejectUnknown("a title");
        }
        if (const JsonValue* p = r.Get("patterns", JsonType::kObject, false)) {
          ObjectReader pr(*p, ctx);
          ReadPatterns(pr, PatternTarget::kName, "name", &c);
          ReadPatterns(pr, PatternTarget::kDescription, "description", &c);
          pr.RejectUnknown("patterns (expected \"name\" and \"description\")");
        }
        if (const JsonValue* cw = r.Get("crosswalk", JsonType::kObject, false)) {
          ObjectReader cr(*cw, ctx);
          for (LabelKind k : {LabelKind::kCdiscVariable, LabelKind::kCdiscDomain, LabelKind::kFhirResource,
                              LabelKind::kInfoType, LabelKind::kTag}) {
            const JsonValue* arr = cr.Get(LabelKindName(k), JsonType::kArray, false);
            if (arr == nullptr) continue;
            for (const JsonValue& l : arr->items) {
              if (!l.is_string() || l.text.empty()) {
                ctx.Error(l, "E1102", "expected a non-empty label string");
              } else {
                c.crosswalk.push_back({k, l.text});
              }
            }
          }
          cr.RejectUnknown("a crosswalk (expected cdisc, cdiscDomain, fhir, infoType, tag)");
        }
        r.RejectUnknown("a category");
        if (!code) continue;
        c.code = *code;
        if (c.sensitive && !c.personal) {
          ctx.Error(item, "E1311", "\"" + c.code + "\" is sensitive but not personal");
        }
        list.index_[c.code] = list.categories_.size();
        list.categories_.push_back(std::move(c));
      }
    }
    if (const JsonValue* content = top.Get("content", JsonType::kArray, false)) {
      ReadContent(*content, ctx, list, &list.content_);
    }
    top.RejectUnknown("the category code list");
    for (const Pinned& p : kPinned) {
      const Category* c = list.Resolve(p.code);
      if (c == nullptr) {
        ctx.Error(*doc, "E1311", std::string("the code list lacks \"") + p.code +
                                     "\", which spec/manifest.md requires");
      } else if (c->personal != p.personal || c->sensitive != p.sensitive || c->hgr != p.hgr) {
        ctx.Error(*doc, "E1311", std::string("\"") + p.code +
                                     "\" must keep the defaults of spec/manifest.md (personal " +
                                     (p.personal ? "yes" : "no") + ", sensitive " +
                                     (p.sensitive ? "yes" : "no") + ", HGR " +
                                     (p.hgr ? "yes" : "no") + ")");
      }
    }
    // Every code under these families must keep the family's defaults too.
    for (const Category& c : list.categories_) {
      bool clinical = CodeUnder(c.code, "clinical") || CodeUnder(c.code, "omics");
      if ((CodeUnder(c.code, "pi") && !c.personal) ||
          (clinical && !(c.personal && c.sensitive))) {
        ctx.Error(*doc, "E1311", "\"" + c.code + "\" breaks its family's defaults (pi.* are " +
                                     "personal; clinical.* and omics.* personal and sensitive)");
      }
    }
  }
  local.ForwardSorted(sink);
  if (!doc || local.has_errors()) return Status::InvalidInput(file + ": invalid category code list");
  return list;
}

}  // namespace dxcheck
