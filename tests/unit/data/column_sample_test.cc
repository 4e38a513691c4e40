#include "checker/data/column_sample.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace dxcheck {
namespace {

const uint64_t kSeed = SampleSeed("sha256:3f1a5c0e9b7d2468aceb1357fdb9ca8642e0f1a3b5c7d9e8f6a4b2c0d1e3f5a7");

std::vector<ContentDetector> Mobile(unsigned min_percent, uint64_t min_matches) {
  std::vector<ContentDetector> dets(1);
  dets[0].detector = "cn_mobile";
  dets[0].category = "pi.contact";
  dets[0].min_percent = min_percent;
  dets[0].min_matches = min_matches;
  return dets;
}

std::string MobileNumber(uint64_t i) {
  char b[16];
  std::snprintf(b, sizeof b, "139%08llu", static_cast<unsigned long long>(i % 100000000));
  return b;
}

// Feeds rows 0..rows-1 of one column as a reader does: the row's level, and
// the value only when the column's sample wants it.
void FeedColumn(ColumnDetectors* c, uint64_t seed, uint64_t rows,
                const std::function<std::string(uint64_t)>& value) {
  for (uint64_t r = 0; r < rows; ++r) {
    unsigned level = RowLevel(seed, r);
    if (c->Wants(level)) c->Add(value(r), level);
  }
}

}  // namespace

TEST_CASE("content sample: the seed is the declared digest's first 64 bits") {
  CHECK(SampleSeed("sha256:0123456789abcdef" + std::string(48, '0')) == 0x0123456789abcdefull);
  CHECK(SampleSeed("sha256:fedcba9876543210" + std::string(48, '1')) == 0xfedcba9876543210ull);
  // Anything else is mixed whole, deterministically.
  CHECK(SampleSeed("not a digest") == SampleSeed("not a digest"));
  CHECK(SampleSeed("not a digest") != SampleSeed("not a digesT"));
}

TEST_CASE("content sample: row levels are fixed by seed and row, half the rows per level") {
  // Pinned values: the rule is integer arithmetic only, so every machine
  // samples the same rows (verify --data re-reads on another machine).
  std::vector<unsigned> first;
  for (uint64_t r = 0; r < 16; ++r) first.push_back(RowLevel(0, r));
  std::vector<unsigned> again;
  for (uint64_t r = 0; r < 16; ++r) again.push_back(RowLevel(0, r));
  CHECK(first == again);
  CHECK(first == std::vector<unsigned>{0, 2, 0, 2, 0, 1, 0, 2, 0, 1, 0, 1, 0, 0, 0, 0});
  // Over 2^20 rows, a level of at least k in about 2^-k of them (this seed:
  // within 2 % for k <= 6).
  const uint64_t rows = 1 << 20;
  std::vector<uint64_t> at_least(kLevels + 1, 0);
  for (uint64_t r = 0; r < rows; ++r) {
    unsigned l = RowLevel(kSeed, r);
    REQUIRE(l < kLevels);
    for (unsigned k = 0; k <= l; ++k) ++at_least[k];
  }
  CHECK(at_least[0] == rows);
  for (unsigned k = 1; k <= 6; ++k) {
    double expected = static_cast<double>(rows >> k);
    INFO("level " << k << ": " << at_least[k] << " rows");
    CHECK(static_cast<double>(at_least[k]) > expected * 0.98);
    CHECK(static_cast<double>(at_least[k]) < expected * 1.02);
  }
  // Another seed, other rows.
  int differ = 0;
  for (uint64_t r = 0; r < 64; ++r) differ += RowLevel(kSeed, r) != RowLevel(kSeed + 1, r);
  CHECK(differ > 16);
}

TEST_CASE("content sample: a column of up to kSampleMin values is read whole") {
  std::vector<ContentDetector> dets = Mobile(50, 2);
  ColumnDetectors c(&dets);
  FeedColumn(&c, kSeed, kSampleMin, [](uint64_t r) { return r % 2 ? MobileNumber(r) : "REF-7"; });
  CHECK_FALSE(c.sampled());
  CHECK(c.level() == 0);
  CHECK(c.values() == kSampleMin);
  CHECK(c.matched(0) == kSampleMin / 2);
  CHECK(c.Fires(0));  // exactly 50 %: the threshold is met, as on the whole column
  // Empty values are not values: a sparse column in a long file is read
  // whole too (here 1 value in 200 over 1.6M rows: 8,000 values).
  ColumnDetectors sparse(&dets);
  FeedColumn(&sparse, kSeed, 1600000, [](uint64_t r) { return r % 200 == 0 ? MobileNumber(r) : ""; });
  CHECK_FALSE(sparse.sampled());
  CHECK(sparse.values() == 8000);
  CHECK(sparse.matched(0) == 8000);
}

TEST_CASE("content sample: at the sample boundary, one value more starts sampling") {
  std::vector<ContentDetector> dets = Mobile(50, 2);
  // Exactly one value fewer than half matching: does not fire, exact counts.
  ColumnDetectors below(&dets);
  FeedColumn(&below, kSeed, kSampleMin,
             [](uint64_t r) { return r < kSampleMin / 2 - 1 ? MobileNumber(r) : "REF-7"; });
  CHECK(below.values() == kSampleMin);
  CHECK(below.matched(0) == kSampleMin / 2 - 1);
  CHECK_FALSE(below.Fires(0));
  // Past kSampleMin the column is sampled: the sample keeps at least
  // kSampleMin values and rows below its level are no longer read.
  ColumnDetectors past(&dets);
  uint64_t added = 0;
  for (uint64_t r = 0; !past.sampled(); ++r) {
    REQUIRE(r < 4 * kSampleMin);
    unsigned level = RowLevel(kSeed, r);
    if (past.Wants(level)) past.Add(MobileNumber(r), level), ++added;
  }
  CHECK(added > kSampleMin);
  CHECK(past.values() > kSampleMin);
  CHECK(past.values() < added);  // the values of level 0 left the sample
  CHECK(past.level() == 1);
  CHECK_FALSE(past.Wants(0));
  uint64_t before = past.values();
  past.Add(MobileNumber(1), 0);  // a value of a row below the level: not in the sample
  CHECK(past.values() == before);
}

