// The fast path against the exact path: same tree wherever the fast path
// answers, and it gives up (so ParseJson's diagnostics come from the exact
// path) on every input the exact path has something to say about.
#include "checker/base/json_fast_parse.h"

#include <dirent.h>

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "checker/base/file_io.h"

namespace dxcheck {
namespace {

// "" when the trees are the same (every member and parent link), else where
// they first differ.
std::string Diff(const JsonValue& a, const JsonValue& b, const std::string& at) {
  if (a.type != b.type || a.boolean != b.boolean || a.text != b.text || a.key != b.key) {
    return at + ": value";
  }
  if (a.line != b.line || a.column != b.column || a.offset != b.offset) {
    return at + ": position " + std::to_string(a.line) + ":" + std::to_string(a.column) + " vs " +
           std::to_string(b.line) + ":" + std::to_string(b.column);
  }
  if (a.items.size() != b.items.size()) return at + ": item count";
  for (size_t i = 0; i < a.items.size(); ++i) {
    if (a.items[i].parent != &a || b.items[i].parent != &b) return at + ": parent link";
    std::string d = Diff(a.items[i], b.items[i], at + "/" + std::to_string(i));
    if (!d.empty()) return d;
  }
  return "";
}

// Whether the fast path agrees with the exact one on `text`: same tree when it
// answers; when it gives up, nothing is lost but time. Returns whether it
// answered.
bool Agrees(const std::string& text, const JsonParseOptions& options = {}) {
  JsonValue fast;
  bool answered = FastParseJson(text, options, &fast);
  DiagnosticList diags;
  std::optional<JsonValue> exact = ParseJsonExact(text, "f.json", options, &diags);
  if (answered) {
    // Answering is only allowed where the exact path is silent.
    CHECK(diags.all().empty());
    REQUIRE(exact);
    CHECK(Diff(fast, *exact, "") == "");
  }
  return answered;
}

TEST_CASE("the fast path builds the exact path's tree") {
  const char* texts[] = {
      "{}", "[]", "  {\"a\" : 1 }  \n", "\xEF\xBB\xBF{\"a\": [1, 2.5, -0, -3.25, 0.0]}",
      "{\n  \"名字\": \"值\", \"a\": [1, {\"b\": true}]\n}",
      "{\"a\":\"é\\n\\t\\\"\\\\\\/\\b\\f\\r\\u00e9\\u4e2d\\u0000x\",\"b\":[null,false,true]}",
      "[\r\n\t{\"x\": \"\xF0\x9F\x98\x80 after\"},\n  \"\xE4\xB8\xAD\xE6\x96\x87\", 7]",
      "{\"a/b\": {\"c~d\": {\"\": [[], {}, [[]]]}}}", "\"just a string\"", "12", "null",
      "{\"k\\u0041\": 1, \"kA2\": 2}",
  };
  for (const char* t : texts) {
    CAPTURE(t);
    CHECK(Agrees(t));
  }
}

// Whitespace is skipped a run at a time, each byte above ' ' ending the run
// with one test: every kind and mix of JSON whitespace, positions after it
// and long strings (tested 16 bytes at a time) around it still agree, and
// the controls JSON does not count as whitespace still make it give up.
TEST_CASE("whitespace of every kind, and long strings, keep the exact path's positions") {
  std::string long_text(70, 'x');
  const std::string texts[] = {
      "\t\r\n {\r\n\t\"a\" \t:\n\n  1 \r, \"b\"\t:[ \n]\r\n}\n\t ",
      "[\n\"" + long_text + "\", \n\"\xE4\xB8\xAD" + long_text + "\xE6\x96\x87\",\n\"" + long_text +
          "\\n" + long_text + "\"]",
      "{\"" + long_text + "\":\n    \"\xF0\x9F\x98\x80" + long_text + "\"\n}",
  };
  for (const std::string& t : texts) {
    CAPTURE(t);
    CHECK(Agrees(t));
  }
  for (const char* t : {"[1,\v2]", "[1,\f2]", "{\"a\":\x01 1}", "\x1f[]"}) {
    CAPTURE(t);
    CHECK_FALSE(Agrees(t));
  }
}

// Open arrays and objects wait among the finished values, which are moved
// whenever their vector grows: a document past the thread's kept scratch
// (4096 values), nested while it grows, keeps every parent link.
TEST_CASE("containers open while the values' vector grows keep their members and links") {
  std::string text = "{\"outer\": [";
  for (int i = 0; i < 3000; ++i) {
    text += (i ? ",{\"a\":[" : "{\"a\":[") + std::to_string(i) + ",{\"b\":[[],{}]}],\"c\":\"v\"}";
  }
  CHECK(Agrees(text + "], \"after\": {\"x\": [1, [2, [3]]]}}"));
}

TEST_CASE("objects of many members: duplicates found either way, the rest kept in order") {
  for (int n : {2, 16, 17, 40}) {
    std::string text = "{";
    for (int i = 0; i < n; ++i) text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
    CHECK(Agrees(text + "}"));
    // The last key repeats the first: the exact path reports E1003.
    CHECK_FALSE(Agrees(text + ",\"k0\":0}"));
  }
}

TEST_CASE("the fast path gives up on whatever the exact path reports or treats specially") {
  const char* texts[] = {
      "", "   ", "{", "{\"a\": 1,}", "[1,]", "{\"a\" 1}", "{\"a\": 01}", "{\"a\": 1.}",
      "{\"a\": -}", "{\"a\": .5}", "{\"a\": tru}", "{\"a\": 1} x", "{\"a\": \"\xff\"}",
      "{\"a\": \"\xC0\xAF\"}", "{\"a\": \"\xED\xA0\x80\"}", "{\"a\": \"\xF4\x90\x80\x80\"}",
      "{\"a\": \"\xE4\xB8\"}", "[\"tab\there\"]", "[\"\\x\"]", "[\"\\u12G4\"]", "[\"\\ud83d\\ude00\"]",
      "[\"\\udc00\"]", "[1e3]", "[1E+2]", "{\"a\": 1 // c\n}", "/* c */ {}", "{'a': 1}",
      "[1 2]", "{\"a\": 1 \"b\": 2}", "\xEF\xBB{}",
  };
  for (const char* t : texts) {
    CAPTURE(t);
    CHECK_FALSE(Agrees(t));
  }
  CHECK_FALSE(Agrees(std::string("{\"a\": 1}\0", 9)));
  CHECK_FALSE(Agrees(std::string("[\"a\0b\"]", 7)));
  CHECK_FALSE(Agrees("{\"kA\": 1, \"k\\u0041\": 2}"));  // a duplicate once decoded
  CHECK_FALSE(Agrees("[" + std::string(65, '1') + "]"));
  CHECK(Agrees("[" + std::string(64, '1') + "]"));
  // The bounds: depth and values, at and one past.
  CHECK(Agrees("[[[1]]]", {false, 3, 100}));
  CHECK_FALSE(Agrees("[[[[1]]]]", {false, 3, 100}));
  CHECK(Agrees("[1,1,1]", {false, 8, 4}));
  CHECK_FALSE(Agrees("[1,1,1,1]", {false, 8, 4}));
  // A document that fails only after its root closed leaves nothing behind.
  JsonValue out;
  CHECK_FALSE(FastParseJson("{\"a\": [1, 2]} x", {}, &out));
  CHECK(out.is_null());
  CHECK(out.items.empty());
}

// Where comments are allowed (the rule lists), the fast path skips them as
// RapidJSON does and keeps the positions after them (lines, and columns in
// code points after a comment holding Chinese text); a comment it cannot
// close, a lone '/' or a NUL byte makes it give up.
TEST_CASE("comments, where allowed: skipped with the exact path's positions") {
  const JsonParseOptions comments{true, 256, kMaxJsonValues};
  const std::string texts[] = {
      "{\"a\": 1 // c\n}",
      "// 人类遗传资源\n// second line\n{\"a\": 1}",
      "/* 规则 */ {\"a\": /* 中文 */ [1, /**/ 2], \"b\" /* x */ : \"值\"}",
      "{\"a\": 1, /* over\n two 行\n lines */ \"b\": 2}",
      "{\"a\": [1 // one\n, 2 // 二\n]}",
      "/*/ still a comment */ {}",
      "{} /* trailing **/",
      "{} // at the end, no newline",
      "\xEF\xBB\xBF/* after a BOM: 中 */ {\"a\":\n /*x*/ 1}",
      "{\"a\": \"// not a comment\", \"b\": \"/* nor this */\"}",
  };
  for (const std::string& t : texts) {
    CAPTURE(t);
    CHECK(Agrees(t, comments));
  }
  const std::string refused[] = {
      "{\"a\": 1 /* never closed }", "{\"a\": 1 / 2}", "/", "{} /", "{\"a\": 1 /- x -/}",
      std::string("{} // a NUL \0 in a comment", 26), std::string("/* \0 */ {}", 11),
  };
  for (const std::string& t : refused) {
    CAPTURE(t);
    CHECK_FALSE(Agrees(t, comments));
  }
  // Without the option a comment is still an error for both.
  CHECK_FALSE(Agrees("/* c */ {}"));
  // A shipped list with a block comment of two lines and Chinese text put
  // before each space and newline in turn, and a line comment likewise: where
  // the fast path answers, the same tree, every position after the comment
  // included. (Put inside a string or an existing comment, the newline makes
  // the text invalid: both paths reject it.)
  Result<std::string> list = ReadFile(std::string(DXCHECK_SOURCE_DIR) + "/rules/cn-hgr.json");
  REQUIRE(list.ok());
  int placed = 0, answered = 0;
  for (size_t at = 0; at < list->size(); ++at) {
    if ((*list)[at] != ' ' && (*list)[at] != '\n') continue;
    for (const char* comment : {"/* 中\n文 */", "// 注释\n"}) {
      std::string text = list->substr(0, at) + comment + list->substr(at);
      CAPTURE(at);
      answered += Agrees(text, comments);
      ++placed;
    }
  }
  CAPTURE(placed);
  CHECK(answered > placed / 2);  // 980 of 1,346 when written
}

std::vector<std::string> JsonFiles(const std::string& dir) {
  std::vector<std::string> out;
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return out;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) out.push_back(dir + "/" + name);
  }
  closedir(d);
  return out;
}

