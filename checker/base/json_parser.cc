// The parser drives RapidJSON's SAX reader (iterative, so nesting depth cannot
// exhaust the C stack) and builds a JsonValue tree. RapidJSON reports no
// positions for values, and its stream's Tell() is stale inside callbacks (the
// reader parses strings and numbers on a local copy of the stream), so the
// handler recovers positions from the text itself: the next token starts at
// the first character after the previous token that is not whitespace, ',',
// ':' or a comment, and a small lexer finds where that token ends. RapidJSON
// has already validated the token when the callback runs.
//
// This is the exact path: ParseJson first tries json_fast_parse.h, which reads
// well-formed documents in one pass and gives up on anything else, and comes
// here only then, so every diagnostic is worded here.
#include "checker/base/json_parser.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <unordered_map>

#include "checker/base/json_fast_parse.h"
#include "rapidjson/error/en.h"
#include "rapidjson/reader.h"

namespace dxcheck {
namespace {

constexpr size_t kReadPadding = 4;

constexpr unsigned kBaseFlags = rapidjson::kParseIterativeFlag |
                                rapidjson::kParseValidateEncodingFlag |
                                rapidjson::kParseNumbersAsStringsFlag;

class TreeBuilder {
 public:
  TreeBuilder(std::string_view text, size_t start, const std::string& file,
              const LineIndex& index, const JsonParseOptions& options, DiagnosticSink* sink)
      : text_(text), file_(file), index_(index), max_depth_(options.max_depth), sink_(sink),
        prev_end_(start), max_values_(options.max_values) {}

  // Why the handler stopped the reader, if it did: the error's code, message
  // and offset replace RapidJSON's kParseErrorTermination.
  bool stopped() const { return !stop_code_.empty(); }
  const std::string& stop_code() const { return stop_code_; }
  const std::string& stop_message() const { return stop_message_; }
  size_t stop_offset() const { return stop_offset_; }
  JsonValue TakeRoot() { return std::move(root_); }
  // Pointer of the value being parsed, for a syntax error's diagnostic.
  std::string CurrentPointer() const { return PointerOfChild(stack_.size()); }

  bool Null() { return Scalar(JsonType::kNull, false, {}); }
  bool Bool(bool b) { return Scalar(JsonType::kBool, b, {}); }
  // The literal as written in the text, not RapidJSON's copy: a number too
  // large for a double was blanked in RapidJSON's buffer (BlankHugeNumbers).
  bool RawNumber(const char*, rapidjson::SizeType, bool) {
    size_t start = NextToken();
    return Scalar(JsonType::kNumber, false, std::string(text_.substr(start, TokenEnd(start) - start)));
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (HasSurrogate(s, n)) return FailSurrogate();
    return Scalar(JsonType::kString, false, std::string(s, n));
  }
  bool Int(int) { return false; }  // unreachable with kParseNumbersAsStringsFlag
  bool Uint(unsigned) { return false; }
  bool Int64(int64_t) { return false; }
  bool Uint64(uint64_t) { return false; }
  bool Double(double) { return false; }

  bool StartObject() { return Open(JsonType::kObject); }
  bool StartArray() { return Open(JsonType::kArray); }
  bool EndObject(rapidjson::SizeType) { return Close(); }
  bool EndArray(rapidjson::SizeType) { return Close(); }

  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (HasSurrogate(s, n)) return FailSurrogate();
    Frame& f = stack_.back();
    size_t start = NextToken();
    prev_end_ = TokenEnd(start);
    f.key.assign(s, n);
    f.has_key = true;
    // Keys arrive in file order, so their positions are found walking forward
    // (linear even when 200,000 duplicates share one line).
    int line, col;
    LocateForward(start, &line, &col);
    const KeyPosition* first = FindKey(&f);
    f.duplicate = first != nullptr;
    if (first != nullptr) {
      sink_->Report({Severity::kError, "E1003",
                     "duplicate key \"" + f.key + "\" (first at line " +
                         std::to_string(first->line) + ":" + std::to_string(first->column) + ")",
                     file_, line, col, PointerOfChild(stack_.size())});
      return true;
    }
    keys_.push_back({line, col});
    if (f.index != nullptr) f.index->emplace(f.key, keys_.size() - 1 - f.keys_begin);
    return true;
  }

 private:
  struct KeyPosition {
    int line, column;
  };

