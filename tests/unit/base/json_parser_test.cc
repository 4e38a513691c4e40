#include "checker/base/json_parser.h"

#include <cstring>
#include <memory>

#include <doctest/doctest.h>

namespace dxcheck {
namespace {

struct Parsed {
  std::optional<JsonValue> doc;
  DiagnosticList diags;
};

Parsed Parse(const std::string& text, bool comments = false, int depth = 256) {
  Parsed p;
  p.doc = ParseJson(text, "f.json", {comments, depth}, &p.diags);
  return p;
}

TEST_CASE("values carry line, column (code points) and pointer") {
  Parsed p = Parse("{\n  \"名字\": \"值\", \"a\": [1, {\"b\": true}]\n}");
  REQUIRE(p.doc);
  CHECK(p.diags.all().empty());
  const JsonValue* a = p.doc->Find("a");
  REQUIRE(a);
  CHECK(a->line == 2);
  CHECK(a->column == 19);  // counts 名字 and 值 as one column each
  CHECK(a->Pointer() == "/a");
  const JsonValue& b = a->items[1].items[0];
  CHECK(b.Pointer() == "/a/1/b");
  CHECK(b.key == "b");
  CHECK(b.is_bool());
  CHECK(p.doc->Find("名字")->column == 9);
}

TEST_CASE("pointer tokens are escaped") {
  Parsed p = Parse(R"({"a/b": {"c~d": 1}})");
  REQUIRE(p.doc);
  CHECK(p.doc->items[0].items[0].Pointer() == "/a~1b/c~0d");
}

TEST_CASE("error texts are pinned") {
  struct Case {
    const char* text;
    const char* rendered;
  };
  const Case cases[] = {
      {"{\"a\": 1, \"a\": 2}",
       "f.json:1:10: error[E1003]: /a: duplicate key \"a\" (first at line 1:2)"},
      {"{\"a\": 1} x", "f.json:1:10: error[E1004]: unexpected data after the end of the JSON document"},
      {"", "f.json:1:1: error[E1005]: empty document: expected a JSON object"},
      {"{\"a\": \"\xff\"}", "f.json:1:8: error[E1002]: /a: invalid UTF-8 in string"},
      {"{\"a\": [1,]}",
       "f.json:1:10: error[E1001]: /a/1: invalid JSON: Invalid value."},
      {"{\"a\": 1 // c\n}",
       "f.json:1:9: error[E1001]: invalid JSON: Missing a comma or '}' after an object member."},
      {"[[[[1]]]]", "f.json:1:4: error[E1007]: arrays and objects nested deeper than 3"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Parsed p = Parse(c.text, false, 3);
    REQUIRE(p.diags.all().size() == 1);
    CHECK(p.diags.RenderAll() == std::string(c.rendered) + "\n");
  }
}

TEST_CASE("a duplicate key keeps the first value and parsing goes on") {
  Parsed p = Parse(R"({"a": 1, "a": {"x": 2}, "b": 3})");
  REQUIRE(p.doc);
  CHECK(p.diags.error_count() == 1);
  CHECK(p.doc->items.size() == 2);
  CHECK(p.doc->Find("a")->text == "1");
}

TEST_CASE("duplicate keys are found in small and in large objects, with the first's position") {
  // Objects of 16 members or more are searched through an index built on
  // the way; smaller ones linearly. Both report the first occurrence.
  std::string text = "{\n";
  for (int i = 0; i < 40; ++i) {
    text += "  \"k" + std::to_string(i) + "\": " + std::to_string(i) + ",\n";
  }
  text += "  \"k3\": 0,\n  \"k35\": 0,\n  \"small\": {\"x\": 1, \"y\": 2, \"x\": 3}\n}";
  Parsed p = Parse(text);
  REQUIRE(p.doc);
  CHECK(p.diags.RenderAll() ==
        "f.json:42:3: error[E1003]: /k3: duplicate key \"k3\" (first at line 5:3)\n"
        "f.json:43:3: error[E1003]: /k35: duplicate key \"k35\" (first at line 37:3)\n"
        "f.json:44:29: error[E1003]: /small/x: duplicate key \"x\" (first at line 44:13)\n");
  CHECK(p.doc->items.size() == 41);
  CHECK(p.doc->Find("k3")->text == "3");
  CHECK(p.doc->Find("k35")->text == "35");
  CHECK(p.doc->Find("small")->items.size() == 2);
  CHECK(p.doc->Find("small")->Find("x")->text == "1");
}

TEST_CASE("an error's pointer counts the finished items of every open array") {
  Parsed p = Parse("{\"a\": [0, {\"x\": [1, 2]}, {\"x\": [1, 2, \"\xff\"]}]}");
  CHECK_FALSE(p.doc);
  CHECK(p.diags.RenderAll() == "f.json:1:40: error[E1002]: /a/2/x/2: invalid UTF-8 in string\n");
}

TEST_CASE("members keep their order and parents after the tree is built") {
  Parsed p = Parse(R"({"r": [{"f": [{"n": "a"}, {"n": "b"}, {"n": "c"}]}, {"f": []}], "z": 1})");
  REQUIRE(p.doc);
  const JsonValue& f = p.doc->Find("r")->items[0].items[0];
  REQUIRE(f.items.size() == 3);
  CHECK(f.items[2].items[0].text == "c");
  CHECK(f.items[2].items[0].Pointer() == "/r/0/f/2/n");
  CHECK(f.items[1].parent == &f);
  CHECK(p.doc->Find("r")->items[1].items[0].items.empty());
  CHECK(p.doc->items[1].Pointer() == "/z");
}

TEST_CASE("comments only when allowed; BOM tolerated") {
  CHECK(Parse("{/* c */ \"a\": 1 // x\n}", true).doc);
  CHECK_FALSE(Parse("{/* c */ \"a\": 1}", false).doc);
  Parsed p = Parse("\xEF\xBB\xBF{\"a\": 1}");
  REQUIRE(p.doc);
  CHECK(p.doc->Find("a")->column == 7);  // the BOM is not a column
}

TEST_CASE("numbers keep their literal text") {
  Parsed p = Parse(R"({"a": 1.0, "b": 1e3, "c": -0, "d": 18446744073709551616})");
  REQUIRE(p.doc);
  CHECK(p.doc->Find("a")->text == "1.0");
  uint64_t n = 0;
  CHECK(ParseCount(*p.doc->Find("a"), &n) == IntegerCheck::kNotInteger);
  CHECK(ParseCount(*p.doc->Find("b"), &n) == IntegerCheck::kNotInteger);
  CHECK(ParseCount(*p.doc->Find("c"), &n) == IntegerCheck::kOk);
  CHECK(ParseCount(*p.doc->Find("d"), &n) == IntegerCheck::kTooLarge);
}

TEST_CASE("NUL bytes and deep nesting fail cleanly") {
  std::string with_nul("{\"a\": 1}\0", 9);
  CHECK_FALSE(Parse(with_nul).doc);
  std::string deep(100000, '[');
  Parsed p = Parse(deep);
  CHECK_FALSE(p.doc);
  CHECK(p.diags.all()[0].code == "E1007");
}

TEST_CASE("ResolvePointer") {
  Parsed p = Parse(R"({"a": [{"b~": 1}]})");
  REQUIRE(p.doc);
  CHECK(ResolvePointer(*p.doc, "/a/0/b~0") != nullptr);
  CHECK(ResolvePointer(*p.doc, "/a/1") == nullptr);
  CHECK(ResolvePointer(*p.doc, "") == &*p.doc);
}

}  // namespace
}  // namespace dxcheck

namespace dxcheck {
namespace {

TEST_CASE("positions on one long line and across lines agree with LineIndex") {
  std::string text = "{\"a\": [";
  for (int i = 0; i < 500; ++i) text += std::string(i ? "," : "") + "{\"名\": " + std::to_string(i) + "}";
  text += "],\n \"b\": \"x\", \"b\": 1}";
  Parsed p = Parse(text);
  REQUIRE(p.doc);
  LineIndex index(text);
  const JsonValue& last = p.doc->Find("a")->items[499].items[0];
  int line, col;
  index.Locate(last.offset, &line, &col);
  CHECK(last.line == 1);
  CHECK(last.column == col);
  CHECK(text.substr(last.offset, 3) == "499");
  // The duplicate's message locates the first key backwards from the cursor.
  CHECK(p.diags.RenderAll() == "f.json:2:12: error[E1003]: /b: duplicate key \"b\" (first at line 2:2)\n");
}

}  // namespace
}  // namespace dxcheck

namespace dxcheck {
namespace {

TEST_CASE("pointers are computed from the parents, and survive copies and moves") {
  Parsed p = Parse(R"({"a": [1, {"b/c": [true, {"d": null}]}]})");
  REQUIRE(p.doc);
  JsonValue moved = std::move(*p.doc);
  JsonValue copied = moved;
  for (const JsonValue* root : {&moved, &copied}) {
    const JsonValue& d = root->Find("a")->items[1].items[0].items[1].items[0];
    CHECK(d.key == "d");
    CHECK(d.Pointer() == "/a/1/b~1c/1/d");
    CHECK(ResolvePointer(*root, d.Pointer()) == &d);
  }
  CHECK(moved.Pointer() == "");
  // A member copied out of its tree is a root of its own.
  JsonValue lone = moved.Find("a")->items[1];
  CHECK(lone.Pointer() == "");
  CHECK(lone.items[0].Pointer() == "/b~1c");
}

TEST_CASE("a deep and wide document costs its size, not depth x nodes") {
  // 250 levels of 2,000-byte keys over 4,000 leaves: one pointer per node
  // would be 250 x 2 kB x 4,000 = 2 GB; on demand, each is built when asked.
  std::string key(2000, 'k');
  std::string text;
  for (int i = 0; i < 250; ++i) text += "{\"" + key + "\":";
  text += "[";
  for (int i = 0; i < 4000; ++i) text += i ? ",1" : "1";
  text += "]" + std::string(250, '}');
  Parsed p = Parse(text);
  REQUIRE(p.doc);
  const JsonValue* v = &*p.doc;
  while (v->is_object()) v = &v->items[0];
  REQUIRE(v->items.size() == 4000);
  CHECK(v->items[3999].Pointer().size() == 250 * 2001 + 5);
}

TEST_CASE("lone surrogates of either kind are rejected; a pair is a character") {
  for (const char* text : {R"(["\udc00"])", R"(["x\udfffy"])", R"({"\udc00": 1})", R"(["\ud800"])",
                           R"(["\ud800x"])", R"(["\udc00\ud800"])"}) {
    CAPTURE(text);
    Parsed p = Parse(text);
    CHECK_FALSE(p.doc);
    REQUIRE(p.diags.all().size() == 1);
    CHECK(p.diags.all()[0].code == "E1001");
    CHECK(p.diags.all()[0].message == "invalid JSON: The surrogate pair in string is invalid.");
  }
  Parsed ok = Parse(R"(["\ud83d\ude00"])");
  REQUIRE(ok.doc);
  CHECK(ok.doc->items[0].text == "\xF0\x9F\x98\x80");
  Parsed raw = Parse("[\"\xED\xB0\x80\"]");  // a surrogate written as raw bytes
  CHECK_FALSE(raw.doc);
}

TEST_CASE("a string ending the text in a truncated UTF-8 sequence is not read past its end") {
  // The text is a heap block of exactly its size (ASan in the asan preset
  // catches a read past it); lengths past the small-string buffer.
  for (size_t len = 14; len < 40; ++len) {
    for (const char* lead : {"\xC3", "\xE4", "\xE4\xB8", "\xF0", "\xF0\x9F", "\xF0\x9F\x98"}) {
      std::string s = "[\"" + std::string(len, 'a') + lead;
      std::unique_ptr<char[]> exact(new char[s.size()]);
      std::memcpy(exact.get(), s.data(), s.size());
      DiagnosticList diags;
      CHECK_FALSE(ParseJson(std::string_view(exact.get(), s.size()), "f.json", {}, &diags));
      REQUIRE(diags.all().size() == 1);
      CHECK(diags.all()[0].code == "E1002");
    }
  }
}

TEST_CASE("the value bound holds at the bound and fails one past it") {
  // [1,1,1]: 4 values (the array and three numbers).
  DiagnosticList ok_diags, over_diags;
  JsonParseOptions at_bound{false, 8, 4};
  CHECK(ParseJson("[1,1,1]", "f.json", at_bound, &ok_diags));
  CHECK(ok_diags.all().empty());
  CHECK_FALSE(ParseJson("[1,1,1,1]", "f.json", at_bound, &over_diags));
  CHECK(over_diags.RenderAll() ==
        "f.json:1:8: error[E1008]: more than 4 JSON values (arrays, objects and scalars): the "
        "document is too large to check\n");
  DiagnosticList obj;
  CHECK_FALSE(ParseJson(R"({"a":{"b":{}}})", "f.json", {false, 8, 2}, &obj));
  CHECK(obj.all()[0].code == "E1008");
}

}  // namespace
}  // namespace dxcheck

namespace dxcheck {
namespace {

TEST_CASE("numbers beyond a double's range are JSON: kept as written, not a count") {
  Parsed p = Parse(R"({"a": 1e400, "b": [-1E+999, 0.5e-400, 1e300], "c": "1e400"})");
  REQUIRE(p.doc);
  CHECK(p.diags.all().empty());
  CHECK(p.doc->Find("a")->text == "1e400");
  CHECK(p.doc->Find("b")->items[0].text == "-1E+999");
  CHECK(p.doc->Find("b")->items[0].column == 20);
  CHECK(p.doc->Find("b")->items[2].text == "1e300");
  CHECK(p.doc->Find("c")->text == "1e400");
  uint64_t n = 0;
  CHECK(ParseCount(*p.doc->Find("a"), &n) == IntegerCheck::kNotInteger);
  std::string digits(400, '9');
  Parsed big = Parse("[" + digits + "]");
  REQUIRE(big.doc);
  CHECK(big.doc->items[0].text == digits);
  CHECK(ParseCount(big.doc->items[0], &n) == IntegerCheck::kTooLarge);
}

}  // namespace
}  // namespace dxcheck
