// The exact path drives RapidJSON's SAX reader (iterative, so nesting depth
// cannot exhaust the C stack) over a padded copy of the text, with a
// JsonTreeBuilder (json_tree_builder.h) building the tree and its positions,
// and words every diagnostic: RapidJSON's errors, and the handler's own
// (duplicate keys, bounds, surrogates), each at its line and column.
//
// ParseJson first tries json_fast_parse.h, which reads well-formed documents
// in one pass and gives up on anything else, and comes here only then.
#include "checker/base/json_parser.h"

#include <algorithm>

#include "checker/base/json_fast_parse.h"
#include "checker/base/json_tree_builder.h"
#include "rapidjson/error/en.h"
#include "rapidjson/reader.h"

namespace dxcheck {
namespace {

constexpr size_t kReadPadding = 4;

constexpr unsigned kBaseFlags = rapidjson::kParseIterativeFlag |
                                rapidjson::kParseValidateEncodingFlag |
                                rapidjson::kParseNumbersAsStringsFlag;

// RapidJSON refuses a number beyond a double's range ("1e400", 400 digits)
// even when numbers are kept as strings, though JSON allows it and the
// checker only asks whether it is a count (it is not: E1106). So before
// parsing, every number literal whose decimal magnitude passes 10^300 is
// replaced in RapidJSON's copy by "0" and spaces (the length, hence every
// offset, is kept); RawNumber takes the literal from the original text.
void BlankHugeNumbers(std::string* buf, bool comments) {
  std::string& b = *buf;
  size_t i = 0;
  while (i < b.size()) {
    char c = b[i];
    if (c == '"') {
      for (++i; i < b.size() && b[i] != '"'; ++i) {
        if (b[i] == '\\') ++i;
      }
      ++i;
    } else if (comments && c == '/' && i + 1 < b.size() && (b[i + 1] == '/' || b[i + 1] == '*')) {
      size_t end = b[i + 1] == '/' ? b.find('\n', i) : b.find("*/", i + 2);
      i = end == std::string::npos ? b.size() : end + (b[i + 1] == '/' ? 1 : 2);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      size_t start = i;
      if (b[i] == '-') ++i;
      while (i < b.size() && b[i] == '0') ++i;
      long magnitude = 0;
      while (i < b.size() && b[i] >= '0' && b[i] <= '9') ++i, ++magnitude;
      if (i < b.size() && b[i] == '.') {
        for (++i; i < b.size() && b[i] >= '0' && b[i] <= '9';) ++i;
      }
      if (i < b.size() && (b[i] == 'e' || b[i] == 'E')) {
        ++i;
        bool minus = i < b.size() && b[i] == '-';
        if (i < b.size() && (b[i] == '-' || b[i] == '+')) ++i;
        long exp = 0;
        for (; i < b.size() && b[i] >= '0' && b[i] <= '9'; ++i) exp = std::min(exp * 10 + (b[i] - '0'), 1000000L);
        magnitude += minus ? -exp : exp;
      }
      if (magnitude > 300) {
        b[start] = '0';
        std::fill(b.begin() + static_cast<long>(start) + 1, b.begin() + static_cast<long>(i), ' ');
      }
    } else {
      ++i;
    }
  }
}

}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

void LineIndex::Locate(size_t offset, int* line, int* column) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line_no = static_cast<size_t>(it - line_starts_.begin());  // 1-based
  size_t start = line_starts_[line_no - 1];
  // A byte-order mark is invisible in an editor: it is not a column.
  if (line_no == 1 && text_.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3) start = 3;
  int col = 1;
  for (size_t i = start; i < offset; ++i) {
    // Count lead bytes only: continuation bytes are 10xxxxxx.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
  }
  *line = static_cast<int>(line_no);
  *column = col;
}

std::optional<JsonValue> ParseJson(std::string_view text, const std::string& file,
                                   const JsonParseOptions& options, DiagnosticSink* sink) {
  JsonValue doc;
  if (FastParseJson(text, options, &doc)) return std::optional<JsonValue>(std::move(doc));
  return ParseJsonExact(text, file, options, sink);
}

std::optional<JsonValue> ParseJsonExact(std::string_view text, const std::string& file,
                                        const JsonParseOptions& options, DiagnosticSink* sink) {
  size_t base = 0;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") base = 3;
  LineIndex index(text);
  // RapidJSON's StringStream stops at a NUL byte, which JSON text never
  // contains (inside strings it must be escaped as \u0000): reject it first.
  if (size_t nul = text.find('\0', base); nul != std::string_view::npos) {
    int line, col;
    index.Locate(nul, &line, &col);
    sink->Report({Severity::kError, "E1001", "NUL byte in JSON text", file, line, col, ""});
    return std::nullopt;
  }
  // RapidJSON's UTF-8 validation reads all the continuation bytes a lead
  // byte announces before checking any of them, so a string that ends the
  // text in a truncated sequence ("\xF0" at the end) would be read up to 3
  // bytes past its terminator: pad the copy with NULs it stops at.
  std::string buffer;
  buffer.reserve(text.size() - base + kReadPadding);
  buffer.append(text.substr(base));
  BlankHugeNumbers(&buffer, options.allow_comments);
  buffer.append(kReadPadding, '\0');
  rapidjson::StringStream is(buffer.c_str());
  JsonTreeBuilder builder(text, base, file, index, options, sink);
  rapidjson::Reader reader;
  rapidjson::ParseResult ok =
      options.allow_comments
          ? reader.Parse<kBaseFlags | rapidjson::kParseCommentsFlag>(is, builder)
          : reader.Parse<kBaseFlags>(is, builder);
  if (!ok) {
    size_t at = base + reader.GetErrorOffset();
    std::string code = "E1001";
    std::string message = std::string("invalid JSON: ") + rapidjson::GetParseError_En(ok.Code());
    if (builder.stopped()) {
      code = builder.stop_code();
      at = builder.stop_offset();
      message = builder.stop_message();
    } else if (ok.Code() == rapidjson::kParseErrorStringInvalidEncoding) {
      code = "E1002";
      message = "invalid UTF-8 in string";
    } else if (ok.Code() == rapidjson::kParseErrorDocumentRootNotSingular) {
      code = "E1004";
      message = "unexpected data after the end of the JSON document";
    } else if (ok.Code() == rapidjson::kParseErrorDocumentEmpty) {
      code = "E1005";
      message = "empty document: expected a JSON object";
    }
    int line, col;
    index.Locate(at, &line, &col);
    sink->Report({Severity::kError, code, message, file, line, col,
                  code == "E1001" || code == "E1002" ? builder.CurrentPointer() : ""});
    return std::nullopt;
  }
  return builder.TakeRoot();
}

std::optional<JsonValue> ParseJsonObject(std::string_view text, const std::string& file,
                                         const JsonParseOptions& options, std::string_view what,
                                         DiagnosticSink* sink) {
  std::optional<JsonValue> doc = ParseJson(text, file, options, sink);
  if (doc && !doc->is_object()) {
    sink->Report({Severity::kError, "E1102",
                  "expected " + std::string(what) + ", found " + JsonTypeWithArticle(doc->type),
                  file, doc->line, doc->column, ""});
    return std::nullopt;
  }
  return doc;
}

}  // namespace dxcheck
