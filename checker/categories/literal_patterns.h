// Literal patterns: the classification patterns whose language is a short,
// finite list of strings ("身份证", "e_?mail", "手机|电话", "证件(号|号码)"),
// matched by a substring search instead of an RE2::Set.
//
// Most of the shipped patterns are of that kind (227 of the 249 at 2026-12-01).
// Parsing, compiling and running them through RE2 was the largest part of a
// fresh `dxcheck check` (bench/README.md); a substring search gives the same
// answer at a fraction of the start-up cost. Only an exact subset of RE2's
// syntax is taken here; every other pattern stays in the classifier's RE2
// sets, so which fields match which patterns does not change:
//
//   pattern      := branch ('|' branch)*
//   branch       := '^'? concatenation '$'?
//   alternation  := concatenation ('|' concatenation)*
//   concatenation := (atom '?'?)+
//   atom         := literal | '(' alternation ')'
//   literal      := a printable ASCII character that is not a metacharacter
//                   (\ ^ $ . | ? * + ( ) [ ] { }), or a CJK ideograph U+4E00-U+9FFF
//
// "^" and "$" are the beginning and the end of the text (RE2 without (?m)),
// so a branch's strings must occur at the start, at the end, or be the text.
//
// Matching is what RE2 does for such a pattern under the classifier's options
// (UTF-8, case-insensitive, unanchored): a match anywhere in the text's bytes,
// each ASCII letter folded with its case partners, which Unicode's simple case
// folding makes {k, K, U+212A KELVIN SIGN} and {s, S, U+017F LONG S} and the
// two ASCII cases for every other letter; digits, punctuation and the CJK
// ideographs fold to nothing else. tests/unit/categories/literal_patterns_test.cc
// checks those folds against RE2 over every code point, and the matcher against
// RE2 on the shipped patterns.
#ifndef DXCHECK_CATEGORIES_LITERAL_PATTERNS_H_
#define DXCHECK_CATEGORIES_LITERAL_PATTERNS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dxcheck {

// Where a string must occur in the text: anywhere, at its start ("^"), at its
// end ("$"), or as the whole text ("^...$").
enum class LiteralAnchor { kNone, kStart, kEnd, kBoth };

struct LiteralString {
  std::string text;  // folded, never empty
  LiteralAnchor anchor = LiteralAnchor::kNone;
};

// The strings `regex` matches, folded (ASCII letters in lower case), when it
// is in the syntax above and has at most `max_strings` of them; false (and
// `strings` unspecified) otherwise, for the caller to give it to RE2.
bool ExpandLiteralPattern(std::string_view regex, std::vector<LiteralString>* strings,
                          size_t max_strings = 64);

// `text` folded as ExpandLiteralPattern folds a pattern: ASCII upper case to
// lower, U+212A to "k", U+017F to "s"; every other byte kept.
void FoldForLiteralMatch(std::string_view text, std::string* folded);

// Many patterns' strings, searched for in one text at once.
class LiteralMatcher {
 public:
  // Pattern `id` matches a text that contains any of `strings` where their
  // anchors say (as ExpandLiteralPattern gives them: folded, none empty).
  void Add(size_t id, const std::vector<LiteralString>& strings);
  bool empty() const {
    return strings_.empty() && whole_.strings.empty() && prefixes_.strings.empty() &&
           suffixes_.strings.empty();
  }

  // Appends to `ids` the id of every pattern that occurs in `folded` (a text
  // FoldForLiteralMatch folded), once each, in no particular order.
  void Match(std::string_view folded, std::vector<size_t>* ids) const;

 private:
  struct Entry {
    std::string text;
    size_t id;
  };
  std::vector<Entry> strings_;  // unanchored
  // The anchored strings, sorted, with the lengths that occur among them:
  // a text's start (end) of each length is looked up, and the text itself.
  struct Anchored {
    std::vector<std::pair<std::string, size_t>> strings;
    std::vector<size_t> lengths;
    void Add(const std::string& s, size_t id);
  };
  Anchored whole_, prefixes_, suffixes_;
  // The strings by their first two bytes (a one-byte string under its byte
  // and 0x100 + its byte), sorted: the candidates at each text position.
  std::vector<std::pair<uint32_t, uint32_t>> by_prefix_;
  // Which first bytes start some string, which bytes are a whole string, and
  // (a bitmap of 65,536, once there is a longer string) which first two
  // bytes start one: most text positions stop at one of these.
  bool first_byte_[256] = {};
  bool single_byte_[256] = {};
  std::vector<uint64_t> pairs_;
};

}  // namespace dxcheck

#endif  // DXCHECK_CATEGORIES_LITERAL_PATTERNS_H_
