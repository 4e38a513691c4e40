// The fast path's string scan and decode on their own: what they accept, what
// they give up on (the exact path words those), and how *p and the
// continuation count move. json_fast_parse_test.cc compares whole trees.
#include "checker/base/json_string_scan.h"

#include <string>

#include <doctest/doctest.h>

namespace dxcheck {
namespace {

struct Scan {
  bool ok = false;
  std::string decoded;
  size_t consumed = 0;       // bytes *p moved
  size_t continuations = 0;  // as counted by the scan
  bool escaped = false;
};

Scan Run(const std::string& text) {
  Scan s;
  const char* p = text.data();
  RawJsonString raw;
  s.ok = ScanJsonString(&p, text.data() + text.size(), &raw, &s.continuations);
  s.consumed = static_cast<size_t>(p - text.data());
  if (s.ok) {
    s.escaped = raw.escaped;
    DecodeJsonString(raw, &s.decoded);
  }
  return s;
}

TEST_CASE("a plain string is taken as it stands, up to its closing quote") {
  Scan s = Run(R"("patient_name", "next")");
  CHECK(s.ok);
  CHECK(s.decoded == "patient_name");
  CHECK(s.consumed == 14);
  CHECK_FALSE(s.escaped);
  CHECK(s.continuations == 0);
  CHECK(Run(R"("")").decoded.empty());
}

TEST_CASE("escapes are decoded, \\u escapes to UTF-8") {
  Scan s = Run(R"("a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\u4e2d")");
  REQUIRE(s.ok);
  CHECK(s.escaped);
  CHECK(s.decoded == "a\"b\\c/d\b\f\n\r\tA\xC3\xA9\xE4\xB8\xAD");
}

TEST_CASE("UTF-8 sequences count their continuation bytes, for columns") {
  Scan s = Run("\"\xE5\xA7\x93\xE5\x90\x8D \xC3\xA9 \xF0\x9F\x98\x80\"");
  REQUIRE(s.ok);
  CHECK(s.continuations == 2 + 2 + 1 + 3);
  CHECK(s.decoded == "\xE5\xA7\x93\xE5\x90\x8D \xC3\xA9 \xF0\x9F\x98\x80");
}

TEST_CASE("anything the exact path reports, or treats its own way, is given up on") {
  for (const char* bad : {
           "\"unterminated",   // no closing quote
           "x\"",              // not at a quote
           "",                 // nothing at all
           "\"a\tb\"",         // a raw control character
           "\"\\x\"",          // an unknown escape
           "\"\\u12\"",        // a short \u escape
           "\"\\ud83d\\ude00\"",  // a surrogate pair (RapidJSON's to join)
           "\"\\udc00\"",      // a lone low surrogate
           "\"\xC0\xAF\"",     // an overlong sequence
           "\"\xED\xA0\x80\"",  // a surrogate's bytes
           "\"\xE5\xA7\"",     // a truncated sequence
           "\"\xF4\x90\x80\x80\"",  // past U+10FFFF
       }) {
    CAPTURE(bad);
    Scan s = Run(bad);
    CHECK_FALSE(s.ok);
    CHECK(s.consumed == 0);  // *p is left where it was
  }
}

// The plain-byte skip tests 16 bytes at a time where it can: every stop
// byte, at every offset of a long string, must still end the run there.
TEST_CASE("a stop byte ends the plain run wherever it stands") {
  for (int stop : {0x22, 0x5c, 0x00, 0x1f, 0x80, 0xff}) {  // '"', '\\', controls, non-ASCII
    for (size_t at = 0; at < 40; ++at) {
      std::string text(48, 'a');
      text[at] = static_cast<char>(stop);
      CAPTURE(stop);
      CAPTURE(at);
      CHECK(SkipPlainJsonBytes(text.data(), text.data() + text.size()) == text.data() + at);
      // Ending the range before the stop: the run reaches the end.
      CHECK(SkipPlainJsonBytes(text.data(), text.data() + at) == text.data() + at);
    }
  }
  std::string plain(37, ' ');
  plain += "~\x7f!";  // ' ' (0x20) and DEL (0x7f): the lowest and highest non-stops
  CHECK(SkipPlainJsonBytes(plain.data(), plain.data() + plain.size()) == plain.data() + plain.size());
  Scan s = Run("\"" + std::string(40, 'x') + "\\n" + std::string(20, 'y') + "\"");
  REQUIRE(s.ok);
  CHECK(s.decoded == std::string(40, 'x') + "\n" + std::string(20, 'y'));
}

TEST_CASE("the helpers of the rare paths") {
  CHECK(JsonHex4("00e9") == 0xE9);
  CHECK(JsonHex4("FFfF") == 0xFFFF);
  CHECK(JsonHex4("12g4") == -1);
  std::string s = "\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80\x80";
  const char* end = s.data() + s.size();
  CHECK(Utf8SequenceLength(s.data(), end) == 2);
  CHECK(Utf8SequenceLength(s.data() + 2, end) == 3);
  CHECK(Utf8SequenceLength(s.data() + 5, end) == 4);
  CHECK(Utf8SequenceLength(s.data() + 9, end) == 0);  // a lone continuation byte
  CHECK(Utf8SequenceLength(s.data() + 5, s.data() + 7) == 0);  // cut short by `end`
}

}  // namespace
}  // namespace dxcheck
