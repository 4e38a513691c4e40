#include "checker/categories/crosswalk.h"

namespace dxcheck {
namespace {

char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// FNV-1a over the kind and the upper-cased label.
uint64_t Hash(LabelKind kind, std::string_view label) {
  uint64_t h = 14695981039346656037u ^ static_cast<uint64_t>(kind);
  h *= 1099511628211u;
  for (char c : label) {
    h ^= static_cast<unsigned char>(Upper(c));
    h *= 1099511628211u;
  }
  return h;
}

// `upper` is `label` upper-cased (ASCII letters only, as std::toupper in the
// "C" locale that dxcheck runs in).
bool SameLabel(const std::string& upper, std::string_view label) {
  if (upper.size() != label.size()) return false;
  for (size_t i = 0; i < label.size(); ++i) {
    if (upper[i] != Upper(label[i])) return false;
  }
  return true;
}

}  // namespace

const Crosswalk::Entry* Crosswalk::Lookup(LabelKind kind, std::string_view label,
                                          size_t* slot) const {
  if (slots_.empty()) return nullptr;  // never built: an empty crosswalk
  size_t mask = slots_.size() - 1;
  for (size_t s = Hash(kind, label) & mask;; s = (s + 1) & mask) {
    *slot = s;
    if (slots_[s] == 0) return nullptr;
    const Entry& e = entries_[slots_[s] - 1];
    if (e.kind == kind && SameLabel(e.label, label)) return &e;
  }
}

void Crosswalk::Grow() {
  slots_.assign(slots_.empty() ? 64 : 2 * slots_.size(), 0);
  size_t mask = slots_.size() - 1;
  for (size_t i = 0; i < entries_.size(); ++i) {
    size_t s = Hash(entries_[i].kind, entries_[i].label) & mask;
    while (slots_[s] != 0) s = (s + 1) & mask;
    slots_[s] = static_cast<uint32_t>(i + 1);
  }
}

Result<Crosswalk> Crosswalk::Build(const CategoryList& list, const std::string& file,
                                   DiagnosticSink* sink) {
  Crosswalk cw;
  cw.Grow();
  bool bad = false;
  for (const Category& c : list.categories()) {
    for (const CrosswalkLabel& l : c.crosswalk) {
      size_t slot = 0;
      if (const Entry* e = cw.Lookup(l.kind, l.label, &slot)) {
        if (e->code != c.code) {
          sink->Report({Severity::kError, "E1311",
                        std::string(LabelKindName(l.kind)) + " label \"" + l.label +
                            "\" maps to both " + e->code + " and " + c.code,
                        file, 0, 0, ""});
          bad = true;
        }
        continue;
      }
      std::string upper = l.label;
      for (char& ch : upper) ch = Upper(ch);
      cw.slots_[slot] = static_cast<uint32_t>(cw.entries_.size() + 1);
      cw.entries_.push_back({l.kind, std::move(upper), c.code});
      if (2 * cw.entries_.size() > cw.slots_.size()) cw.Grow();
    }
  }
  if (bad) return Status::InvalidInput(file + ": ambiguous crosswalk");
  return cw;
}

const std::string* Crosswalk::Find(LabelKind kind, std::string_view label) const {
  size_t slot = 0;
  const Entry* e = Lookup(kind, label, &slot);
  return e == nullptr ? nullptr : &e->code;
}

}  // namespace dxcheck
