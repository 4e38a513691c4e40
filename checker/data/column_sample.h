// ColumnDetectors: the content detectors of the code list over one column of
// a data file, on a deterministic sample of its values (rules/README.md
// "Content detectors", docs/data.md "Content sampling").
//
// The sample rule. Every row of a resource has a *level*: the number of
// trailing zero bits of a 64-bit mix of the row's number, keyed by the
// resource's declared SHA-256 (RowLevel), so half the rows have level 0, a
// quarter level 1, and so on, independently of what the rows hold. A column
// has a level too, starting at 0; its sample is every value in the rows whose
// level is at least the column's (a *value*: neither empty nor a
// missing-value marker, detectors.h IsMissingValueMarker; those are never
// counted). While the values in rows above the column's level number at
// least kSampleMin, the column's level rises (the values at the old level
// leave the sample). So:
//   - a column with at most kSampleMin values is read whole, and its counts
//     are exact;
//   - a longer column is tested on a sample of at least kSampleMin values (in
//     expectation fewer than twice that), each of its values in the
//     sample with the same probability 2^-level, spread over the whole file;
//   - the same file, declared with the same digest, gives the same sample,
//     byte for byte, on every machine (integer arithmetic only).
// Counters are kept per level, so raising the level needs no stored value:
// memory is a constant per column (kLevels x (2 + 2 x detectors) counters),
// and a value is never kept.
//
// The share. A detector fires when its matches reach minMatches and
// minPercent of the values, on any of three counts (docs/data.md "Content
// share"): all the sample's values (the matches over the values); the
// values no *other* detector recognises (the values this detector alone
// matches over those plus the values nobody matches); or all the values
// again, with the values *any* detector recognises reaching the share and
// this detector's own alone reaching minMatches. The second count is why a
// column a third ID numbers, a third mobiles and a third e-mails fires all
// three: a value another detector recognises is no evidence against this
// one; the third is why padding that column with other text does not hide
// it. "Alone" is per piece of a value (its pieces between delimiters, or
// the value whole): a piece two detectors match is set aside for both (one
// ID number in ten passes the bank card's Luhn check: an ID column is no
// card column), while "ID;mobile" is each detector's alone. The first
// count keeps every match, so a column that fired before still fires. All
// counts are sums over the sample's levels, and the values of a level leave
// all of them together when the level rises.
#ifndef DXCHECK_DATA_COLUMN_SAMPLE_H_
#define DXCHECK_DATA_COLUMN_SAMPLE_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "checker/categories/category_list.h"
#include "checker/data/detectors.h"
#include "checker/data/share_count.h"

namespace dxcheck {

class ValueForms;

// The least number of values a column's sample holds (every value of a
// shorter column).
constexpr uint64_t kSampleMin = 8192;
// Levels run from 0 to kLevels - 1 (a row's level is capped there).
constexpr unsigned kLevels = 32;

// The sampling key of a resource: the first 64 bits of its declared digest
// ("sha256:<hex>"; any other text is mixed whole).
uint64_t SampleSeed(std::string_view declared_hash);
// The level of data row `row` (0-based) of a resource keyed by `seed`.
unsigned RowLevel(uint64_t seed, uint64_t row);

// Per-column counters for every detector of a code list, over the column's
// sample.
class ColumnDetectors {
 public:
  explicit ColumnDetectors(const std::vector<ContentDetector>* detectors);

  // Whether a value in a row of level `row_level` is in the sample (else
  // Add ignores it; callers skip it without looking at it).
  bool Wants(unsigned row_level) const { return row_level >= level_; }
  // Tests one value of a row of level `row_level` (surrounding blanks
  // ignored); empty values, missing-value markers and values outside the
  // sample are not counted.
  void Add(std::string_view value, unsigned row_level);
  // One value made of parts (a JSON Lines array or object: its strings,
  // numbers and keys): counted as one value, which detector d matches when
  // any part does, so a record's other members do not dilute the share
  // (parts that are empty or markers only: no value).
  void AddParts(const std::vector<std::string_view>& parts, unsigned row_level);

  // The column's level: its sample holds the values of rows at this level
  // or above, one row in 2^level (0: every value was tested).
  unsigned level() const { return level_; }
  bool sampled() const { return level_ > 0; }
  // Values in the sample, and those detector `d` matched.
  uint64_t values() const { return sample_; }
  uint64_t matched(size_t d) const;
  // The counts a detector's share is taken on (share_count.h): `matched` of
  // `values`, over the sample (kValues), or over the values of the sample
  // that no other detector recognises (kUnrecognised; `matched` are then the
  // values detector d alone matched); or (kRecognised) `claimed` of the
  // sample's `values` are values some detector recognises, and `matched`
  // those d alone matched.
  struct Share {
    uint64_t matched = 0, values = 0;
    ShareCount count = ShareCount::kValues;
    uint64_t claimed = 0;  // kRecognised only
    bool fires = false;    // the threshold is met on this count
  };
  // The count on which detector `d` fires, the first that it fires on (the
  // count over the whole sample when it fires on none).
  Share ShareOf(size_t d) const;
  // The detector's threshold (minMatches, and minPercent of values) is met
  // on one of the three counts.
  bool Fires(size_t d) const;

 private:
  // Adds to hits[d] for each detector d that matches `value` (trimmed) in
  // any of its spellings (value_forms.h), and TestForm for one spelling.
  // Each unit (the value's spellings; each piece's) through TestUnit.
  void Test(std::string_view value);
  // Tests one unit, adds its matches to hits_, and marks in alone_hit_ the
  // detector that matched it when only one test did.
  void TestUnit(const ValueForms* forms, std::string_view single);
  void TestForm(std::string_view value, uint64_t* hits) const;
  // Counts one value at `row_level` that each detector d with hits_[d] > 0
  // matched (once, in however many spellings or parts), and raises the
  // level if due.
  void Count(unsigned row_level);
  // d's threshold: `matched` reach minMatches and `share` of `values` reach
  // minPercent (share is matched itself on the first two counts).
  bool Meets(size_t d, uint64_t matched, uint64_t share, uint64_t values) const;
  // counts[level * stride + d] summed over the sample's levels (stride 1,
  // d 0 for a count per level).
  uint64_t Sum(const std::vector<uint64_t>& counts, size_t stride, size_t d) const;

  const std::vector<ContentDetector>* detectors_;
  std::vector<ValueTest> tests_;
  std::vector<uint64_t> hits_;       // [d]: the value being counted
  std::vector<uint8_t> alone_hit_;   // [d]: d matched a piece of it alone
  std::vector<uint64_t> unit_;       // [d]: the unit being tested
  unsigned level_ = 0;
  uint64_t sample_ = 0;              // values at level_ or above
  std::vector<uint64_t> at_level_;   // [level]: values tested
  std::vector<uint64_t> claimed_;    // [level]: values some detector matched
  std::vector<uint64_t> matched_;    // [level * detectors + d]
  std::vector<uint64_t> alone_;      // [level * detectors + d]: d's test alone matched
};

}  // namespace dxcheck

#endif  // DXCHECK_DATA_COLUMN_SAMPLE_H_
