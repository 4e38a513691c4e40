// What a content detector's share is taken over (docs/data.md "Content
// share"): missing-value markers are not values. Each case is a red-team
// finding where the old share failed open, or a guard that the new share
// does not fire where nothing is there. Synthetic values only.
#include "checker/data/column_sample.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "checker/data/detectors.h"
#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

const uint64_t kSeed = SampleSeed("sha256:9c1e5a7b3d2f4680aceb1357fdb9ca8642e0f1a3b5c7d9e8f6a4b2c0d1e3f5a7");

// The shipped code list's detectors and thresholds (rules/categories.json).
const std::vector<ContentDetector>& Shipped() { return test::ShippedRules().categories().content(); }

size_t Index(const std::string& detector) {
  const std::vector<ContentDetector>& dets = Shipped();
  for (size_t i = 0; i < dets.size(); ++i) {
    if (dets[i].detector == detector) return i;
  }
  FAIL("no shipped detector " << detector);
  return 0;
}

// The i-th synthetic resident ID number (tests/e2e/data_gen.py's rule):
// region 110101, a real birth date, a valid check character.
std::string ResidentId(uint64_t i) {
  static const int kW[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  char body[32];
  std::snprintf(body, sizeof body, "110101%04u%02u%02u%03u", static_cast<unsigned>(1950 + i % 50),
                static_cast<unsigned>(1 + (i / 28) % 12), static_cast<unsigned>(1 + i % 28),
                static_cast<unsigned>(i % 1000));
  int sum = 0;
  for (int k = 0; k < 17; ++k) sum += (body[k] - '0') * kW[k];
  return std::string(body, 17) + "10X98765432"[sum % 11];
}

// The markers docs/data.md lists, in several cases and with blanks around.
const std::vector<std::string> kMarkers = {
    "n/a", "N/A", "NA", "na", "#N/A", "NaN", "null", "NULL", "Null", "none", "None", "unknown",
    "UNKNOWN", "missing", "-", "--", ".", "?", "\xE2\x80\x94", "\xE2\x80\x94\xE2\x80\x94",
    "\xE6\x97\xA0", "\xE6\x9C\xAA\xE7\x9F\xA5", "\xE7\xBC\xBA\xE5\xA4\xB1", "\xE4\xB8\x8D\xE8\xAF\xA6",
    " n/a ", "\tNULL", "unknown \r"};

void Feed(ColumnDetectors* c, uint64_t rows, const std::function<std::string(uint64_t)>& value) {
  for (uint64_t r = 0; r < rows; ++r) {
    unsigned level = RowLevel(kSeed, r);
    if (c->Wants(level)) c->Add(value(r), level);
  }
}

}  // namespace

TEST_CASE("content share: missing-value markers do not dilute an ID column") {
  // Red team: 10 ID numbers among 3 x 27 markers were 11 % of the column's
  // values, under cn_resident_id's 50 %, and a nonpersonal declaration passed.
  size_t id = Index("cn_resident_id");
  ColumnDetectors c(&Shipped());
  for (uint64_t i = 0; i < 10; ++i) c.Add(ResidentId(i), 0);
  for (int k = 0; k < 3; ++k) {
    for (const std::string& m : kMarkers) c.Add(m, 0);
  }
  CHECK(c.values() == 10);
  CHECK(c.matched(id) == 10);
  CHECK(c.Fires(id));
}

TEST_CASE("content share: a column of markers only has no values and fires nothing") {
  ColumnDetectors c(&Shipped());
  for (int k = 0; k < 100; ++k) {
    for (const std::string& m : kMarkers) c.Add(m, 0);
  }
  CHECK(c.values() == 0);
  for (size_t d = 0; d < Shipped().size(); ++d) {
    CHECK(c.matched(d) == 0);
    CHECK_FALSE(c.Fires(d));
  }
  // A long one is never sampled (no value raises the level), as an empty
  // column is not.
  ColumnDetectors tall(&Shipped());
  Feed(&tall, 200000, [](uint64_t r) { return kMarkers[r % kMarkers.size()]; });
  CHECK(tall.values() == 0);
  CHECK_FALSE(tall.sampled());
  for (size_t d = 0; d < Shipped().size(); ++d) CHECK_FALSE(tall.Fires(d));
}

TEST_CASE("content share: texts near a marker are values") {
  // The set is explicit (detectors_test.cc pins it): these count as values,
  // so 10 ID numbers among 30 of them stay below 50 %.
  size_t id = Index("cn_resident_id");
  ColumnDetectors c(&Shipped());
  for (uint64_t i = 0; i < 10; ++i) c.Add(ResidentId(i), 0);
  const char* kNear[] = {"n/a/b", "nana", "NA1", "-1", "0", "..", "??", "unknowns", "nul", "n /a"};
  for (int k = 0; k < 30; ++k) c.Add(kNear[k % 10], 0);
  CHECK(c.values() == 40);
  CHECK_FALSE(c.Fires(id));
}

TEST_CASE("content share: a JSON Lines value of markers only is no value") {
  size_t id = Index("cn_resident_id");
  ColumnDetectors c(&Shipped());
  for (uint64_t i = 0; i < 4; ++i) {
    std::string v = ResidentId(i);
    c.AddParts({v, "n/a"}, 0);
    c.AddParts({"NA", "null", " "}, 0);
    c.AddParts({"?"}, 0);
  }
  CHECK(c.values() == 4);
  CHECK(c.matched(id) == 4);
  CHECK(c.Fires(id));
}

TEST_CASE("content share: a sampled column's markers are not values either") {
  // 2M rows: the column is sampled; its markers do not raise the level.
  size_t id = Index("cn_resident_id");
  const uint64_t rows = 2000000;
  ColumnDetectors padded(&Shipped());
  Feed(&padded, rows, [](uint64_t r) { return r % 3 == 0 ? ResidentId(r) : kMarkers[r % kMarkers.size()]; });
  INFO("padded: " << padded.matched(id) << " of " << padded.values() << ", level " << padded.level());
  CHECK(padded.sampled());
  CHECK(padded.values() >= kSampleMin);
  CHECK(padded.values() < 3 * kSampleMin);
  CHECK(padded.matched(id) == padded.values());
  CHECK(padded.Fires(id));
}

}  // namespace dxcheck
