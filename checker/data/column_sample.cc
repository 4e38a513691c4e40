#include "checker/data/column_sample.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "checker/data/value_forms.h"

namespace dxcheck {
namespace {

constexpr size_t kMaxSpelledBytes = 1024;
constexpr size_t kMaxPiecedBytes = 64 << 10;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view Trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && IsBlank(v.back())) v.remove_suffix(1);
  return v;
}

// SplitMix64's output function (Steele, Lea and Flood 2014): a bijection of
// 64-bit words whose output bits each depend on every input bit.
uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Whether `v` holds an '@', eight bytes at a time (a byte of w ^ 0x40..40
// is zero exactly where w has an '@').
bool HasAt(std::string_view v) {
  const char* p = v.data();
  size_t n = v.size(), i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    w ^= 0x4040404040404040ull;
    if (((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull) != 0) return true;
  }
  for (; i < n; ++i) {
    if (p[i] == '@') return true;
  }
  return false;
}

}  // namespace

uint64_t SampleSeed(std::string_view declared_hash) {
  std::string_view hex = declared_hash;
  if (hex.substr(0, 7) == "sha256:") hex.remove_prefix(7);
  uint64_t seed = 0;
  bool ok = hex.size() >= 16;
  for (size_t i = 0; ok && i < 16; ++i) {
    int d = HexDigit(hex[i]);
    ok = d >= 0;
    seed = seed << 4 | static_cast<uint64_t>(d < 0 ? 0 : d);
  }
  if (ok) return seed;
  // Not a digest (the manifest loader refuses those; kept total anyway).
  seed = 0x6A09E667F3BCC908ull;
  for (char c : declared_hash) seed = Mix(seed ^ static_cast<unsigned char>(c));
  return seed;
}

unsigned RowLevel(uint64_t seed, uint64_t row) {
  // The row's number, spread by the golden ratio (SplitMix64's increment),
  // keyed by the seed and mixed: the trailing zero bits are those of a
  // uniform word, so a row has level >= k with probability 2^-k.
  uint64_t x = Mix(seed + (row + 1) * 0x9E3779B97F4A7C15ull);
  x |= uint64_t{1} << (kLevels - 1);
  return static_cast<unsigned>(__builtin_ctzll(x));
}

ColumnDetectors::ColumnDetectors(const std::vector<ContentDetector>* detectors)
    : detectors_(detectors),
      hits_(detectors->size(), 0),
      alone_hit_(detectors->size(), 0),
      unit_(detectors->size(), 0),
      at_level_(kLevels, 0),
      claimed_(kLevels, 0),
      matched_(kLevels * detectors->size(), 0),
      alone_(kLevels * detectors->size(), 0) {
  for (const ContentDetector& d : *detectors) tests_.push_back(DetectorTest(d.detector));
}

void ColumnDetectors::Add(std::string_view value, unsigned row_level) {
  if (row_level < level_ || value.empty()) return;
  if (IsBlank(value.front()) || IsBlank(value.back())) value = Trim(value);
  // A missing-value marker is no value: like an empty one, not counted (a
  // column padded with "n/a" would dilute its detectors' shares).
  if (value.empty() || IsMissingValueMarker(value)) return;
  if (row_level >= kLevels) row_level = kLevels - 1;
  std::fill(hits_.begin(), hits_.end(), 0);
  std::fill(alone_hit_.begin(), alone_hit_.end(), 0);
  Test(value);
  Count(row_level);
}

void ColumnDetectors::AddParts(const std::vector<std::string_view>& parts, unsigned row_level) {
  if (row_level < level_) return;
  if (row_level >= kLevels) row_level = kLevels - 1;
  std::fill(hits_.begin(), hits_.end(), 0);
  std::fill(alone_hit_.begin(), alone_hit_.end(), 0);
  bool any = false;
  for (std::string_view part : parts) {
    if (!part.empty() && (IsBlank(part.front()) || IsBlank(part.back()))) part = Trim(part);
    if (part.empty() || IsMissingValueMarker(part)) continue;
    any = true;
    Test(part);
  }
  if (any) Count(row_level);
}

void ColumnDetectors::Count(unsigned row_level) {
  // The value's matches, once per detector (hits_ counts spellings and
  // parts), and those of detectors that matched some piece of it alone
  // (alone_hit_, set by TestUnit).
  const size_t n = tests_.size();
  uint64_t* matched = matched_.data() + static_cast<size_t>(row_level) * n;
  uint64_t* alone = alone_.data() + static_cast<size_t>(row_level) * n;
  bool any = false;
  for (size_t i = 0; i < n; ++i) {
    if (hits_[i] == 0) continue;
    ++matched[i];
    any = true;
    alone[i] += alone_hit_[i];
  }
  if (any) ++claimed_[row_level];
  ++at_level_[row_level];
  ++sample_;
  // The sample has more than kSampleMin values without those of the
  // column's level: drop that level (half the sample, in expectation).
  // Every count is a sum over the levels from level_ up, so the level's
  // values leave all of them at once.
  while (level_ + 1 < kLevels && sample_ - at_level_[level_] > kSampleMin) {
    sample_ -= at_level_[level_];
    ++level_;
  }
}

