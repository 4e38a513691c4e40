// How it reads: one cursor over the text and an explicit stack of open arrays
// and objects (no recursion: the depth is the input's). Values wait on one
// vector: an open array or object where it will stand among its parent's
// members, its own finished members after it; when it closes they move into
// its items, sized once, and it stays where it is (so a container is moved
// once, into its parent's items, not also out of its frame). The stack and
// that vector are kept by the thread between parses, so a parse allocates
// only what the tree itself holds.
//
// Positions: a value's line is one more than the '\n's before it; its column
// counts code points from the line's start (after a byte-order mark on line
// 1), as LineIndex does. Outside strings every byte is ASCII (anything else is
// a syntax error, hence a fall back), so a column is the bytes since the line
// start less the UTF-8 continuation bytes among them, and those are counted
// while strings are validated: no byte is read twice.
//
// What makes it give up, beyond errors, is what the exact path treats in ways
// a second implementation could get subtly wrong: a \u escape in U+D800 ...
// U+DFFF (RapidJSON's pairing and its lone-low-surrogate bytes), a number with
// an exponent or of more than kMaxNumberChars characters (RapidJSON's range
// errors and BlankHugeNumbers), a comment where comments are not allowed (where
// they are, as in the rule lists, they are skipped like whitespace). Each costs
// a second parse, never a different answer.
#include "checker/base/json_fast_parse.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "checker/base/json_string_scan.h"

namespace dxcheck {
namespace {

constexpr size_t kMaxNumberChars = 64;
// Objects of up to this many members are checked for duplicate keys pair by
// pair; larger ones by sorting their keys.
constexpr size_t kLinearKeys = 16;
// A thread keeps its scratch between parses up to this many values; a larger
// document's is given back.
constexpr size_t kKeptScratch = 4096;

// An open array or object: its value waits in the children at `index`
// (kAtRoot: it is the root, *out), its finished members from `items_begin` on.
constexpr size_t kAtRoot = ~size_t{0};

struct Frame {
  size_t index = kAtRoot;
  size_t items_begin = 0;
  JsonType type = JsonType::kNull;
};

struct Scratch {
  std::vector<Frame> stack;
  std::vector<JsonValue> children;
  std::vector<const std::string*> keys;
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class FastParser {
 public:
  FastParser(std::string_view text, const JsonParseOptions& options, Scratch* s, JsonValue* root)
      : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()),
        options_(options), stack_(s->stack), children_(s->children), keys_(s->keys),
        root_(root) {}

  bool Run() {
    if (end_ - p_ >= 3 && std::memcmp(p_, "\xEF\xBB\xBF", 3) == 0) p_ += 3;
    line_start_ = p_;
    SkipSpace();
    for (;;) {
      // A value starts at p_; a member's key has been read.
      if (p_ == end_) return false;
      char c = *p_;
      if (c == '{' || c == '[') {
        bool object = c == '{';
        if (!Open(object ? JsonType::kObject : JsonType::kArray)) return false;
        ++p_;
        SkipSpace();
        if (p_ == end_) return false;
        if (*p_ != (object ? '}' : ']')) {
          if (object && !Key()) return false;
          continue;
        }
        ++p_;
        if (!Close()) return false;
      } else if (!Scalar()) {
        return false;
      }
      // A value has ended: close what ends after it, then on to the next one.
      for (;;) {
        SkipSpace();
        if (stack_.empty()) return p_ == end_;
        if (p_ == end_) return false;
        bool object = stack_.back().type == JsonType::kObject;
        if (*p_ == ',') {
          ++p_;
          SkipSpace();
          if (object && !Key()) return false;
          break;
        }
        if (*p_ != (object ? '}' : ']')) return false;
        ++p_;
        if (!Close()) return false;
      }
    }
  }

