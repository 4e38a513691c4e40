#include "checker/eval/field_table.h"

namespace dxcheck {

std::vector<std::string> FieldTable::Texts::ToVector() const {
  std::vector<std::string> out;
  out.reserve(size_);
  for (std::string_view s : *this) out.emplace_back(s);
  return out;
}

const ContentRecord* FieldTable::Record::content_begin() const {
  return t_->content_.data() + t_->rows_[row_].content;
}

size_t FieldTable::Record::content_size() const {
  size_t end = row_ + 1 < t_->rows_.size() ? t_->rows_[row_ + 1].content : t_->content_.size();
  return end - t_->rows_[row_].content;
}

void FieldTable::Reserve(size_t records, size_t text_bytes) {
  rows_.reserve(records);
  // One category a field is the common case; patterns follow categories.
  categories_.reserve(records);
  patterns_.reserve(records);
  text_.reserve(text_bytes);
}

void FieldTable::Start(std::string_view pointer, std::string_view name, std::string_view source,
                       bool personal, bool sensitive, bool hgr) {
  Row r;
  r.pointer = Append(pointer);
  r.name = Append(name);
  r.source = Append(source);
  r.categories = categories_.size();
  r.patterns = patterns_.size();
  r.labels = labels_.size();
  r.content = content_.size();
  r.personal = personal;
  r.sensitive = sensitive;
  r.hgr = hgr;
  rows_.push_back(r);
}

FieldTable::Span FieldTable::Append(std::string_view s) {
  Span span{text_.size(), s.size()};
  text_.append(s.data(), s.size());
  return span;
}

FieldTable::Texts FieldTable::List(const std::vector<Span>& list, size_t Row::*first,
                                   size_t row) const {
  size_t begin = rows_[row].*first;
  size_t end = row + 1 < rows_.size() ? rows_[row + 1].*first : list.size();
  return Texts(&text_, list.data() + begin, end - begin);
}

}  // namespace dxcheck
