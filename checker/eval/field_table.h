// FieldTable: a decision's field records (spec/decision.md `fields`), stored
// flat.
//
// A decision lists up to kMaxDecisionFields fields, each with a pointer, a
// name, a source and three short lists of texts (categories, patterns,
// labels). Kept as strings and vectors per record, that was ~2.5 allocations
// per field and a third of a 2,000-field check's time (issue 15); here every
// text of every record is appended to one buffer and a record holds offsets
// into it, so a table costs a handful of allocations whatever its size. It
// copies and moves as a plain value: offsets, not pointers, so a copy needs
// no fix-up.
//
// Records are built one at a time: Start opens a record, and the Add* calls
// that follow belong to it (in any order) until the next Start.
#ifndef DXCHECK_EVAL_FIELD_TABLE_H_
#define DXCHECK_EVAL_FIELD_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "checker/data/share_count.h"

namespace dxcheck {

// A content detector that added a category to a field (check --data).
struct ContentRecord {
  std::string category, detector;
  uint64_t matched = 0, values = 0;  // in the column's sample
  unsigned sample_level = 0;         // the sample: one row in 2^sample_level (0: every value)
  ShareCount count = ShareCount::kValues;  // which count fired (share_count.h)
  uint64_t recognised = 0;                 // kRecognised: values some detector recognises
};

class FieldTable {
 private:
  struct Span {
    size_t offset = 0, size = 0;
  };

 public:
  // A list of one record's texts (its categories, say), read in place.
  class Texts {
   public:
    class Iterator {
     public:
      Iterator(const std::string* text, const Span* at) : text_(text), at_(at) {}
      std::string_view operator*() const { return std::string_view(*text_).substr(at_->offset, at_->size); }
      Iterator& operator++() {
        ++at_;
        return *this;
      }
      bool operator!=(const Iterator& o) const { return at_ != o.at_; }

     private:
      const std::string* text_;
      const Span* at_;
    };

    Texts(const std::string* text, const Span* begin, size_t size)
        : text_(text), begin_(begin), size_(size) {}
    Iterator begin() const { return Iterator(text_, begin_); }
    Iterator end() const { return Iterator(text_, begin_ + size_); }
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    std::string_view operator[](size_t i) const { return *Iterator(text_, begin_ + i); }
    std::string_view front() const { return (*this)[0]; }
    // A copy, for tests and for callers that keep the texts.
    std::vector<std::string> ToVector() const;

   private:
    const std::string* text_;
    const Span* begin_;
    size_t size_;
  };

  // One record, read in place; valid while the table is neither changed nor
  // destroyed.
  class Record {
   public:
    Record(const FieldTable* table, size_t row) : t_(table), row_(row) {}
    std::string_view pointer() const { return t_->Text(t_->rows_[row_].pointer); }
    std::string_view name() const { return t_->Text(t_->rows_[row_].name); }
    std::string_view source() const { return t_->Text(t_->rows_[row_].source); }
    Texts categories() const { return t_->List(t_->categories_, &Row::categories, row_); }
    Texts patterns() const { return t_->List(t_->patterns_, &Row::patterns, row_); }
    Texts labels() const { return t_->List(t_->labels_, &Row::labels, row_); }
    bool personal() const { return t_->rows_[row_].personal; }
    bool sensitive() const { return t_->rows_[row_].sensitive; }
    bool hgr() const { return t_->rows_[row_].hgr; }
    // Content findings (check --data only): content_begin()[0 .. content_size()).
    const ContentRecord* content_begin() const;
    size_t content_size() const;

   private:
    const FieldTable* t_;
    size_t row_;
  };

  class Iterator {
   public:
    Iterator(const FieldTable* table, size_t row) : t_(table), row_(row) {}
    Record operator*() const { return Record(t_, row_); }
    Iterator& operator++() {
      ++row_;
      return *this;
    }
    bool operator!=(const Iterator& o) const { return row_ != o.row_; }

   private:
    const FieldTable* t_;
    size_t row_;
  };

  // Room for `records` records of about `text_bytes` bytes of text in all.
  void Reserve(size_t records, size_t text_bytes);

  // Opens a record; the Add* calls up to the next Start add to it.
  void Start(std::string_view pointer, std::string_view name, std::string_view source,
             bool personal, bool sensitive, bool hgr);
  // REQUIRES: a record was started.
  void AddCategory(std::string_view code) { categories_.push_back(Append(code)); }
  void AddPattern(std::string_view pattern) { patterns_.push_back(Append(pattern)); }
  void AddLabel(std::string_view label) { labels_.push_back(Append(label)); }
  void AddContent(ContentRecord c) { content_.push_back(std::move(c)); }

  size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  Record operator[](size_t i) const { return Record(this, i); }
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, rows_.size()); }

 private:
  // Where a record's entries of one list start; they end where the next
  // record's start (or at the list's end, for the last record).
  struct Row {
    Span pointer, name, source;
    size_t categories = 0, patterns = 0, labels = 0, content = 0;
    bool personal = false, sensitive = false, hgr = false;
  };

  Span Append(std::string_view s);
  std::string_view Text(Span s) const { return std::string_view(text_).substr(s.offset, s.size); }
  Texts List(const std::vector<Span>& list, size_t Row::*first, size_t row) const;

  std::string text_;  // every text of every record, back to back
  std::vector<Row> rows_;
  std::vector<Span> categories_, patterns_, labels_;
  std::vector<ContentRecord> content_;
};

}  // namespace dxcheck

#endif  // DXCHECK_EVAL_FIELD_TABLE_H_