 private:
  // Skips whitespace and, when the options allow them, comments (where
  // RapidJSON's kParseCommentsFlag skips them: wherever whitespace may be).
  void SkipSpace() {
    for (;;) {
      // Every byte above ' ' ends the run, with one test: most calls stop at once.
      const char* p = p_;
      while (p < end_ && static_cast<unsigned char>(*p) <= ' ') {
        char c = *p;
        if (c == '\n') {
          NewLine(p);
        } else if (c != ' ' && c != '\t' && c != '\r') {
          break;
        }
        ++p;
      }
      p_ = p;
      if (!options_.allow_comments || end_ - p_ < 2 || *p_ != '/' || !SkipComment()) return;
    }
  }

  void NewLine(const char* at) {
    ++line_;
    line_start_ = at + 1;
    continuations_at_line_ = continuations_;
  }

  // The comment at p_ ('/'), as RapidJSON reads one: "//" up to and with the
  // next '\n' or the end of the text, or "/*" up to and with the first "*/".
  // Returns false, p_ and the counts unchanged, on anything else (a lone '/',
  // an unterminated block): the caller then meets the '/' and gives up, and
  // the exact path words the error. A NUL byte (which the exact path rejects
  // anywhere) gives up too. The comment's bytes are counted like a string's:
  // its newlines start lines, its UTF-8 continuation bytes are not columns.
  bool SkipComment() {
    const bool block = p_[1] == '*';
    if (!block && p_[1] != '/') return false;
    const char* p = p_ + 2;
    const char* end = nullptr;  // just past the comment
    for (const char* q = p; q < end_; ++q) {
      if (*q == '\0') return false;
      if (block ? (*q == '*' && q + 1 < end_ && q[1] == '/') : *q == '\n') {
        end = q + (block ? 2 : 1);
        break;
      }
    }
    if (end == nullptr) {
      if (block) return false;
      end = end_;
    }
    for (const char* q = p; q < end; ++q) {
      unsigned char c = static_cast<unsigned char>(*q);
      if ((c & 0xC0) == 0x80) ++continuations_;
      if (c == '\n') NewLine(q);
    }
    p_ = end;
    return true;
  }

  // Scans the string literal at p_ (its opening quote) and moves past it
  // (p_ stays where it was when it fails).
  bool ScanString(RawJsonString* out) { return ScanJsonString(&p_, end_, out, &continuations_); }

  // Reads `"key" :` and the whitespace after it.
  bool Key() {
    if (!ScanString(&key_)) return false;
    SkipSpace();
    if (p_ == end_ || *p_ != ':') return false;
    ++p_;
    SkipSpace();
    return true;
  }

  // Position and key of a value starting at `start`; REQUIRES: its parent
  // frame, if any, is stack_.back().
  void Place(JsonValue* v, const char* start) {
    v->offset = static_cast<size_t>(start - begin_);
    v->line = line_;
    v->column = static_cast<int>(static_cast<size_t>(start - line_start_) -
                                 (continuations_ - continuations_at_line_)) + 1;
    if (!stack_.empty() && stack_.back().type == JsonType::kObject) DecodeJsonString(key_, &v->key);
  }

  // Where a finished value goes: the root or a new member of the open frame.
  JsonValue* Slot() { return stack_.empty() ? root_ : &children_.emplace_back(); }

  bool Scalar() {
    if (++values_ > options_.max_values) return false;
    const char* start = p_;
    char c = *p_;
    if (c == '"') {
      JsonValue* v = Slot();
      Place(v, start);  // before the scan counts the string's continuation bytes
      RawJsonString s;
      if (!ScanString(&s)) return false;
      v->type = JsonType::kString;
      DecodeJsonString(s, &v->text);
      return true;
    }
    JsonType type = JsonType::kNull;
    bool boolean = false;
    if (c == '-' || IsDigit(c)) {
      const char* q = p_;
      if (*q == '-') ++q;
      if (q == end_) return false;
      if (*q == '0') {
        ++q;
      } else if (IsDigit(*q)) {
        while (q < end_ && IsDigit(*q)) ++q;
      } else {
        return false;
      }
      if (q < end_ && *q == '.') {
        ++q;
        if (q == end_ || !IsDigit(*q)) return false;
        while (q < end_ && IsDigit(*q)) ++q;
      }
      if (q < end_ && (*q == 'e' || *q == 'E')) return false;
      if (static_cast<size_t>(q - p_) > kMaxNumberChars) return false;
      p_ = q;
      type = JsonType::kNumber;
    } else if (end_ - p_ >= 4 && std::memcmp(p_, "true", 4) == 0) {
      p_ += 4;
      type = JsonType::kBool;
      boolean = true;
    } else if (end_ - p_ >= 5 && std::memcmp(p_, "false", 5) == 0) {
      p_ += 5;
      type = JsonType::kBool;
    } else if (end_ - p_ >= 4 && std::memcmp(p_, "null", 4) == 0) {
      p_ += 4;
    } else {
      return false;
    }
    JsonValue* v = Slot();
    Place(v, start);
    v->type = type;
    v->boolean = boolean;
    if (type == JsonType::kNumber) v->text.assign(start, static_cast<size_t>(p_ - start));
    return true;
  }

