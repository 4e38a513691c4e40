#include "checker/base/json_bounded.h"

#include <string>

#include <doctest/doctest.h>

namespace dxcheck {
namespace {

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST_CASE("nesting depth is scanned without recursion; strings and comments do not count") {
  CHECK(JsonNestingDepth(R"({"a": "[[[[", "b": [{"c": "\"]"}]})", 100) == 3);
  CHECK(JsonNestingDepth("[ /* [[[ */ 1 // [[\n]", 100) == 1);
  CHECK(JsonNestingDepth(Nested(1000000), 10) == 11);  // stops one level past the limit
}

TEST_CASE("the bounded parse holds at kMaxDocumentDepth and refuses one past it") {
  rapidjson::Document at, past;
  CHECK(ParseBoundedDocument(Nested(kMaxDocumentDepth), {}, &at));
  CHECK(at.IsArray());
  CHECK_FALSE(ParseBoundedDocument(Nested(kMaxDocumentDepth + 1), {}, &past));
  rapidjson::Document deep;
  CHECK_FALSE(ParseBoundedDocument(Nested(1000000), {}, &deep));  // no stack overflow
  rapidjson::Document bad, rest;
  CHECK_FALSE(ParseBoundedDocument("[1,", {}, &bad));
  CHECK(ParseBoundedDocument("{\"a\": 1} trailing", {kMaxDocumentDepth, false, true}, &rest));
}

}  // namespace
}  // namespace dxcheck