  // An open array or object. Its finished members wait in children_ (from
  // items_begin on) and move into value.items, sized once, when it closes;
  // the positions of its keys wait in keys_ (from keys_begin on), parallel.
  struct Frame {
    JsonValue value;
    std::string key;  // key of the member being parsed (objects)
    bool has_key = false;
    bool duplicate = false;
    size_t items_begin = 0;
    size_t keys_begin = 0;
    // Key -> member number, built only for objects of many members (a small
    // object is searched linearly: no allocation).
    std::unique_ptr<std::unordered_map<std::string, size_t>> index;
  };

  static constexpr size_t kLinearKeys = 16;

  // The position of the earlier member named f->key, or nullptr.
  const KeyPosition* FindKey(Frame* f) {
    size_t members = children_.size() - f->items_begin;
    if (f->index == nullptr && members >= kLinearKeys) {
      f->index = std::make_unique<std::unordered_map<std::string, size_t>>();
      for (size_t i = 0; i < members; ++i) f->index->emplace(children_[f->items_begin + i].key, i);
    }
    if (f->index != nullptr) {
      auto it = f->index->find(f->key);
      return it == f->index->end() ? nullptr : &keys_[f->keys_begin + it->second];
    }
    for (size_t i = 0; i < members; ++i) {
      if (children_[f->items_begin + i].key == f->key) return &keys_[f->keys_begin + i];
    }
    return nullptr;
  }

  // RapidJSON decodes "\\udc00" alone (a low surrogate with no high one
  // before it) to the three bytes ED B0 80, which are not UTF-8: a surrogate
  // is not a character. (It rejects a high surrogate without its low one
  // itself, and raw surrogate bytes in the text fail its UTF-8 validation.)
  static bool HasSurrogate(const char* s, size_t n) {
    for (size_t i = 0; i + 1 < n; ++i) {
      if (static_cast<unsigned char>(s[i]) == 0xED &&
          (static_cast<unsigned char>(s[i + 1]) & 0xE0) == 0xA0) {
        return true;
      }
    }
    return false;
  }

  bool FailSurrogate() {
    Stop(NextToken(), "E1001", "invalid JSON: The surrogate pair in string is invalid.");
    return false;
  }

  void Stop(size_t offset, const std::string& code, const std::string& message) {
    stop_offset_ = offset;
    stop_code_ = code;
    stop_message_ = message;
  }

  // Counts one more value; false (and the reader stops) past the bound.
  bool Count(size_t start) {
    if (++values_ <= max_values_) return true;
    Stop(start, "E1008", "more than " + std::to_string(max_values_) +
                             " JSON values (arrays, objects and scalars): the document is too "
                             "large to check");
    return false;
  }

  // End (exclusive) of the scalar token starting at `start`.
  size_t TokenEnd(size_t start) const {
    size_t i = start;
    if (i >= text_.size()) return i;
    char c = text_[i];
    if (c == '"') {
      for (++i; i < text_.size() && text_[i] != '"'; ++i) {
        if (text_[i] == '\\') ++i;
      }
      return std::min(i + 1, text_.size());
    }
    if (c == 't' || c == 'n') return i + 4;
    if (c == 'f') return i + 5;
    while (i < text_.size() && std::strchr("0123456789+-.eE", text_[i]) != nullptr) ++i;
    return i;
  }

  // First offset at or after prev_end_ that starts a token.
  size_t NextToken() const {
    size_t i = prev_end_;
    while (i < text_.size()) {
      char c = text_[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ':') {
        ++i;
      } else if (c == '/' && i + 1 < text_.size() && text_[i + 1] == '/') {
        while (i < text_.size() && text_[i] != '\n') ++i;
      } else if (c == '/' && i + 1 < text_.size() && text_[i + 1] == '*') {
        size_t end = text_.find("*/", i + 2);
        i = end == std::string_view::npos ? text_.size() : end + 2;
      } else {
        break;
      }
    }
    return i;
  }

  // Pointer of the value being read in the frame stack_[depth - 1] (the
  // root's when depth is 0). Built from the frames' keys and item counts, only
  // when a diagnostic needs it: no value stores its pointer.
  std::string PointerOfChild(size_t depth) const {
    std::string p;
    for (size_t i = 0; i < depth; ++i) {
      const Frame& f = stack_[i];
      if (f.value.type == JsonType::kObject) {
        if (f.has_key) p += "/" + EscapePointerToken(f.key);
      } else {
        size_t end = i + 1 < depth ? stack_[i + 1].items_begin : children_.size();
        p += "/" + std::to_string(end - f.items_begin);
      }
    }
    return p;
  }

