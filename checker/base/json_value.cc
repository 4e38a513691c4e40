#include "checker/base/json_value.h"

#include <algorithm>
#include <charconv>

#include "checker/base/diagnostic.h"

namespace dxcheck {
namespace {

// After a copy or a move the children still point at the node they came
// from: point them at their new holder.
void Relink(JsonValue* v) {
  for (JsonValue& c : v->items) c.parent = v;
}

}  // namespace

JsonValue::JsonValue(const JsonValue& o)
    : type(o.type), boolean(o.boolean), line(o.line), column(o.column), offset(o.offset),
      text(o.text), items(o.items), key(o.key), parent(o.parent) {
  Relink(this);
}

JsonValue::JsonValue(JsonValue&& o) noexcept
    : type(o.type), boolean(o.boolean), line(o.line), column(o.column), offset(o.offset),
      text(std::move(o.text)), items(std::move(o.items)), key(std::move(o.key)),
      parent(o.parent) {
  Relink(this);
}

JsonValue& JsonValue::operator=(const JsonValue& o) {
  if (this != &o) *this = JsonValue(o);
  return *this;
}

JsonValue& JsonValue::operator=(JsonValue&& o) noexcept {
  if (this == &o) return *this;
  type = o.type;
  boolean = o.boolean;
  line = o.line;
  column = o.column;
  offset = o.offset;
  text = std::move(o.text);
  items = std::move(o.items);
  key = std::move(o.key);
  parent = o.parent;
  Relink(this);
  return *this;
}

std::string JsonValue::Pointer() const {
  // The chain from this value up to the root, innermost first; then the
  // tokens appended outermost first into one string (no token strings).
  const JsonValue* chain[64];
  std::vector<const JsonValue*> deep;  // only past 64 levels
  size_t depth = 0, size = 0;
  for (const JsonValue* v = this; v->parent != nullptr; v = v->parent) {
    const JsonValue* p = v->parent;
    const JsonValue* first = p->items.data();
    if (v < first || v >= first + p->items.size()) break;  // copied out of its tree
    if (depth < 64) {
      chain[depth] = v;
    } else {
      deep.push_back(v);
    }
    ++depth;
    // Sized for the tokens as they are (escapes and index digits may add a
    // little); a short pointer stays in the string's inline buffer.
    size += 1 + (p->type == JsonType::kObject ? v->key.size() : 1);
  }
  std::string out;
  out.reserve(size);
  char digits[24];
  for (size_t i = depth; i-- > 0;) {
    const JsonValue* v = i < 64 ? chain[i] : deep[i - 64];
    const JsonValue* p = v->parent;
    out += '/';
    if (p->type == JsonType::kObject) {
      AppendEscapedPointerToken(v->key, &out);
    } else {
      size_t index = static_cast<size_t>(v - p->items.data());
      char* end = std::to_chars(digits, digits + sizeof digits, index).ptr;
      out.append(digits, static_cast<size_t>(end - digits));
    }
  }
  return out;
}

const char* JsonTypeName(JsonType t) {
  switch (t) {
    case JsonType::kNull: return "null";
    case JsonType::kBool: return "boolean";
    case JsonType::kNumber: return "number";
    case JsonType::kString: return "string";
    case JsonType::kArray: return "array";
    case JsonType::kObject: return "object";
  }
  return "?";
}

std::string JsonTypeWithArticle(JsonType t) {
  return (t == JsonType::kArray || t == JsonType::kObject ? "an " : "a ") +
         std::string(JsonTypeName(t));
}

const JsonValue* JsonValue::Find(std::string_view name) const {
  if (type != JsonType::kObject) return nullptr;
  for (const JsonValue& m : items) {
    if (std::string_view(m.key) == name) return &m;
  }
  return nullptr;
}

const JsonValue* ResolvePointer(const JsonValue& root, const std::string& pointer) {
  const JsonValue* cur = &root;
  size_t pos = 0;
  while (cur != nullptr && pos < pointer.size()) {
    if (pointer[pos] != '/') return nullptr;
    size_t end = pointer.find('/', pos + 1);
    std::string raw = pointer.substr(pos + 1, end == std::string::npos ? end : end - pos - 1);
    std::string token;
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '~' && i + 1 < raw.size()) {
        token += raw[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        token += raw[i];
      }
    }
    if (cur->is_object()) {
      cur = cur->Find(token);
    } else if (cur->is_array() && !token.empty() &&
               token.find_first_not_of("0123456789") == std::string::npos && token.size() < 10) {
      size_t i = std::stoul(token);
      cur = i < cur->items.size() ? &cur->items[i] : nullptr;
    } else {
      return nullptr;
    }
    pos = end == std::string::npos ? pointer.size() : end;
  }
  return cur;
}

std::string JsonQuote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          static const char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

IntegerCheck ParseCount(const JsonValue& v, uint64_t* out) {
  if (v.type != JsonType::kNumber) return IntegerCheck::kNotInteger;
  const std::string& s = v.text;
  // The parser only hands over valid JSON number literals, so the only
  // questions left are sign, fraction/exponent and magnitude.
  if (s.find_first_of(".eE") != std::string::npos) return IntegerCheck::kNotInteger;
  if (!s.empty() && s[0] == '-') {
    // "-0" is an integer zero in JSON; accept it as 0 rather than call it negative.
    if (s.find_first_not_of("-0") == std::string::npos) {
      *out = 0;
      return IntegerCheck::kOk;
    }
    return IntegerCheck::kNegative;
  }
  if (s.size() > 16) return IntegerCheck::kTooLarge;  // > 9,999,999,999,999,999
  uint64_t n = 0;
  for (char c : s) n = n * 10 + static_cast<uint64_t>(c - '0');
  if (n > kMaxCount) return IntegerCheck::kTooLarge;
  *out = n;
  return IntegerCheck::kOk;
}

}  // namespace dxcheck
