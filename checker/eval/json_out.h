// JsonOut: the writer of the decision document — JSON written straight into
// one output buffer, no tree and no second buffer, with exactly the bytes
// RapidJSON 1.1's Writer (kPretty false) or PrettyWriter with SetIndent(' ', 2)
// (kPretty true) writes for the same calls, since those bytes are signed and
// compared (spec/decision.md; tests/unit/eval/json_out_test.cc compares the
// two, decision_json_test.cc pins a whole decision):
//   - strings: '"' and '\\' escaped, \b \t \n \f \r by name, the other control
//     characters (U+0000..U+001F) as \u00XX with upper-case hex; every other
//     byte (DEL, non-ASCII, even invalid UTF-8) copied as it is;
//   - numbers in plain decimal; true, false, null;
//   - pretty: a newline and 2 spaces per depth before every member and array
//     element, ": " after a key, "{}" and "[]" for empty containers.
//
// Why not RapidJSON's writers: they put every byte through the stream one
// call at a time (about 17 instructions per output byte for the decision);
// JsonOut reserves the worst case of a token once, copies keys and
// indentation with memcpy and tests string bytes 16 at a time.
#ifndef DXCHECK_EVAL_JSON_OUT_H_
#define DXCHECK_EVAL_JSON_OUT_H_

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace dxcheck {

// Writes `s` as a JSON string (quotes included) with the escapes above at
// `out`, which has room for JsonStringBound(s.size()) bytes; returns the end.
char* WriteJsonString(std::string_view s, char* out);
// The most bytes WriteJsonString writes for `n` bytes (its 16-byte stores may
// touch, and then overwrite, up to 16 bytes past the text it keeps).
constexpr size_t JsonStringBound(size_t n) { return 6 * n + 2 + 16; }

template <bool kPretty>
class JsonOut {
 public:
  static constexpr bool kIsPretty = kPretty;
  // Containers nest at most this deep (the decision: 5).
  static constexpr int kMaxDepth = 14;

  // Writes into `*buf` from its start, over whatever it holds (its size is
  // the room to write in: it is resized only to grow, so a buffer reused
  // across documents is allocated and zero-filled once). `*buf` must outlive
  // the writer.
  explicit JsonOut(std::string* buf) : buf_(buf) {
    if (buf_->size() < 64) buf_->resize(64);
    p_ = &(*buf_)[0];
    end_ = p_ + buf_->size();
    count_[0] = 0;
  }
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  // REQUIRES: fewer than kMaxDepth containers open.
  void StartObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void StartArray() { Open('['); }
  void EndArray() { Close(']'); }

  // `key`: a literal of ASCII without '"', '\\' or control characters.
  template <size_t N>
  void Key(const char (&key)[N]) {
    Prefix(N + 3);
    *p_++ = '"';
    std::memcpy(p_, key, N - 1);
    p_ += N - 1;
    *p_++ = '"';
    *p_++ = ':';
    if (kPretty) *p_++ = ' ';
    after_key_ = true;
  }
  void String(std::string_view s) {
    Prefix(JsonStringBound(s.size()));
    p_ = WriteJsonString(s, p_);
  }
  void Bool(bool b) {
    if (b) {
      Literal("true", 4);
    } else {
      Literal("false", 5);
    }
  }
  void Null() { Literal("null", 4); }
  void Uint64(uint64_t v) { Number(v); }
  void Int(int v) { Number(v); }
  // `json`: one complete JSON value, copied as it is.
  void RawValue(std::string_view json) { Literal(json.data(), json.size()); }
  // `members`: the bytes a writer of the same kind wrote for `n` members of
  // an object at this depth (the pretty ones begin with their newline and
  // indentation), copied as they are.
  // REQUIRES: an object is open and has no member yet.
  void Members(std::string_view members, uint32_t n) {
    Reserve(members.size());
    std::memcpy(p_, members.data(), members.size());
    p_ += members.size();
    count_[depth_] = n;
  }

  // Appends one byte outside any token (DecisionToJson's final newline).
  void Byte(char c) {
    Reserve(1);
    *p_++ = c;
  }
  // The text written so far, at the start of the buffer.
  std::string_view text() const {
    return std::string_view(buf_->data(), static_cast<size_t>(p_ - buf_->data()));
  }

 private:
  static constexpr size_t kIndentMax = 2 * kMaxDepth;
  static constexpr size_t kLineMax = 32;  // bytes NewLine copies

  void Reserve(size_t n) {
    if (static_cast<size_t>(end_ - p_) < n) Grow(n);
  }
  void Grow(size_t n) {
    size_t used = static_cast<size_t>(p_ - buf_->data());
    size_t size = buf_->size() * 2;
    if (size < used + n) size = used + n;
    buf_->resize(size);
    p_ = &(*buf_)[0] + used;
    end_ = &(*buf_)[0] + size;
  }
  // Reserves what goes before a token and `n` bytes for the token, and
  // writes the former: nothing after a key (it wrote its ": ") or at the top;
  // else the comma after an earlier member and, pretty, the newline and
  // indentation.
  void Prefix(size_t n) {
    Reserve(1 + kLineMax + n);  // ',', the newline and indentation, the token
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ == 0) return;
    if (count_[depth_]++ > 0) *p_++ = ',';
    if (kPretty) NewLine(depth_);
  }
  // A newline and the indentation of `depth`: one copy of a fixed 32 bytes
  // (Reserve made room), of which the first 1 + 2 * depth are kept.
  void NewLine(int depth) {
    static constexpr char kIndent[kLineMax + 1] = "\n                               ";
    static_assert(kLineMax >= 1 + kIndentMax, "the deepest indentation fits");
    std::memcpy(p_, kIndent, kLineMax);
    p_ += 1 + 2 * static_cast<size_t>(depth);
  }
  void Literal(const char* s, size_t n) {
    Prefix(n);
    std::memcpy(p_, s, n);
    p_ += n;
  }
  template <typename T>
  void Number(T v) {
    Prefix(24);
    p_ = std::to_chars(p_, p_ + 24, v).ptr;
  }
  void Open(char c) {
    Prefix(1);
    *p_++ = c;
    count_[++depth_] = 0;
  }
  void Close(char c) {
    Reserve(kLineMax + 1);
    if (kPretty && count_[depth_] > 0) NewLine(depth_ - 1);
    --depth_;
    *p_++ = c;
  }

  std::string* buf_;  // sized ahead of the text; p_ marks the text's end
  char* p_;
  char* end_;
  int depth_ = 0;
  bool after_key_ = false;
  uint32_t count_[kMaxDepth + 1];  // members or elements written, per open container
};

}  // namespace dxcheck

#endif  // DXCHECK_EVAL_JSON_OUT_H_