  // Values arrive in increasing offset order, so positions are found by
  // walking forward from the previous one: linear in the text even when it is
  // all on one line (minified JSON), where LineIndex::Locate would be quadratic.
  void LocateForward(size_t offset, int* line, int* column) {
    if (offset < cursor_) {
      index_.Locate(offset, line, column);
      return;
    }
    if (cursor_line_ == 0) {
      index_.Locate(offset, &cursor_line_, &cursor_column_);
    } else {
      for (size_t i = cursor_; i < offset; ++i) {
        unsigned char c = static_cast<unsigned char>(text_[i]);
        if (c == '\n') {
          ++cursor_line_;
          cursor_column_ = 1;
        } else if ((c & 0xC0) != 0x80) {
          ++cursor_column_;
        }
      }
    }
    cursor_ = offset;
    *line = cursor_line_;
    *column = cursor_column_;
  }

  void Place(JsonValue* v, size_t start) {
    v->offset = start;
    LocateForward(start, &v->line, &v->column);
    if (!stack_.empty() && stack_.back().value.type == JsonType::kObject) {
      v->key = stack_.back().key;
    }
  }

  // Appends a finished value to its parent, or makes it the root.
  void Attach(JsonValue&& v) {
    if (JsonValue* slot = NewSlot()) *slot = std::move(v);
  }

  // Where the next finished value goes: the root, a new last item of the
  // open array or object, or nowhere (nullptr: the value of a duplicate key,
  // dropped). Scalars are built in place there.
  JsonValue* NewSlot() {
    if (stack_.empty()) return &root_;
    Frame& parent = stack_.back();
    bool drop = parent.value.type == JsonType::kObject && parent.duplicate;
    parent.has_key = false;
    parent.duplicate = false;
    if (drop) return nullptr;
    return &children_.emplace_back();
  }

  bool Scalar(JsonType type, bool b, std::string text) {
    size_t start = NextToken();
    if (!Count(start)) return false;
    JsonValue scratch;  // a duplicate key's value is read, then dropped
    JsonValue* v = NewSlot();
    if (v == nullptr) v = &scratch;
    Place(v, start);  // NewSlot leaves the frame's key as it was
    v->type = type;
    v->boolean = b;
    v->text = std::move(text);
    prev_end_ = TokenEnd(start);
    return true;
  }

  bool Open(JsonType type) {
    size_t start = NextToken();
    prev_end_ = start + 1;
    if (static_cast<int>(stack_.size()) >= max_depth_) {
      Stop(start, "E1007", "arrays and objects nested deeper than " + std::to_string(max_depth_));
      return false;
    }
    if (!Count(start)) return false;
    Frame f;
    f.value.type = type;
    f.items_begin = children_.size();
    f.keys_begin = keys_.size();
    Place(&f.value, start);  // reads the key of the enclosing frame: before the push
    stack_.push_back(std::move(f));
    return true;
  }

  bool Close() {
    prev_end_ = NextToken() + 1;
    Frame& f = stack_.back();
    JsonValue v = std::move(f.value);
    v.items.reserve(children_.size() - f.items_begin);
    for (size_t i = f.items_begin; i < children_.size(); ++i) {
      JsonValue& item = v.items.emplace_back(std::move(children_[i]));
      item.parent = &v;  // re-linked again whenever v moves
    }
    children_.erase(children_.begin() + static_cast<long>(f.items_begin), children_.end());
    keys_.resize(f.keys_begin);
    stack_.pop_back();
    Attach(std::move(v));
    return true;
  }

  std::string_view text_;
  const std::string& file_;
  const LineIndex& index_;
  int max_depth_;
  DiagnosticSink* sink_;
  size_t prev_end_;
  size_t cursor_ = 0;  // LocateForward's last offset and its position
  int cursor_line_ = 0, cursor_column_ = 0;
  std::vector<Frame> stack_;
  std::vector<JsonValue> children_;  // finished members of the open frames
  std::vector<KeyPosition> keys_;    // their keys' positions (objects)
  JsonValue root_;
  size_t max_values_;
  size_t values_ = 0;
  std::string stop_code_, stop_message_;
  size_t stop_offset_ = 0;
};

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
  TreeBuilder builder(text, base, file, index, options, sink);
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
                                         const JsonParseOptions& options, const std::string& what,
                                         DiagnosticSink* sink) {
  std::optional<JsonValue> doc = ParseJson(text, file, options, sink);
  if (doc && !doc->is_object()) {
    sink->Report({Severity::kError, "E1102",
                  "expected " + what + ", found " + JsonTypeWithArticle(doc->type), file, doc->line,
                  doc->column, ""});
    return std::nullopt;
  }
  return doc;
}

}  // namespace dxcheck
