#include "checker/categories/literal_patterns.h"

#include <algorithm>
#include <cstring>

namespace dxcheck {
namespace {

constexpr uint32_t kSingleByteKey = 0x10000;

bool IsMeta(char c) { return std::strchr("\\^$.|?*+()[]{}", c) != nullptr; }

// Recursive descent over the grammar of literal_patterns.h. Every function
// returns false for anything outside it, or past `max` strings.
class Expander {
 public:
  Expander(std::string_view regex, size_t max) : s_(regex), max_(max) {}

  // The top level: branches, each with its own "^" and "$".
  bool Run(std::vector<LiteralString>* out) {
    out->clear();
    std::vector<std::string> branch;
    while (true) {
      bool start = pos_ < s_.size() && s_[pos_] == '^';
      if (start) ++pos_;
      if (!Concatenation(&branch)) return false;
      bool end = pos_ < s_.size() && s_[pos_] == '$';
      if (end) ++pos_;
      LiteralAnchor anchor = start ? (end ? LiteralAnchor::kBoth : LiteralAnchor::kStart)
                                   : (end ? LiteralAnchor::kEnd : LiteralAnchor::kNone);
      for (std::string& x : branch) {
        if (x.empty()) return false;  // matches everywhere (or only ""): leave it to RE2
        out->push_back({std::move(x), anchor});
      }
      if (out->size() > max_) return false;
      if (pos_ == s_.size()) return true;
      if (s_[pos_] != '|') return false;  // "$" not at a branch's end, or a stray ")"
      ++pos_;
    }
  }

 private:
  bool Alternation(std::vector<std::string>* out) {
    out->clear();
    if (!Concatenation(out)) return false;
    while (pos_ < s_.size() && s_[pos_] == '|') {
      ++pos_;
      std::vector<std::string> more;
      if (!Concatenation(&more)) return false;
      out->insert(out->end(), more.begin(), more.end());
      if (out->size() > max_) return false;
    }
    return true;
  }

  bool Concatenation(std::vector<std::string>* out) {
    out->assign(1, std::string());
    size_t pieces = 0;
    std::vector<std::string> group;
    while (pos_ < s_.size() && s_[pos_] != '|' && s_[pos_] != ')' &&
           !(s_[pos_] == '$' && depth_ == 0)) {
      char literal[3];
      size_t length = 0;
      if (s_[pos_] == '(') {
        ++pos_;
        ++depth_;
        // "(?" (flags, non-capturing groups) fails below: '?' is no atom.
        if (!Alternation(&group) || pos_ >= s_.size() || s_[pos_] != ')') return false;
        ++pos_;
        --depth_;
      } else {
        length = Literal(literal);
        if (length == 0) return false;
      }
      bool optional = pos_ < s_.size() && s_[pos_] == '?';
      if (optional) ++pos_;
      ++pieces;
      if (length > 0 && !optional) {  // the common case: one more character for every string
        for (std::string& head : *out) head.append(literal, length);
        continue;
      }
      if (length > 0) group.assign(1, std::string(literal, length));
      if (optional) group.emplace_back();
      if (out->size() * group.size() > max_) return false;
      std::vector<std::string> product;
      product.reserve(out->size() * group.size());
      for (const std::string& head : *out) {
        for (const std::string& tail : group) product.push_back(head + tail);
      }
      out->swap(product);
    }
    return pieces > 0;  // an empty alternative or "()" goes to RE2
  }

  // The literal at pos_, folded, into `out`: its length (1 or 3), 0 if none.
  size_t Literal(char* out) {
    unsigned char c = static_cast<unsigned char>(s_[pos_]);
    if (c < 0x80) {
      if (c < 0x20 || c > 0x7e || IsMeta(static_cast<char>(c))) return 0;
      if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
      out[0] = static_cast<char>(c);
      ++pos_;
      return 1;
    }
    // A CJK ideograph: E4-E9 and two continuation bytes, U+4E00-U+9FFF.
    if (c < 0xe4 || c > 0xe9 || pos_ + 2 >= s_.size()) return 0;
    unsigned char c1 = static_cast<unsigned char>(s_[pos_ + 1]);
    unsigned char c2 = static_cast<unsigned char>(s_[pos_ + 2]);
    if ((c1 & 0xc0) != 0x80 || (c2 & 0xc0) != 0x80) return 0;
    uint32_t cp = ((c & 0x0fu) << 12) | ((c1 & 0x3fu) << 6) | (c2 & 0x3fu);
    if (cp < 0x4e00 || cp > 0x9fff) return 0;
    out[0] = static_cast<char>(c);
    out[1] = static_cast<char>(c1);
    out[2] = static_cast<char>(c2);
    pos_ += 3;
    return 3;
  }

