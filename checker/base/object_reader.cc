#include "checker/base/object_reader.h"

#include <algorithm>
#include <cstring>

namespace dxcheck {
namespace {


size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

void InputContext::Error(const JsonValue& at, const std::string& code,
                         const std::string& message) const {
  sink->Report({Severity::kError, code, message, file, at.line, at.column, at.Pointer()});
}

void InputContext::Warning(const JsonValue& at, const std::string& code,
                           const std::string& message) const {
  sink->Report({Severity::kWarning, code, message, file, at.line, at.column, at.Pointer()});
}

void InputContext::ErrorMissing(const JsonValue& parent, std::string_view key,
                                const std::string& message) const {
  std::string pointer = parent.Pointer() + "/";
  AppendEscapedPointerToken(key, &pointer);
  sink->Report({Severity::kError, "E1101", message, file, parent.line, parent.column,
                std::move(pointer)});
}

const JsonValue* CheckMember(const JsonValue& obj, const InputContext& ctx, std::string_view key,
                             const JsonValue* v, JsonType type, bool required) {
  if (v == nullptr) {
    if (required) ctx.ErrorMissing(obj, key, "required " + std::string(JsonTypeName(type)) +
                                                 " \"" + std::string(key) + "\" is missing");
    return nullptr;
  }
  if (v->is_null()) {
    ctx.Error(*v, "E1104", "null where " + JsonTypeWithArticle(type) + " is expected");
    return nullptr;
  }
  if (v->type != type) {
    ctx.Error(*v, "E1102",
              "expected " + JsonTypeWithArticle(type) + ", found " + JsonTypeWithArticle(v->type));
    return nullptr;
  }
  return v;
}

namespace {

// The text of a checked string member, or nullptr after E1105.
const std::string* CheckedText(const JsonValue* v, const InputContext& ctx, bool allow_empty) {
  if (v == nullptr) return nullptr;
  if (!allow_empty && v->text.find_first_not_of(" \t\r\n") == std::string::npos) {
    ctx.Error(*v, "E1105", "must not be empty");
    return nullptr;
  }
  return &v->text;
}

}  // namespace

const std::string* CheckStringMember(const JsonValue& obj, const InputContext& ctx,
                                     std::string_view key, const JsonValue* v, bool required,
                                     bool allow_empty) {
  return CheckedText(CheckMember(obj, ctx, key, v, JsonType::kString, required), ctx, allow_empty);
}

const JsonValue* ObjectReader::Find(std::string_view key) {
  const JsonValue* v = obj_.Find(key);
  if (v != nullptr) {
    size_t index = static_cast<size_t>(v - obj_.items.data());
    if (index < 64) read_ |= uint64_t{1} << index;
  }
  uint32_t n = static_cast<uint32_t>(key.size());
  if (more_names_.empty() && names_size_ + sizeof n + n <= kInlineNames) {
    std::memcpy(names_ + names_size_, &n, sizeof n);
    std::memcpy(names_ + names_size_ + sizeof n, key.data(), n);
    names_size_ += sizeof n + n;
  } else {
    more_names_.append(reinterpret_cast<const char*>(&n), sizeof n);
    more_names_.append(key);
  }
  return v;
}

template <typename F>
void ObjectReader::ForEachName(F f) const {
  for (std::string_view part : {std::string_view(names_, names_size_),
                                std::string_view(more_names_)}) {
    size_t i = 0;
    while (i < part.size()) {
      uint32_t n;
      std::memcpy(&n, part.data() + i, sizeof n);
      f(part.substr(i + sizeof n, n));
      i += sizeof n + n;
    }
  }
}

bool ObjectReader::IsKnown(size_t index, const std::string& key) const {
  if (index < 64) return (read_ >> index) & 1;
  bool found = false;
  ForEachName([&](std::string_view name) { found = found || name == key; });
  return found;
}

const JsonValue* ObjectReader::Get(std::string_view key, JsonType type, bool required) {
  return CheckMember(obj_, ctx_, key, Find(key), type, required);
}

std::optional<std::string> ObjectReader::String(std::string_view key, bool required,
                                                bool allow_empty) {
  const std::string* s = CheckedText(Get(key, JsonType::kString, required), ctx_, allow_empty);
  if (s == nullptr) return std::nullopt;
  return *s;
}

std::optional<bool> ObjectReader::Bool(std::string_view key, bool required) {
  const JsonValue* v = Get(key, JsonType::kBool, required);
  if (v == nullptr) return std::nullopt;
  return v->boolean;
}

std::optional<uint64_t> ReadCount(const JsonValue& v, const InputContext& ctx) {
  if (v.is_null()) {
    ctx.Error(v, "E1104", "null where an integer count is expected");
    return std::nullopt;
  }
  if (!v.is_number()) {
    ctx.Error(v, "E1102", "expected an integer count, found " + JsonTypeWithArticle(v.type));
    return std::nullopt;
  }
  uint64_t n = 0;
  switch (ParseCount(v, &n)) {
    case IntegerCheck::kOk:
      return n;
    case IntegerCheck::kNotInteger:
      ctx.Error(v, "E1106",
                "expected an integer count (no fraction, no exponent), found " + v.text);
      break;
    case IntegerCheck::kNegative:
      ctx.Error(v, "E1106", "a count must be >= 0, found " + v.text);
      break;
    case IntegerCheck::kTooLarge:
      ctx.Error(v, "E1106", "a count must be <= 2^53 (9007199254740992), found " + v.text);
      break;
  }
  return std::nullopt;
}

std::optional<uint64_t> ObjectReader::Count(std::string_view key, bool required) {
  const JsonValue* v = Find(key);
  if (v == nullptr) {
    if (required) {
      ctx_.ErrorMissing(obj_, key, "required count \"" + std::string(key) + "\" is missing");
    }
    return std::nullopt;
  }
  return ReadCount(*v, ctx_);
}

std::optional<Date> ObjectReader::DateValue(std::string_view key, bool required) {
  const JsonValue* v = Get(key, JsonType::kString, required);
  if (v == nullptr) return std::nullopt;
  std::optional<Date> d = Date::Parse(v->text);
  if (!d) ctx_.Error(*v, "E1108", "\"" + v->text + "\" is not a valid date (YYYY-MM-DD)");
  return d;
}

std::optional<std::string> ObjectReader::Enum(std::string_view key,
                                              const std::vector<std::string>& allowed,
                                              bool required) {
  const JsonValue* v = Get(key, JsonType::kString, required);
  if (v == nullptr) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), v->text) != allowed.end()) return v->text;
  std::string list;
  for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
  ctx_.Error(*v, "E1107", "\"" + v->text + "\" is not one of: " + list);
  return std::nullopt;
}

