#include "checker/categories/code_suggest.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string_view>
#include <utility>
#include <vector>

#include "checker/categories/text_cache.h"

namespace dxcheck {
namespace {

constexpr size_t kMaxSuggestLength = 64;

// The Likely cache (code_suggest.h): at most this many bytes of keys and
// answers, emptied when full. Only the first 256 bytes of a name and of a
// description are read (Words), so a key is at most ~530 bytes.
constexpr size_t kLikelyCacheBudget = 1 << 20;
constexpr size_t kWordsPrefix = 256;

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

// Lower-case ASCII words of `text` (3+ letters; "PatientWeight_KG" ->
// patient, weight) and pairs of adjacent CJK characters (UTF-8, 3 bytes each).
std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  static const char* const kStopWords[] = {"the", "and", "for", "with", "from", "this",
                                            "that", "its", "are", "was", "not", "per", "each"};
  auto flush = [&] {
    bool stop = std::any_of(std::begin(kStopWords), std::end(kStopWords),
                            [&](const char* s) { return word == s; });
    if (word.size() >= 3 && !stop) out.push_back(word);
    word.clear();
  };
  std::string prev_cjk;
  bool prev_lower = false;
  size_t n = std::min<size_t>(text.size(), kWordsPrefix);
  for (size_t i = 0; i < n;) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0xE3 && c <= 0xE9 && i + 3 <= n) {  // U+3000..U+9FFF: CJK
      flush();
      std::string cjk = text.substr(i, 3);
      if (!prev_cjk.empty()) out.push_back(prev_cjk + cjk);
      prev_cjk = cjk;
      i += 3;
      continue;
    }
    prev_cjk.clear();
    if (std::isalpha(c)) {
      if (std::isupper(c) && prev_lower) flush();  // camelCase boundary
      prev_lower = std::islower(c) != 0;
      word += static_cast<char>(std::tolower(c));
    } else {
      prev_lower = false;
      flush();
    }
    ++i;
  }
  flush();
  return out;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

struct LikelyCodeIndex::Cache : TextCache<std::shared_ptr<const std::vector<std::string>>> {
  Cache() : TextCache(kLikelyCacheBudget) {}
};

LikelyCodeIndex::LikelyCodeIndex(const CategoryList& list)
    : list_(&list), cache_(std::make_unique<Cache>()) {
  for (const Category& c : list.categories()) {
    std::string h = Lower(c.title_en) + "\n" + c.title_zh;
    for (const CategoryPattern& p : c.patterns) h += "\n" + Lower(p.regex);
    haystacks_.push_back(std::move(h));
  }
}

LikelyCodeIndex::~LikelyCodeIndex() = default;
LikelyCodeIndex::LikelyCodeIndex(LikelyCodeIndex&&) noexcept = default;
LikelyCodeIndex& LikelyCodeIndex::operator=(LikelyCodeIndex&&) noexcept = default;

std::shared_ptr<const std::vector<std::string>> LikelyCodeIndex::Likely(
    const std::string& name, const std::string& description, size_t max) const {
  // The answer depends only on the texts' first kWordsPrefix bytes and `max`.
  std::string_view n(name.data(), std::min(name.size(), kWordsPrefix));
  std::string_view d(description.data(), std::min(description.size(), kWordsPrefix));
  const std::string& key = Cache::Key(max, n, d);
  std::shared_ptr<const std::vector<std::string>> out;
  if (cache_->Find(key, &out)) return out;
  out = std::make_shared<const std::vector<std::string>>(Search(name, description, max));
  size_t bytes = sizeof(std::string) * out->size();
  for (const std::string& c : *out) bytes += c.size();
  cache_->Insert(key, out, bytes);
  return out;
}

std::vector<std::string> LikelyCodeIndex::Search(const std::string& name,
                                                 const std::string& description, size_t max) const {
  std::vector<std::string> words = Words(name);
  for (const std::string& w : Words(description)) words.push_back(w);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  // A word found in few codes says more than one found in many ("weight"
  // against "patient"): each code a word is found in gets 1 / (codes it is in).
  std::vector<double> score(haystacks_.size(), 0.0);
  for (const std::string& w : words) {
    std::vector<size_t> in;
    for (size_t i = 0; i < haystacks_.size(); ++i) {
      if (haystacks_[i].find(w) != std::string::npos) in.push_back(i);
    }
    for (size_t i : in) score[i] += 1.0 / static_cast<double>(in.size());
  }
  std::vector<std::pair<double, size_t>> scored;  // (-score, index): best first, then list order
  for (size_t i = 0; i < score.size(); ++i) {
    if (score[i] > 0) scored.push_back({-score[i], i});
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (size_t k = 0; k < scored.size() && out.size() < max; ++k) {
    out.push_back(list_->categories()[scored[k].second].code);
  }
  return out;
}

std::vector<std::string> LikelyCodes(const CategoryList& list, const std::string& name,
                                     const std::string& description, size_t max) {
  return LikelyCodeIndex(list).Search(name, description, max);
}

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
