// The literal patterns (literal_patterns.h) must match exactly what RE2 does
// for them under the classifier's options: checked here against RE2 itself.
#include "checker/categories/literal_patterns.h"

#include <doctest/doctest.h>
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <set>

#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

RE2::Options ClassifierOptions() {  // classifier.cc's SetOptions
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingUTF8);
  o.set_case_sensitive(false);
  o.set_log_errors(false);
  return o;
}

std::string Utf8(uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    s.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    s.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    s.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
  return s;
}

bool LiteralMatches(const std::string& regex, const std::string& text) {
  std::vector<LiteralString> strings;
  REQUIRE(ExpandLiteralPattern(regex, &strings));
  LiteralMatcher m;
  m.Add(7, strings);
  std::string folded;
  FoldForLiteralMatch(text, &folded);
  std::vector<size_t> ids;
  m.Match(folded, &ids);
  REQUIRE(ids.size() <= 1);
  return !ids.empty();
}

using V = std::vector<std::string>;

// The strings, with their anchors written as in the pattern, sorted.
V Expand(const std::string& regex) {
  std::vector<LiteralString> strings;
  if (!ExpandLiteralPattern(regex, &strings)) return {"<not literal>"};
  V out;
  for (const LiteralString& l : strings) {
    bool start = l.anchor == LiteralAnchor::kStart || l.anchor == LiteralAnchor::kBoth;
    bool end = l.anchor == LiteralAnchor::kEnd || l.anchor == LiteralAnchor::kBoth;
    out.push_back((start ? "^" : "") + l.text + (end ? "$" : ""));
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("literal patterns expand to their strings, folded; anything else is left to RE2") {
  CHECK(Expand("身份证") == V{"身份证"});
  CHECK(Expand("Phone|MOBILE") == V{"mobile", "phone"});
  CHECK(Expand("e_?mail") == V{"e_mail", "email"});
  CHECK(Expand("证件(号|号码)") == V{"证件号", "证件号码"});
  CHECK(Expand("受试者(编号|代码|ID)") == V{"受试者id", "受试者代码", "受试者编号"});
  CHECK(Expand("face_?(image|template)?x") ==
        V{"face_imagex", "face_templatex", "face_x", "faceimagex", "facetemplatex", "facex"});
  CHECK(Expand("date of birth|birth ?date") == V{"birth date", "birthdate", "date of birth"});
  CHECK(Expand("^mrn$") == V{"^mrn$"});
  CHECK(Expand("^(sex|gender)$") == V{"^gender$", "^sex$"});
  CHECK(Expand("^ae(term|sev)") == V{"^aesev", "^aeterm"});
  CHECK(Expand("id$|latitude|^lat$|^lng$") == V{"^lat$", "^lng$", "id$", "latitude"});
  for (const char* other :
       {"",     "^",    "$",    "^$",           "a$b",       "a^b",         "^^a",
        "a$$",  "(a$)", "(^a)", "(^|_)address", "\\bsex\\b", "randomi[sz]", "a.b",
        "a*",   "a+",   "a{2}", "(?i)a",        "(?-i)a",    "(?:a)",       "a??",
        "?a",   "()",   "(a|)", "a|",           "|a",        "(a",          "a)",
        "a\\d", "café", "Ａ",   "\u212a",       "a\tb",      "a?",          "(a?)"}) {
    CAPTURE(other);
    CHECK(Expand(other) == V{"<not literal>"});
  }
  std::vector<LiteralString> strings;
  CHECK_FALSE(ExpandLiteralPattern("(a|b)(c|d)(e|f)(g|h)(i|j)(k|l)(m|n)", &strings));  // 128 > 64
  CHECK(ExpandLiteralPattern("(a|b)(c|d)(e|f)(g|h)(i|j)(k|l)", &strings));             // 64
}

// The folds literal_patterns.h relies on, for every code point: a text of
// one code point matches (?i)x, for x an ASCII character that is no
// metacharacter, exactly when FoldForLiteralMatch turns it into x; and the
// CJK ideographs U+4E00-U+9FFF fold to nothing but themselves.
TEST_CASE(
    "RE2's case folding of literal characters is FoldForLiteralMatch's, over every code point") {
  RE2::Set set(ClassifierOptions(), RE2::ANCHOR_BOTH);
  std::vector<char> chars;
  for (int c = 0x20; c <= 0x7e; ++c) {
    if (std::string("\\^$.|?*+()[]{}").find(static_cast<char>(c)) != std::string::npos) continue;
    if (c >= 'A' && c <= 'Z') continue;  // the same pattern as its lower case
    chars.push_back(static_cast<char>(c));
    REQUIRE(set.Add(std::string(1, static_cast<char>(c)), nullptr) >= 0);
  }
  REQUIRE(set.Add("[\u4e00-\u9fff]", nullptr) == static_cast<int>(chars.size()));
  REQUIRE(set.Compile());
  size_t checked = 0;
  std::vector<int> matched;
  std::string folded;
  for (uint32_t cp = 0; cp <= 0x10ffff; ++cp) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    std::string text = Utf8(cp);
    set.Match(text, &matched);
    std::sort(matched.begin(), matched.end());
    FoldForLiteralMatch(text, &folded);
    std::vector<int> expected;
    for (size_t i = 0; i < chars.size(); ++i) {
      if (folded == std::string(1, chars[i])) expected.push_back(static_cast<int>(i));
    }
    if (cp >= 0x4e00 && cp <= 0x9fff) {
      expected.push_back(static_cast<int>(chars.size()));
      CHECK(folded == text);
    }
    if (matched != expected) {
      CAPTURE(cp);
      CHECK(matched == expected);
    }
    ++checked;
  }
  CHECK(checked == 0x110000 - 0x800);
}

// Every shipped pattern the literal path takes, on texts built from its own
// strings: case changes, U+212A and U+017F for k and s, neighbouring bytes,
// cut UTF-8 sequences, and random mixes; the answer must be RE2's.
TEST_CASE("the literal path answers as RE2 does for every literal shipped pattern") {
  std::mt19937 rng(15);
  size_t literal = 0, texts = 0;
  for (const Category& cat : test::ShippedRules().categories().categories()) {
    for (const CategoryPattern& p : cat.patterns) {
      std::vector<LiteralString> literals;
      if (!ExpandLiteralPattern(p.regex, &literals)) continue;
      std::vector<std::string> strings;
      for (const LiteralString& l : literals) strings.push_back(l.text);
      ++literal;
      RE2 re(p.regex, ClassifierOptions());
      REQUIRE(re.ok());
      std::vector<std::string> cases;
      for (const std::string& s : strings) {
        cases.push_back(s);
        std::string upper = s, kelvin, cut = s.substr(0, s.size() - 1);
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        for (char c : s) kelvin += c == 'k' ? "\u212a" : c == 's' ? "\u017f" : std::string(1, c);
        cases.insert(cases.end(),
                     {upper, kelvin, "x" + upper + "_1", "x" + s, s + "x", s + s, "\xe4" + s,
                      s + "\xe4\xb8", cut, "\xe2\x84" + s, "_" + cut + "\u212a"});
        for (int k = 0; k < 8; ++k) {  // a random run of the string's own bytes and a few others
          std::string mix, alphabet = s + "Ks\xe2\x84\xaa\xc5\xbf_ ";
          size_t len = 1 + rng() % (2 * s.size() + 2);
          for (size_t i = 0; i < len; ++i) mix.push_back(alphabet[rng() % alphabet.size()]);
          cases.push_back(mix);
          cases.push_back(mix + upper);
        }
      }
      for (const std::string& text : cases) {
        CAPTURE(p.regex);
        CAPTURE(text);
        CHECK(LiteralMatches(p.regex, text) == RE2::PartialMatch(text, re));
        ++texts;
      }
    }
  }
  CHECK(literal >= 200);  // 227 of the shipped 249 at 2026-12-01
  MESSAGE(literal << " literal shipped patterns, " << texts << " texts");
}

TEST_CASE("a matcher of many patterns reports each matching pattern once") {
  LiteralMatcher m;
  m.Add(0, {{"a"}});
  m.Add(1, {{"phone"}, {"mobile"}});
  m.Add(2, {{"身份证"}});
  m.Add(3, {{"ab"}});
  m.Add(4, {{"mobile", LiteralAnchor::kStart}});
  m.Add(5, {{"a", LiteralAnchor::kEnd}});
  m.Add(6, {{"phone", LiteralAnchor::kEnd}, {"mobile phone", LiteralAnchor::kBoth}});
  std::string folded;
  FoldForLiteralMatch("MOBILE phone, 身份证 aB a", &folded);
  std::vector<size_t> ids{99};
  m.Match(folded, &ids);
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<size_t>{0, 1, 2, 3, 4, 5, 99});
  ids.clear();
  m.Match("mobile phone", &ids);
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<size_t>{1, 4, 6});
  ids.clear();
  m.Match("", &ids);
  CHECK(ids.empty());
}

}  // namespace
}  // namespace dxcheck