void ObjectReader::RejectUnknown(std::string_view where) {
  std::set<std::string> known;  // for the hints: built at the first unknown key
  bool have_known = false;
  for (size_t i = 0; i < obj_.items.size(); ++i) {
    const JsonValue& m = obj_.items[i];
    if (IsKnown(i, m.key)) continue;
    if (!have_known) {
      ForEachName([&](std::string_view name) { known.emplace(name); });
      have_known = true;
    }
    std::string hint = NearestName(m.key, known);
    ctx_.Error(m, "E1103",
               "unknown key \"" + m.key + "\" in " + std::string(where) +
                   (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)"));
  }
}

std::string NearestName(const std::string& name, const std::set<std::string>& known) {
  // Bounded work: a hint is for a typo, and a typo of a known key is short.
  // Past kMaxHintedName code units no key is suggested, and a known key whose
  // length alone puts it out of reach is never compared.
  if (name.size() > kMaxHintedName) return "";
  std::string best;
  size_t best_d = std::max<size_t>(2, name.size() / 3) + 1;
  for (const std::string& k : known) {
    size_t gap = k.size() > name.size() ? k.size() - name.size() : name.size() - k.size();
    if (gap >= best_d) continue;
    size_t d = EditDistance(name, k);
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  return best;
}

}  // namespace dxcheck
