// JsonTreeBuilder: the RapidJSON SAX handler of ParseJson's exact path.
//
// ParseJsonExact (json_parser.h) drives RapidJSON's reader over the text and
// this handler builds the JsonValue tree from its events: values with their
// offsets, lines and columns, keys checked for duplicates (E1003, the first
// occurrence kept), nesting and value bounds (E1007, E1008), and the pointer
// of the value being read when a syntax error stops the reader.
#ifndef DXCHECK_BASE_JSON_TREE_BUILDER_H_
#define DXCHECK_BASE_JSON_TREE_BUILDER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "checker/base/diagnostic.h"
#include "checker/base/json_parser.h"
#include "checker/base/json_value.h"
#include "rapidjson/reader.h"

namespace dxcheck {

// REQUIRES: text, file, index and sink outlive the builder; `start` is the
// offset of the text RapidJSON reads from (past a byte-order mark).
class JsonTreeBuilder {
 public:
  JsonTreeBuilder(std::string_view text, size_t start, const std::string& file,
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
  bool RawNumber(const char*, rapidjson::SizeType, bool);
  bool String(const char* s, rapidjson::SizeType n, bool);
  bool Int(int) { return false; }  // unreachable with kParseNumbersAsStringsFlag
  bool Uint(unsigned) { return false; }
  bool Int64(int64_t) { return false; }
  bool Uint64(uint64_t) { return false; }
  bool Double(double) { return false; }

  bool StartObject() { return Open(JsonType::kObject); }
  bool StartArray() { return Open(JsonType::kArray); }
  bool EndObject(rapidjson::SizeType) { return Close(); }
  bool EndArray(rapidjson::SizeType) { return Close(); }

  bool Key(const char* s, rapidjson::SizeType n, bool);

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
  const KeyPosition* FindKey(Frame* f);

  // RapidJSON decodes "\\udc00" alone (a low surrogate with no high one
  // before it) to the three bytes ED B0 80, which are not UTF-8: a surrogate
  // is not a character. (It rejects a high surrogate without its low one
  // itself, and raw surrogate bytes in the text fail its UTF-8 validation.)
  static bool HasSurrogate(const char* s, size_t n);

  bool FailSurrogate();
  void Stop(size_t offset, const std::string& code, const std::string& message);

  // Counts one more value; false (and the reader stops) past the bound.
  bool Count(size_t start);

  // End (exclusive) of the scalar token starting at `start`.
  size_t TokenEnd(size_t start) const;

  // First offset at or after prev_end_ that starts a token.
  size_t NextToken() const;

  // Pointer of the value being read in the frame stack_[depth - 1] (the
  // root's when depth is 0). Built from the frames' keys and item counts, only
  // when a diagnostic needs it: no value stores its pointer.
  std::string PointerOfChild(size_t depth) const;

  // Values arrive in increasing offset order, so positions are found by
  // walking forward from the previous one: linear in the text even when it is
  // all on one line (minified JSON), where LineIndex::Locate would be quadratic.
  void LocateForward(size_t offset, int* line, int* column);

  void Place(JsonValue* v, size_t start);

  // Appends a finished value to its parent, or makes it the root.
  void Attach(JsonValue&& v);

  // Where the next finished value goes: the root, a new last item of the
  // open array or object, or nowhere (nullptr: the value of a duplicate key,
  // dropped). Scalars are built in place there.
  JsonValue* NewSlot();

  bool Scalar(JsonType type, bool b, std::string text);
  bool Open(JsonType type);
  bool Close();

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

}  // namespace dxcheck

#endif  // DXCHECK_BASE_JSON_TREE_BUILDER_H_
