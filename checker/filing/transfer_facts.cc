#include "checker/filing/transfer_facts.h"

#include <set>

namespace dxcheck {
namespace {

bool Counts(const Category* c, const ClassifiedField& f, CategoryKind kind) {
  if (c == nullptr) return false;
  bool forced_sensitive = f.field != nullptr && f.field->sensitive.value_or(false);
  switch (kind) {
    case CategoryKind::kPersonal:
      return f.personal && (c->personal || forced_sensitive);
    case CategoryKind::kSensitive:
      return f.sensitive && (c->sensitive || forced_sensitive);
    case CategoryKind::kHgr:
      return f.hgr && c->hgr;
  }
  return false;
}

}  // namespace

FormValue TransferFacts::Member(std::initializer_list<const char*> path) const {
  FormValue v;
  const JsonValue* node = t_.manifest.doc.get();
  for (const char* key : path) {
    node = node != nullptr ? node->Find(key) : nullptr;
  }
  if (node == nullptr) return v;
  if (node->is_string()) {
    v.text = node->text;
  } else if (node->is_bool()) {
    v.boolean = node->boolean;
  } else if (node->is_number()) {
    // Counts are validated integers (manifest_loader.cc) before a draft is made.
    v.number = std::stoull(node->text);
  } else {
    return v;  // an object or array is not one value
  }
  v.source = node->Pointer();
  return v;
}

FormValue TransferFacts::Filing(const FilingValue& f) {
  FormValue v;
  if (f.present()) {
    v.text = f.value;
    v.source = f.pointer;
  }
  return v;
}

std::vector<FormValue> TransferFacts::Categories(CategoryKind kind) const {
  std::vector<FormValue> out;
  if (kind != CategoryKind::kHgr && !t_.decision.pi_present) return out;  // anonymised: no PI
  std::set<std::string> seen;
  auto add = [&](const std::string& code, std::string_view source) {
    const Category* c = categories_.Resolve(code);
    if (c == nullptr || !seen.insert(code).second) return;
    FormValue v;
    v.text = c->title_zh;
    v.en = c->title_en;
    v.code = code;
    v.source = source;
    out.push_back(std::move(v));
  };
  for (const ClassifiedField& f : t_.profile.fields) {
    if (f.field == nullptr) continue;
    for (const std::string& code : f.categories) {
      if (Counts(categories_.Resolve(code), f, kind)) add(code, f.field->pointer);
    }
    for (const ContentFinding& c : f.content) {
      if (Counts(categories_.Resolve(c.category), f, kind)) add(c.category, kMeasuredByData);
    }
  }
  return out;
}

FormValue TransferFacts::MeasuredPersons(bool sensitive) const {
  FormValue v;
  const DataRecord& d = t_.decision.data;
  if (!d.verified || !d.persons_counted) return v;
  v.number = sensitive ? d.sensitive : d.personal;
  v.source = kMeasuredByData;
  return v;
}

FormValue TransferFacts::Decided(const std::string& pointer, uint64_t number) {
  FormValue v;
  v.number = number;
  v.source = "decision:" + pointer;
  return v;
}

FormValue TransferFacts::DecidedBool(const std::string& pointer, bool b) {
  FormValue v;
  v.boolean = b;
  v.source = "decision:" + pointer;
  return v;
}

FormValue TransferFacts::DecidedText(const std::string& pointer, std::string text) {
  FormValue v;
  v.text = std::move(text);
  v.source = "decision:" + pointer;
  return v;
}

std::vector<FormValue> TransferFacts::Recipients() const {
  std::vector<FormValue> out;
  for (size_t i = 0; i < t_.manifest.recipients.size(); ++i) {
    const Recipient& r = t_.manifest.recipients[i];
    FormValue v;
    v.text = r.name;
    v.code = r.country;
    v.source = "/dxcheck/recipients/" + std::to_string(i) + "/name";
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<FormValue> TransferFacts::Countries() const {
  std::vector<FormValue> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < t_.manifest.recipients.size(); ++i) {
    const std::string& c = t_.manifest.recipients[i].country;
    if (!seen.insert(c).second) continue;
    FormValue v;
    v.text = c;
    v.source = "/dxcheck/recipients/" + std::to_string(i) + "/country";
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<FormValue> TransferFacts::OnwardRecipients() const {
  std::vector<FormValue> out;
  for (const OnwardRecipient& r : t_.manifest.filing.onward_recipients) {
    FormValue v;
    v.text = r.name;
    v.code = r.country;
    v.source = r.pointer + "/name";
    out.push_back(std::move(v));
  }
  return out;
}

bool TransferFacts::ResourceHasHgr(size_t i) const {
  const std::string prefix = t_.manifest.resources[i].pointer + "/";
  for (const ClassifiedField& f : t_.profile.fields) {
    if (f.hgr && f.field != nullptr && f.field->pointer.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

std::vector<FormValue> TransferFacts::ResourceBytes(bool hgr_only) const {
  std::vector<FormValue> out;
  for (size_t i = 0; i < t_.manifest.resources.size(); ++i) {
    const Resource& r = t_.manifest.resources[i];
    if (hgr_only && !ResourceHasHgr(i)) continue;
    FormValue v;
    v.number = r.bytes;
    v.of = r.name;
    v.source = r.pointer + "/bytes";
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<FormValue> TransferFacts::ResourceRecords(bool hgr_only) const {
  std::vector<FormValue> out;
  for (size_t i = 0; i < t_.manifest.resources.size(); ++i) {
    const Resource& r = t_.manifest.resources[i];
    if (!r.records || (hgr_only && !ResourceHasHgr(i))) continue;
    FormValue v;
    v.number = *r.records;
    v.of = r.name;
    v.source = r.pointer + "/dxcheck/records";
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<FormValue> TransferFacts::DataItems(size_t max, size_t* total) const {
  std::vector<FormValue> out;
  *total = t_.profile.fields.size();
  for (const ClassifiedField& f : t_.profile.fields) {
    if (out.size() >= max) break;
    if (f.field == nullptr) continue;
    FormValue v;
    v.text = f.field->name;
    for (const std::string& c : f.categories) v.code += (v.code.empty() ? "" : ", ") + c;
    v.source = std::string(f.field->pointer) + "/name";
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace dxcheck
