#include "checker/base/json_parser.h"

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
  CHECK(a->pointer == "/a");
  const JsonValue& b = a->items[1].items[0];
  CHECK(b.pointer == "/a/1/b");
  CHECK(b.key == "b");
  CHECK(b.is_bool());
  CHECK(p.doc->Find("名字")->column == 9);
}

TEST_CASE("pointer tokens are escaped") {
  Parsed p = Parse(R"({"a/b": {"c~d": 1}})");
  REQUIRE(p.doc);
  CHECK(p.doc->items[0].items[0].pointer == "/a~1b/c~0d");
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
