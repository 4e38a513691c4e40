#include "checker/bundle/bag_checks.h"

#include <algorithm>
#include <sstream>

#include "checker/base/digest.h"
#include "checker/base/json_bounded.h"
#include "checker/bundle/bag_layout.h"
#include "rapidjson/document.h"

namespace dxcheck {
namespace {

// "line N" of the first byte where `a` and `b` differ.
std::string FirstDifference(const std::string& a, const std::string& b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  return "line " + std::to_string(1 + std::count(a.begin(), a.begin() + static_cast<long>(i), '\n'));
}

}  // namespace

std::string ParseChecksums(const std::string& file, const std::string& text,
                           std::map<std::string, std::string>* out) {
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    size_t sp = line.find(' ');
    if (sp != 64 || line.find_first_not_of("0123456789abcdef") < 64) {
      return file + " line " + std::to_string(n) + " is not \"<sha256 hex>  <path>\"";
    }
    std::string path = line.substr(sp);
    path.erase(0, path.find_first_not_of(" *"));
    if (!out->emplace(path, line.substr(0, 64)).second) {
      return file + " line " + std::to_string(n) + ": " + path + " listed twice";
    }
  }
  return "";
}

std::string CheckDigests(const BagFiles& bag, const std::string& file,
                         const std::map<std::string, std::string>& listed, bool (*select)(const std::string&)) {
  for (const auto& [path, data] : bag.files) {
    if (!select(path)) continue;
    auto it = listed.find(path);
    if (it == listed.end()) return path + " is not in " + file + " (an extra file)";
    if (it->second != Sha256Hex(data)) {
      return path + ": sha256 " + Sha256Hex(data).substr(0, 16) + "… differs from " + file + "'s " +
             it->second.substr(0, 16) + "…";
    }
  }
  for (const auto& [path, digest] : listed) {
    if (!bag.files.count(path)) return path + " is listed in " + file + " but missing";
  }
  return "";
}

bool IsPayload(const std::string& p) { return p.rfind("data/", 0) == 0; }
bool IsTagFile(const std::string& p) { return !IsPayload(p) && p != "tagmanifest-sha256.txt"; }

bool IsBundledList(const std::string& p) {
  const std::string dir = "data/rules/";
  return p.rfind(dir, 0) == 0 && p.find('/', dir.size()) == std::string::npos && p.size() > dir.size() + 5 &&
         p.compare(p.size() - 5, 5, ".json") == 0 && p != dir + kCategoryListFile;
}


void CompareBags(const BagFiles& bag, const Bag& expected, VerifyReport* rep) {
  auto add = [&](bool ok, const std::string& detail) { rep->checks.push_back({"bound", ok, detail}); };
  if (bag.root != expected.root) {
    add(false, "the bag's directory " + bag.root + " is not " + expected.root + ", which the signed transfer id gives");
  }
  for (const auto& [path, f] : expected.files) {
    auto it = bag.files.find(path);
    if (it == bag.files.end()) {
      add(false, path + " is missing (" + f.binding + ")");
    } else if (it->second != f.bytes) {
      add(false, path + ": differs at " + FirstDifference(it->second, f.bytes) + " from what the signed content gives (" +
                     f.binding + ")");
    } else {
      add(true, path + ": " + f.binding);
    }
  }
  for (const auto& [path, data] : bag.files) {
    if (!expected.files.count(path)) {
      add(false, path + ": not bound to the signed decision (no signature, signed digest, trusted key or "
                        "regeneration covers it): an extra file");
    }
  }
}

std::vector<std::string> RecordedListOrder(const VerifyReport& r) {
  std::vector<std::string> ids;
  rapidjson::Document d;
  if (r.decision_json.empty() || !ParseBoundedDocument(r.decision_json, {}, &d) || !d.IsObject() ||
      !d.HasMember("lists") || !d["lists"].IsArray()) {
    return ids;
  }
  for (const auto& l : d["lists"].GetArray()) {
    if (l.IsObject() && l.HasMember("id") && l["id"].IsString()) ids.emplace_back(l["id"].GetString());
  }
  return ids;
}

void CheckRegistry(const std::string& registry, const RuleSet& rules, VerifyReport* rep) {
  std::map<std::string, std::string> pinned;
  std::istringstream in(registry);
  std::string line, why;
  int n = 0;
  while (std::getline(in, line) && why.empty()) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    std::string id, sha, more;
    f >> id >> sha >> more;
    if (id.empty()) continue;
    if (sha.size() != 64 || sha.find_first_not_of("0123456789abcdef") != std::string::npos || !more.empty()) {
      why = "registry line " + std::to_string(n) + " is not \"<list id> <sha256>\"";
    } else if (!pinned.emplace(id, sha).second) {
      why = "registry line " + std::to_string(n) + ": " + id + " pinned twice";
    }
  }
  auto check = [&](const std::string& id, const std::string& what, const std::string& sha256) {
    auto it = pinned.find(id);
    if (!why.empty()) return;
    if (it == pinned.end()) {
      why = what + " is not in the registry (a line \"" + id + " <sha256>\")";
    } else if (it->second != sha256) {
      why = what + " sha256 " + sha256.substr(0, 16) + "… is not the registry's " + it->second.substr(0, 16) + "…";
    }
  };
  // The code list decides what every category means: pinned like any list.
  check("categories", "the code list (data/rules/categories.json)", rules.categories().sha256());
  for (const RuleList& l : rules.lists()) check(l.id, "list " + l.id + " (" + l.file + ")", l.sha256);
  rep->checks.push_back({"list registry", why.empty(),
                         why.empty() ? "the code list and every bundled list are pinned" : why});
}

}  // namespace dxcheck