TEST_CASE("the shipped samples, lists and bad inputs: same tree, or the exact path's answer") {
  int answered = 0, files = 0, lists_answered = 0;
  const JsonParseOptions comments{true, 256, kMaxJsonValues};  // lists allow comments
  for (const char* dir : {"samples", "rules", "tests/bad_inputs", "tests/e2e"}) {
    for (const std::string& path : JsonFiles(std::string(DXCHECK_SOURCE_DIR) + "/" + dir)) {
      Result<std::string> bytes = ReadFile(path);
      REQUIRE(bytes.ok());
      CAPTURE(path);
      ++files;
      // The lists are read with comments allowed (rule_list.cc); both ways here.
      answered += Agrees(*bytes);
      const bool list = std::string(dir) == "rules";
      if (list) lists_answered += Agrees(*bytes, comments);
      // Every prefix cut at a line end: truncated documents, mostly invalid.
      for (size_t at = bytes->find('\n'); at != std::string::npos; at = bytes->find('\n', at + 1)) {
        Agrees(bytes->substr(0, at));
        if (list) Agrees(bytes->substr(0, at), comments);
      }
    }
  }
  CHECK(files > 30);
  CHECK(answered > files / 2);  // the samples and lists are well formed
  CHECK(lists_answered >= 6);     // every shipped list, its comments skipped
}

}  // namespace
}  // namespace dxcheck
