#include "checker/categories/crosswalk.h"

#include <algorithm>
#include <cctype>

namespace dxcheck {
namespace {

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

}  // namespace

Result<Crosswalk> Crosswalk::Build(const CategoryList& list, const std::string& file,
                                   DiagnosticSink* sink) {
  Crosswalk cw;
  bool bad = false;
  for (const Category& c : list.categories()) {
    for (const CrosswalkLabel& l : c.crosswalk) {
      auto key = std::make_pair(static_cast<int>(l.kind), Upper(l.label));
      auto [it, inserted] = cw.map_.emplace(key, c.code);
      if (!inserted && it->second != c.code) {
        sink->Report({Severity::kError, "E1311",
                      std::string(LabelKindName(l.kind)) + " label \"" + l.label + "\" maps to both " +
                          it->second + " and " + c.code,
                      file, 0, 0, ""});
        bad = true;
      }
    }
  }
  if (bad) return Status::InvalidInput(file + ": ambiguous crosswalk");
  return cw;
}

const std::string* Crosswalk::Find(LabelKind kind, const std::string& label) const {
  auto it = map_.find(std::make_pair(static_cast<int>(kind), Upper(label)));
  return it == map_.end() ? nullptr : &it->second;
}

}  // namespace dxcheck
