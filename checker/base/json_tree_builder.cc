// How positions are found: RapidJSON reports no positions for values, and
// its stream's Tell() is stale inside callbacks (the reader parses strings and
// numbers on a local copy of the stream), so the handler recovers them from
// the text itself: the next token starts at the first character after the
// previous token that is not whitespace, ',', ':' or a comment, and a small
// lexer finds where that token ends. RapidJSON has already validated the
// token when the callback runs.
#include "checker/base/json_tree_builder.h"

#include <algorithm>
#include <cstring>

namespace dxcheck {

bool JsonTreeBuilder::RawNumber(const char*, rapidjson::SizeType, bool) {
  size_t start = NextToken();
  return Scalar(JsonType::kNumber, false, std::string(text_.substr(start, TokenEnd(start) - start)));
}

bool JsonTreeBuilder::String(const char* s, rapidjson::SizeType n, bool) {
  if (HasSurrogate(s, n)) return FailSurrogate();
  return Scalar(JsonType::kString, false, std::string(s, n));
}

bool JsonTreeBuilder::Key(const char* s, rapidjson::SizeType n, bool) {
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

const JsonTreeBuilder::KeyPosition* JsonTreeBuilder::FindKey(Frame* f) {
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

bool JsonTreeBuilder::HasSurrogate(const char* s, size_t n) {
  for (size_t i = 0; i + 1 < n; ++i) {
    if (static_cast<unsigned char>(s[i]) == 0xED &&
        (static_cast<unsigned char>(s[i + 1]) & 0xE0) == 0xA0) {
      return true;
    }
  }
  return false;
}

bool JsonTreeBuilder::FailSurrogate() {
  Stop(NextToken(), "E1001", "invalid JSON: The surrogate pair in string is invalid.");
  return false;
}

void JsonTreeBuilder::Stop(size_t offset, const std::string& code, const std::string& message) {
  stop_offset_ = offset;
  stop_code_ = code;
  stop_message_ = message;
}

bool JsonTreeBuilder::Count(size_t start) {
  if (++values_ <= max_values_) return true;
  Stop(start, "E1008", "more than " + std::to_string(max_values_) +
                           " JSON values (arrays, objects and scalars): the document is too "
                           "large to check");
  return false;
}

size_t JsonTreeBuilder::TokenEnd(size_t start) const {
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

size_t JsonTreeBuilder::NextToken() const {
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

std::string JsonTreeBuilder::PointerOfChild(size_t depth) const {
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

void JsonTreeBuilder::LocateForward(size_t offset, int* line, int* column) {
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

void JsonTreeBuilder::Place(JsonValue* v, size_t start) {
  v->offset = start;
  LocateForward(start, &v->line, &v->column);
  if (!stack_.empty() && stack_.back().value.type == JsonType::kObject) {
    v->key = stack_.back().key;
  }
}

void JsonTreeBuilder::Attach(JsonValue&& v) {
  if (JsonValue* slot = NewSlot()) *slot = std::move(v);
}

JsonValue* JsonTreeBuilder::NewSlot() {
  if (stack_.empty()) return &root_;
  Frame& parent = stack_.back();
  bool drop = parent.value.type == JsonType::kObject && parent.duplicate;
  parent.has_key = false;
  parent.duplicate = false;
  if (drop) return nullptr;
  return &children_.emplace_back();
}

bool JsonTreeBuilder::Scalar(JsonType type, bool b, std::string text) {
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

bool JsonTreeBuilder::Open(JsonType type) {
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

bool JsonTreeBuilder::Close() {
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

}  // namespace dxcheck
