// ObjectReader: typed, checked access to the members of one JSON object.
//
// Manifests, lists and the category code list share one vocabulary of input
// errors, produced here so that every loader words them the same way:
//   E1101 a required key is missing      E1105 an empty required string
//   E1102 a value of the wrong type      E1106 a count out of 0 ... 2^53
//   E1103 an unknown key                 E1107 a code outside its allowed set
//   E1104 null where a value is expected E1108 an invalid date
// Each accessor marks its key as known; RejectUnknown() then reports every other
// key (with the nearest known key as a suggestion). Accessors return nullopt
// after reporting, so a loader reads on and reports every problem in one run.
#ifndef DXCHECK_BASE_OBJECT_READER_H_
#define DXCHECK_BASE_OBJECT_READER_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "checker/base/date.h"
#include "checker/base/diagnostic.h"
#include "checker/base/json_value.h"

namespace dxcheck {

// Where diagnostics of one input file go.
struct InputContext {
  std::string file;
  DiagnosticSink* sink = nullptr;

  void Error(const JsonValue& at, const std::string& code, const std::string& message) const;
  void Warning(const JsonValue& at, const std::string& code, const std::string& message) const;
  // For a missing member: the member's pointer, the parent's position.
  void ErrorMissing(const JsonValue& parent, std::string_view key,
                    const std::string& message) const;
};

class ObjectReader {
 public:
  // REQUIRES: obj.is_object(); ctx outlives the reader.
  ObjectReader(const JsonValue& obj, const InputContext& ctx) : obj_(obj), ctx_(ctx) {}

  // The member if present, non-null and of `type`; otherwise reports E1101
  // (only when required), E1104 or E1102 and returns nullptr.
  const JsonValue* Get(std::string_view key, JsonType type, bool required);

  std::optional<std::string> String(std::string_view key, bool required,
                                    bool allow_empty = false);
  std::optional<bool> Bool(std::string_view key, bool required);
  std::optional<uint64_t> Count(std::string_view key, bool required);
  std::optional<Date> DateValue(std::string_view key, bool required);
  std::optional<std::string> Enum(std::string_view key, const std::vector<std::string>& allowed,
                                  bool required);

  // Marks `key` as known without reading it (read elsewhere or ignored).
  void Known(std::string_view key) { Find(key); }
  // Reports E1103 for every member not read or marked known.
  void RejectUnknown(std::string_view where);

  const JsonValue& object() const { return obj_; }
  const InputContext& ctx() const { return ctx_; }

 private:
  // The member named `key` or nullptr; records `key` as known either way.
  const JsonValue* Find(std::string_view key);
  // Whether member `index`, named `key`, was read or marked known.
  bool IsKnown(size_t index, const std::string& key) const;
  // Calls f(std::string_view) for every key recorded, in the order recorded.
  template <typename F>
  void ForEachName(F f) const;

  const JsonValue& obj_;
  const InputContext& ctx_;
  // Which of the first 64 members were read (later ones are matched by name):
  // RejectUnknown's answer on the path where every key is known.
  uint64_t read_ = 0;
  // Every key recorded, each as 4 length bytes and its bytes: for later
  // members and for an unknown key's "did you mean" (built into a set only
  // then). Held inline up to kInlineNames bytes, so a reader of a small
  // object allocates nothing.
  static constexpr size_t kInlineNames = 192;
  char names_[kInlineNames];
  size_t names_size_ = 0;
  std::string more_names_;  // what does not fit inline
};

// ObjectReader::Get's and ::String's checks and diagnostics for a member the
// caller has already found (`v` is the member of `obj` named `key`, or
// nullptr when there is none), with no record of the keys read: for objects
// whose other keys are not checked (a Data Package field, whose members a
// reader finds in one pass).
const JsonValue* CheckMember(const JsonValue& obj, const InputContext& ctx, std::string_view key,
                             const JsonValue* v, JsonType type, bool required);
const std::string* CheckStringMember(const JsonValue& obj, const InputContext& ctx,
                                     std::string_view key, const JsonValue* v, bool required,
                                     bool allow_empty = false);

// Checks a count value on its own (array elements, nested readers).
std::optional<uint64_t> ReadCount(const JsonValue& v, const InputContext& ctx);

// The known name closest to `name` by edit distance, if close enough to be a
// plausible typo; "" otherwise (always "" for a name longer than
// kMaxHintedName bytes: the work per call is bounded).
constexpr size_t kMaxHintedName = 64;
std::string NearestName(const std::string& name, const std::set<std::string>& known);

}  // namespace dxcheck

#endif  // DXCHECK_BASE_OBJECT_READER_H_