TEST_CASE("content sample: a long column is tested on a bounded sample that keeps its share") {
  std::vector<ContentDetector> dets = Mobile(50, 2);
  const uint64_t rows = 2000000;
  struct Case {
    unsigned percent;  // of the column's values that match
    bool fires;
  };
  for (Case k : {Case{100, true}, Case{60, true}, Case{53, true}, Case{47, false}, Case{40, false},
                 Case{0, false}}) {
    ColumnDetectors c(&dets);
    FeedColumn(&c, kSeed, rows,
               [&](uint64_t r) { return r * 7 % 100 < k.percent ? MobileNumber(r) : "ORDER-1"; });
    INFO(k.percent << " %: " << c.matched(0) << " of " << c.values() << ", level " << c.level());
    CHECK(c.sampled());
    CHECK(c.values() >= kSampleMin);
    CHECK(c.values() < 3 * kSampleMin);
    double share = 100.0 * static_cast<double>(c.matched(0)) / static_cast<double>(c.values());
    CHECK(share > k.percent - 2.0);
    CHECK(share < k.percent + 2.0);
    CHECK(c.Fires(0) == k.fires);
  }
}

TEST_CASE("content sample: spread over the whole file, not its first rows") {
  // A sorted file: 40 % of rows without a number, then 60 % with. Testing
  // the first values only would see none; the sample sees about 60 %.
  std::vector<ContentDetector> dets = Mobile(50, 2);
  const uint64_t rows = 1000000;
  ColumnDetectors c(&dets);
  FeedColumn(&c, kSeed, rows, [&](uint64_t r) { return r < rows * 4 / 10 ? "REF-7" : MobileNumber(r); });
  CHECK(c.sampled());
  CHECK(c.Fires(0));
  // A column whose numbers are only in every other row (a period of 2) is
  // estimated at about half, not at 0 or 100 % as a stride would.
  ColumnDetectors alternate(&dets);
  FeedColumn(&alternate, kSeed, rows, [](uint64_t r) { return r % 2 ? MobileNumber(r) : "REF-7"; });
  double share = static_cast<double>(alternate.matched(0)) / static_cast<double>(alternate.values());
  CHECK(share > 0.47);
  CHECK(share < 0.53);
}

TEST_CASE("content sample: the same file gives the same counts; another digest another sample") {
  std::vector<ContentDetector> dets = Mobile(80, 3);
  auto value = [](uint64_t r) { return r % 10 < 9 ? MobileNumber(r) : "x"; };
  ColumnDetectors a(&dets), b(&dets), other(&dets);
  FeedColumn(&a, kSeed, 500000, value);
  FeedColumn(&b, kSeed, 500000, value);
  FeedColumn(&other, kSeed ^ 1, 500000, value);
  CHECK(a.values() == b.values());
  CHECK(a.matched(0) == b.matched(0));
  CHECK(a.level() == b.level());
  CHECK(a.values() != other.values());  // a different sample...
  CHECK(a.Fires(0));
  CHECK(other.Fires(0));  // ...with the same outcome for a column far from the threshold
}

}  // namespace dxcheck

namespace dxcheck {

TEST_CASE("a value in parts (a JSON Lines record) matches when one part does: no dilution") {
  std::vector<ContentDetector> dets = Mobile(50, 5);
  ColumnDetectors parts(&dets), flat(&dets);
  for (uint64_t r = 0; r < 20; ++r) {
    std::string mobile = MobileNumber(r);
    std::vector<std::string_view> record{"name", "Zhang", "phone", mobile, "  ", "age"};
    parts.AddParts(record, 0);
    for (std::string_view p : record) flat.Add(p, 0);
  }
  CHECK(parts.values() == 20);
  CHECK(parts.matched(0) == 20);
  CHECK(parts.Fires(0));
  CHECK(flat.values() == 100);  // the blank part is not a value
  CHECK_FALSE(flat.Fires(0));   // 20 of 100: what the reader did before
  // A whole record in one value (a wrong delimiter declared): its pieces are tested.
  ColumnDetectors record(&dets);
  for (uint64_t r = 0; r < 20; ++r) record.Add("S" + std::to_string(r) + "," + MobileNumber(r) + ",F", 0);
  CHECK(record.matched(0) == 20);
  // Every delimiter splits (not only the first one met), a line break too.
  ColumnDetectors mixed(&dets);
  for (uint64_t r = 0; r < 20; ++r) mixed.Add("x;" + MobileNumber(r) + ",y", 0);
  for (uint64_t r = 0; r < 20; ++r) mixed.Add("tel\n" + MobileNumber(r), 0);
  CHECK(mixed.matched(0) == 40);
  // A whole record longer than 1 KiB is still split into pieces.
  ColumnDetectors wide(&dets);
  for (uint64_t r = 0; r < 20; ++r) wide.Add(std::string(2000, 'a') + "," + MobileNumber(r), 0);
  CHECK(wide.matched(0) == 20);
  ColumnDetectors blank(&dets);
  blank.AddParts({"", " "}, 0);
  CHECK(blank.values() == 0);
}

}  // namespace dxcheck
