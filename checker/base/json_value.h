// JsonValue: a parsed JSON document that remembers where each value came from.
//
// RapidJSON's DOM keeps no positions and accepts duplicate keys, so the loaders
// read this tree instead (built by json_parser.h). Every value carries its byte
// offset, line and column; its JSON pointer is computed on demand from the
// chain of parents (a copy per node would make memory grow with depth × nodes).
// Numbers keep the literal text as written, so "1.0", "1e3" and 2^64 can each be
// told apart from an integer and reported precisely.
#ifndef DXCHECK_BASE_JSON_VALUE_H_
#define DXCHECK_BASE_JSON_VALUE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "checker/base/json_arena.h"

namespace dxcheck {

enum class JsonType { kNull, kBool, kNumber, kString, kArray, kObject };

// "null", "boolean", "number", "string", "array", "object".
const char* JsonTypeName(JsonType t);
// The same with its article: "a string", "an object".
std::string JsonTypeWithArticle(JsonType t);

struct JsonValue;
// Array elements or object members: a std::vector, whose memory may be a
// parse's JsonArena (json_arena.h).
using JsonItems = std::vector<JsonValue, JsonItemAllocator<JsonValue>>;

struct JsonValue {
  JsonType type = JsonType::kNull;
  bool boolean = false;
  int line = 0;                  // 1-based
  int column = 0;                // 1-based, in code points
  size_t offset = 0;             // byte offset of the value's first character
  std::string text;              // string contents, or a number's literal
  JsonItems items;               // array elements, or object members in order
  std::string key;               // this value's key when it is an object member
  // The array or object holding this value; nullptr for a root. Kept right by
  // copies and moves (a node re-links its children), so it stays valid while
  // the tree is moved around whole. A value copied out of its tree keeps a
  // parent that no longer holds it: Pointer() then treats it as a root.
  const JsonValue* parent = nullptr;

  // User-provided, not `= default`: a value-initialised JsonValue (as
  // `emplace_back()` makes one per parsed value) is then not zero-filled
  // whole before its members are initialised. That fill is a `rep stos` of
  // 128 bytes, a third of the fast parse's own time on this project's AMD
  // machine (perf, BM_Check/20).
  JsonValue() noexcept {}
  JsonValue(const JsonValue& other);
  JsonValue(JsonValue&& other) noexcept;
  JsonValue& operator=(const JsonValue& other);
  JsonValue& operator=(JsonValue&& other) noexcept;
  ~JsonValue() = default;

  // The RFC 6901 pointer of this value from its document's root ("" for the
  // root), computed by walking up the parents: O(depth), on demand.
  std::string Pointer() const;

  bool is_null() const { return type == JsonType::kNull; }
  bool is_bool() const { return type == JsonType::kBool; }
  bool is_number() const { return type == JsonType::kNumber; }
  bool is_string() const { return type == JsonType::kString; }
  bool is_array() const { return type == JsonType::kArray; }
  bool is_object() const { return type == JsonType::kObject; }

  // The member named `name`, or nullptr. REQUIRES: is_object() (else nullptr).
  // Duplicate keys are rejected by the parser, so the first match is the only one.
  const JsonValue* Find(std::string_view name) const;
  // The same, writable: for a loader that takes strings out of a tree it owns.
  JsonValue* Find(std::string_view name) {
    return const_cast<JsonValue*>(static_cast<const JsonValue*>(this)->Find(name));
  }
};

// The value `pointer` (RFC 6901) names under `root`, or nullptr.
const JsonValue* ResolvePointer(const JsonValue& root, const std::string& pointer);

// `s` as a JSON string literal, quotes included (UTF-8 passes through).
std::string JsonQuote(const std::string& s);

// How a number literal reads as a count: a JSON integer (no fraction, no
// exponent) in 0 ... 2^53.
enum class IntegerCheck { kOk, kNotInteger, kNegative, kTooLarge };
IntegerCheck ParseCount(const JsonValue& v, uint64_t* out);

// The largest count accepted: 2^53, the largest integer every JSON reader
// (JavaScript's included) represents exactly.
constexpr uint64_t kMaxCount = 9007199254740992ULL;

}  // namespace dxcheck

#endif  // DXCHECK_BASE_JSON_VALUE_H_