void ColumnDetectors::TestUnit(const ValueForms* forms, std::string_view single) {
  std::fill(unit_.begin(), unit_.end(), 0);
  if (forms == nullptr) {
    TestForm(single, unit_.data());
  } else {
    for (size_t f = 0; f < forms->size(); ++f) TestForm((*forms)[f], unit_.data());
  }
  // The piece is one detector's alone when every detector that matched it
  // runs the same test (the code list may name one test twice, for two
  // categories: that is not another detector).
  ValueTest first = nullptr;
  bool one_test = true;
  for (size_t i = 0; i < unit_.size(); ++i) {
    if (unit_[i] == 0) continue;
    hits_[i] += unit_[i];
    if (first == nullptr) first = tests_[i];
    one_test = one_test && tests_[i] == first;
  }
  for (size_t i = 0; one_test && first != nullptr && i < unit_.size(); ++i) {
    if (unit_[i] > 0) alone_hit_[i] = 1;
  }
}

void ColumnDetectors::Test(std::string_view value) {
  // Every spelling of the value (value_forms.h), and its pieces, each a unit
  // (TestUnit): hits_[d] counts each spelling or piece d matched, Count
  // takes it as one. A value "ID;mobile" is then both detectors' alone (each
  // matched a piece no other did); "8613800138000", one piece that passes
  // the mobile and the Luhn test, is neither's.
  // Spellings of values up to 1 KiB; pieces of values up to 64 KiB (a
  // whole record under a wrong delimiter is longer than one value).
  if (value.size() < 6 || value.size() > kMaxPiecedBytes) return;
  static constexpr std::string_view kDelims = ",;\t|\n\r";
  size_t delim = value.find_first_of(kDelims);
  std::optional<ValueForms> forms;
  if (value.size() <= kMaxSpelledBytes) forms.emplace(value);
  if (forms && forms->size() == 1 && delim == std::string_view::npos) {
    TestUnit(nullptr, value);  // the common case: one spelling, one piece
    return;
  }
  if (forms) TestUnit(&*forms, value);
  // The pieces between any of the delimiters, each in its own spellings.
  for (size_t start = 0; delim != std::string_view::npos && start <= value.size();) {
    size_t end = value.find_first_of(kDelims, start);
    if (end == std::string_view::npos) end = value.size();
    std::string_view piece = Trim(value.substr(start, end - start));
    if (piece.size() >= 6 && piece.size() <= kMaxSpelledBytes) {
      ValueForms pf(piece);
      TestUnit(&pf, piece);
    }
    start = end + 1;
  }
}

void ColumnDetectors::TestForm(std::string_view value, uint64_t* matched) const {
  // Every detector wants at least 6 characters and at most 254: anything
  // else (codes, flags, numbers) is counted without running a test.
  size_t n = value.size();
  if (n < 6 || n > 254) return;
  // The first conditions of each test (lengths, first character, an '@'),
  // checked here so that most values are rejected without a call: a pure
  // shortcut, the tests check the same again.
  char c = value[0];
  bool digit = IsDigit(c) && c != '0';
  for (size_t i = 0; i < tests_.size(); ++i) {
    ValueTest t = tests_[i];
    bool may;
    if (t == IsResidentIdNumber) {
      may = n == 18 && digit;
    } else if (t == IsMainlandMobile) {
      may = n >= 11 && n <= 20 && (IsDigit(c) || c == '+');
    } else if (t == IsBankCardNumber) {
      may = n >= 13 && n <= 23 && digit;
    } else if (t == IsEmailAddress) {
      may = HasAt(value);
    } else {
      may = t != nullptr;
    }
    if (may && t(value)) ++matched[i];
  }
}

uint64_t ColumnDetectors::Sum(const std::vector<uint64_t>& counts, size_t stride, size_t d) const {
  uint64_t n = 0;
  for (unsigned l = level_; l < kLevels; ++l) n += counts[l * stride + d];
  return n;
}

uint64_t ColumnDetectors::matched(size_t d) const { return Sum(matched_, tests_.size(), d); }

bool ColumnDetectors::Meets(size_t d, uint64_t matched, uint64_t share, uint64_t values) const {
  // In integers: no division, and no share of zero values (minMatches is at
  // least 1 in a loaded code list; 0 matches never fire here either).
  const ContentDetector& det = (*detectors_)[d];
  return matched > 0 && matched >= det.min_matches && share * 100 >= values * det.min_percent;
}

ColumnDetectors::Share ColumnDetectors::ShareOf(size_t d) const {
  uint64_t all = matched(d);
  if (Meets(d, all, all, sample_)) return Share{all, sample_, ShareCount::kValues, 0, true};
  // The values no other detector recognises: those nobody matched, and
  // those d's test alone matched (claimed_ >= alone_ at every level).
  uint64_t alone = Sum(alone_, tests_.size(), d);
  uint64_t claimed = Sum(claimed_, 1, 0);
  uint64_t own = sample_ - claimed + alone;
  if (Meets(d, alone, alone, own)) return Share{alone, own, ShareCount::kUnrecognised, 0, true};
  // The values some detector recognises, over all the values: a column of
  // personal values of several kinds padded with other text. d must itself
  // have recognised minMatches values alone (a piece no other detector
  // matched), so that a mobile number that also passes Luhn makes no bank
  // card of a phone column.
  if (Meets(d, alone, claimed, sample_)) return Share{alone, sample_, ShareCount::kRecognised, claimed, true};
  return Share{all, sample_, ShareCount::kValues, 0, false};
}

bool ColumnDetectors::Fires(size_t d) const { return ShareOf(d).fires; }

}  // namespace dxcheck