  bool Open(JsonType type) {
    if (static_cast<int>(stack_.size()) >= options_.max_depth) return false;
    if (++values_ > options_.max_values) return false;
    Frame f;
    f.index = stack_.empty() ? kAtRoot : children_.size();
    f.type = type;
    JsonValue* v = Slot();
    Place(v, p_);  // reads the enclosing frame's key: before the push
    v->type = type;
    f.items_begin = children_.size();
    stack_.push_back(f);
    return true;
  }

  bool HasDuplicateKey(size_t begin, size_t n) {
    if (n <= kLinearKeys) {
      for (size_t i = 1; i < n; ++i) {
        for (size_t j = 0; j < i; ++j) {
          if (children_[begin + i].key == children_[begin + j].key) return true;
        }
      }
      return false;
    }
    keys_.clear();
    for (size_t i = 0; i < n; ++i) keys_.push_back(&children_[begin + i].key);
    std::sort(keys_.begin(), keys_.end(),
              [](const std::string* a, const std::string* b) { return *a < *b; });
    for (size_t i = 1; i < n; ++i) {
      if (*keys_[i] == *keys_[i - 1]) return true;
    }
    return false;
  }

  bool Close() {
    const Frame f = stack_.back();
    size_t n = children_.size() - f.items_begin;
    if (f.type == JsonType::kObject && HasDuplicateKey(f.items_begin, n)) return false;
    // v stands before its members, and children_ does not grow while they
    // move: the reference stays valid.
    JsonValue& v = f.index == kAtRoot ? *root_ : children_[f.index];
    v.items = JsonItems(JsonItemAllocator<JsonValue>(options_.arena));
    v.items.reserve(n);
    for (size_t i = f.items_begin; i < children_.size(); ++i) {
      JsonValue& item = v.items.emplace_back(std::move(children_[i]));
      item.parent = &v;  // re-linked again whenever v moves
    }
    children_.erase(children_.begin() + static_cast<long>(f.items_begin), children_.end());
    stack_.pop_back();
    return true;
  }

  const char* const begin_;
  const char* p_;
  const char* const end_;
  const JsonParseOptions& options_;
  std::vector<Frame>& stack_;
  std::vector<JsonValue>& children_;
  std::vector<const std::string*>& keys_;
  JsonValue* root_;
  RawJsonString key_;  // the key of the member being read
  size_t values_ = 0;
  int line_ = 1;
  const char* line_start_ = nullptr;
  size_t continuations_ = 0;          // UTF-8 continuation bytes read so far
  size_t continuations_at_line_ = 0;  // ... before line_start_
};

}  // namespace

bool FastParseJson(std::string_view text, const JsonParseOptions& options, JsonValue* out) {
  thread_local Scratch scratch;
  scratch.stack.clear();
  scratch.children.clear();
  bool ok = FastParser(text, options, &scratch, out).Run();
  if (scratch.children.capacity() > kKeptScratch) std::vector<JsonValue>().swap(scratch.children);
  if (scratch.keys.capacity() > kKeptScratch) std::vector<const std::string*>().swap(scratch.keys);
  scratch.stack.clear();
  scratch.children.clear();
  // A document that failed only after its root closed ("{...} x") must not
  // hold its tree while the exact path builds another.
  if (!ok) *out = JsonValue();
  return ok;
}

}  // namespace dxcheck
