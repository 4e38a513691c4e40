#include "checker/categories/code_suggest.h"

#include <algorithm>
#include <vector>

namespace dxcheck {
namespace {

constexpr size_t kMaxSuggestLength = 64;

// Every listed code and every family prefix of one ("pi", "pi.location").
std::vector<std::string> CodesAndFamilies(const CategoryList& list) {
  std::vector<std::string> out;
  for (const Category& c : list.categories()) {
    out.push_back(c.code);
    for (size_t dot = c.code.find('.'); dot != std::string::npos; dot = c.code.find('.', dot + 1)) {
      out.push_back(c.code.substr(0, dot));
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool EndsWithSegments(const std::string& code, const std::string& tail) {
  return code.size() > tail.size() && code.compare(code.size() - tail.size(), tail.size(), tail) == 0 &&
         code[code.size() - tail.size() - 1] == '.';
}

}  // namespace

size_t BoundedEditDistance(const std::string& a, const std::string& b, size_t cap) {
  size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > cap) return cap + 1;
  // Three rows: the one before the previous is needed for transpositions.
  std::vector<size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > cap) return cap + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], cap + 1);
}

std::string SuggestCategoryCode(const CategoryList& list, const std::string& code) {
  if (code.empty() || code.size() > kMaxSuggestLength) return "";
  std::vector<std::string> known = CodesAndFamilies(list);
  for (const std::string& k : known) {
    if (EndsWithSegments(k, code)) return k;
  }
  std::string best;
  size_t best_d = std::min<size_t>(2, (code.size() - 1) / 2);
  for (const std::string& k : known) {
    size_t d = BoundedEditDistance(code, k, best_d);
    if (d <= best_d && (best.empty() || d < best_d)) {
      best = k;
      best_d = d;
    }
  }
  return best;
}

std::string MisspeltExtension(const CategoryList& list, const std::string& code) {
  if (code.size() > kMaxSuggestLength) return "";
  const Category* ancestor = list.Resolve(code);
  if (ancestor == nullptr || ancestor->code == code) return "";
  std::vector<std::string> known = CodesAndFamilies(list);
  // Walk down from the longest listed ancestor, segment by segment, while a
  // family matches exactly ("pi.location" when only "pi.location.precise" is
  // listed); the first segment that matches nothing is compared with the
  // listed children at that level.
  std::string prefix = ancestor->code;
  while (prefix.size() < code.size()) {
    size_t start = prefix.size() + 1;
    size_t dot = code.find('.', start);
    std::string next = code.substr(0, dot);
    if (std::binary_search(known.begin(), known.end(), next)) {
      prefix = next;
      continue;
    }
    std::string segment = next.substr(start);
    size_t cap = segment.size() >= 6 ? 2 : 1;
    std::string best;
    size_t best_d = cap + 1;
    for (const std::string& k : known) {
      if (k.size() <= start || !CodeUnder(k, prefix) || k.find('.', start) != std::string::npos) {
        continue;  // not a direct child of `prefix`
      }
      size_t d = BoundedEditDistance(segment, k.substr(start), cap);
      if (d < best_d) {
        best = k;
        best_d = d;
      }
    }
    return best;
  }
  return "";
}

bool IsListedCodeOrFamily(const CategoryList& list, const std::string& code) {
  for (const Category& c : list.categories()) {
    if (CodeUnder(c.code, code)) return true;
  }
  return false;
}

}  // namespace dxcheck