  std::string_view s_;
  size_t max_;
  size_t pos_ = 0;
  int depth_ = 0;  // of groups: "$" ends a top-level branch only
};

}  // namespace

bool ExpandLiteralPattern(std::string_view regex, std::vector<LiteralString>* strings,
                          size_t max_strings) {
  if (regex.empty()) return false;
  return Expander(regex, max_strings).Run(strings);
}

void FoldForLiteralMatch(std::string_view text, std::string* folded) {
  folded->clear();
  folded->reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 'A' && c <= 'Z') {
      folded->push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (c == 0xe2 && i + 2 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0x84 &&
               static_cast<unsigned char>(text[i + 2]) == 0xaa) {
      folded->push_back('k');  // U+212A KELVIN SIGN
      i += 2;
    } else if (c == 0xc5 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) == 0xbf) {
      folded->push_back('s');  // U+017F LATIN SMALL LETTER LONG S
      i += 1;
    } else {
      folded->push_back(static_cast<char>(c));
    }
  }
}

namespace {

// Orders (text, id) pairs by text, and against a bare text.
struct LessByText {
  using Item = std::pair<std::string, size_t>;
  bool operator()(const Item& a, const Item& b) const { return a.first < b.first; }
  bool operator()(const Item& a, std::string_view b) const { return std::string_view(a.first) < b; }
  bool operator()(std::string_view a, const Item& b) const { return a < std::string_view(b.first); }
};

}  // namespace

void LiteralMatcher::Anchored::Add(const std::string& s, size_t id) {
  LessByText::Item item{s, id};
  strings.insert(std::upper_bound(strings.begin(), strings.end(), item, LessByText()), item);
  auto at = std::lower_bound(lengths.begin(), lengths.end(), s.size());
  if (at == lengths.end() || *at != s.size()) lengths.insert(at, s.size());
}

void LiteralMatcher::Add(size_t id, const std::vector<LiteralString>& strings) {
  for (const LiteralString& l : strings) {
    const std::string& s = l.text;
    if (s.empty()) continue;
    if (l.anchor != LiteralAnchor::kNone) {
      (l.anchor == LiteralAnchor::kBoth    ? whole_
       : l.anchor == LiteralAnchor::kStart ? prefixes_
                                           : suffixes_)
          .Add(s, id);
      continue;
    }
    auto index = static_cast<uint32_t>(strings_.size());
    strings_.push_back({s, id});
    unsigned char b0 = static_cast<unsigned char>(s[0]);
    first_byte_[b0] = true;
    uint32_t key = s.size() == 1 ? kSingleByteKey + b0
                                 : (uint32_t{b0} << 8) | static_cast<unsigned char>(s[1]);
    if (s.size() == 1) {
      single_byte_[b0] = true;
    } else {
      if (pairs_.empty()) pairs_.assign(1 << 10, 0);
      pairs_[key >> 6] |= uint64_t{1} << (key & 63);
    }
    by_prefix_.insert(
        std::upper_bound(by_prefix_.begin(), by_prefix_.end(), std::make_pair(key, index)),
        {key, index});
  }
}

void LiteralMatcher::Match(std::string_view folded, std::vector<size_t>* ids) const {
  size_t first_new = ids->size();
  auto found = [&](size_t id) {
    if (std::find(ids->begin() + static_cast<std::ptrdiff_t>(first_new), ids->end(), id) ==
        ids->end()) {
      ids->push_back(id);
    }
  };
  auto candidates = [&](uint32_t key) {
    return std::equal_range(
        by_prefix_.begin(), by_prefix_.end(), std::make_pair(key, 0u),
        [](const std::pair<uint32_t, uint32_t>& a, const std::pair<uint32_t, uint32_t>& b) {
          return a.first < b.first;
        });
  };
  auto look_up = [&](const Anchored& a, std::string_view key) {
    auto range = std::equal_range(a.strings.begin(), a.strings.end(), key, LessByText());
    for (auto it = range.first; it != range.second; ++it) found(it->second);
  };
  if (!whole_.strings.empty()) look_up(whole_, folded);
  for (size_t length : prefixes_.lengths) {
    if (length > folded.size()) break;
    look_up(prefixes_, folded.substr(0, length));
  }
  for (size_t length : suffixes_.lengths) {
    if (length > folded.size()) break;
    look_up(suffixes_, folded.substr(folded.size() - length));
  }
  for (size_t i = 0; i < folded.size(); ++i) {
    unsigned char b0 = static_cast<unsigned char>(folded[i]);
    if (!first_byte_[b0]) continue;
    uint32_t key =
        i + 1 < folded.size() ? (uint32_t{b0} << 8) | static_cast<unsigned char>(folded[i + 1]) : 0;
    if (i + 1 < folded.size() && !pairs_.empty() && (pairs_[key >> 6] >> (key & 63) & 1) != 0) {
      auto range = candidates(key);
      for (auto it = range.first; it != range.second; ++it) {
        const Entry& e = strings_[it->second];
        if (folded.size() - i >= e.text.size() &&
            std::memcmp(folded.data() + i + 2, e.text.data() + 2, e.text.size() - 2) == 0) {
          found(e.id);
        }
      }
    }
    if (single_byte_[b0]) {
      auto range = candidates(kSingleByteKey + b0);
      for (auto it = range.first; it != range.second; ++it) found(strings_[it->second].id);
    }
  }
}

}  // namespace dxcheck
