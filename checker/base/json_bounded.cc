#include "checker/base/json_bounded.h"

namespace dxcheck {

int JsonNestingDepth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {
      // Skip the string; an escaped quote does not end it.
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      i = end == std::string_view::npos ? text.size() : end + 1;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

bool ParseBoundedDocument(std::string_view text, const BoundedParseOptions& o,
                          rapidjson::Document* doc) {
  if (JsonNestingDepth(text, o.max_depth) > o.max_depth) return false;
  constexpr unsigned kBase = rapidjson::kParseIterativeFlag;
  constexpr unsigned kComments = rapidjson::kParseCommentsFlag;
  constexpr unsigned kStop = rapidjson::kParseStopWhenDoneFlag;
  const char* s = text.data();
  size_t n = text.size();
  if (o.allow_comments && o.stop_when_done) {
    doc->Parse<kBase | kComments | kStop>(s, n);
  } else if (o.allow_comments) {
    doc->Parse<kBase | kComments>(s, n);
  } else if (o.stop_when_done) {
    doc->Parse<kBase | kStop>(s, n);
  } else {
    doc->Parse<kBase>(s, n);
  }
  return !doc->HasParseError();
}

}  // namespace dxcheck
