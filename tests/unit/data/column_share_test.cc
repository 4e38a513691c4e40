// What a content detector's share is taken over (docs/data.md "Content
// share"): missing-value markers are not values, and a value another
// detector recognises is not evidence against a detector. Each case is a
// red-team finding where the old share failed open, or a guard that the
// new share does not fire where nothing is there. Synthetic values only.
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

std::string Mobile(uint64_t i) {
  char b[16];
  std::snprintf(b, sizeof b, "13%c%08llu", i % 2 ? '9' : '8', static_cast<unsigned long long>(i % 100000000));
  return b;
}

std::string Email(uint64_t i) { return "person" + std::to_string(i) + "@example.com"; }

// An ID number, a mobile or an e-mail address in turn: a column of the
// three kinds a third each.
std::string OneOfThree(uint64_t i) {
  return i % 3 == 0 ? ResidentId(i) : i % 3 == 1 ? Mobile(i) : Email(i);
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

TEST_CASE("content share: ID numbers, mobiles and e-mails a third each fire all three") {
  // Red team: each kind was 33 % of the column, under every minPercent.
  size_t id = Index("cn_resident_id"), mobile = Index("cn_mobile"), email = Index("email"),
         card = Index("bank_card");
  ColumnDetectors c(&Shipped());
  for (uint64_t i = 0; i < 60; ++i) {
    c.Add(OneOfThree(i), 0);
  }
  CHECK(c.values() == 60);
  CHECK(c.Fires(id));
  CHECK(c.Fires(mobile));
  CHECK(c.Fires(email));
  // Some of the ID numbers pass a Luhn check too; no value is a card only.
  CHECK_FALSE(c.Fires(card));
  // With markers between them as well, and with other values: 20 of each
  // kind and 5 unrecognised values fire all three on the second count (20
  // of 25, 80 % for cn_mobile); 20 of each and 20 others fire cn_mobile on
  // none (20 of 40 on the second, 60 of 80 = 75 % personal on the third),
  // cn_resident_id and email still (20 of 40 = 50 %).
  ColumnDetectors padded(&Shipped()), diluted(&Shipped());
  for (uint64_t i = 0; i < 60; ++i) {
    std::string v = OneOfThree(i);
    padded.Add(v, 0);
    padded.Add("N/A", 0);
    diluted.Add(v, 0);
  }
  for (int k = 0; k < 5; ++k) padded.Add("ORDER-" + std::to_string(k), 0);
  for (int k = 0; k < 20; ++k) diluted.Add("ORDER-" + std::to_string(k), 0);
  CHECK(padded.Fires(mobile));
  CHECK(padded.Fires(id));
  CHECK(padded.Fires(email));
  CHECK_FALSE(diluted.Fires(mobile));
  CHECK(diluted.Fires(id));
  CHECK(diluted.Fires(email));
}

TEST_CASE("content share: filler beyond any one kind no longer hides a mixed column") {
  // Review (helper-41): 24 IDs, 24 mobiles, 24 e-mails and 26 other values
  // were 24/98 on the first count and 24/50 = 48 % on the second: nothing
  // fired, the column passed as nonpersonal. 72 of the 98 (73 %) are values
  // some detector recognises: over cn_resident_id's and email's 50 %, under
  // cn_mobile's 80 %.
  size_t id = Index("cn_resident_id"), mobile = Index("cn_mobile"), email = Index("email"),
         card = Index("bank_card");
  ColumnDetectors c(&Shipped());
  for (uint64_t i = 0; i < 72; ++i) {
    c.Add(OneOfThree(i), 0);
  }
  for (int k = 0; k < 26; ++k) c.Add("REF-000" + std::to_string(k), 0);
  REQUIRE(c.values() == 98);
  CHECK(c.Fires(id));
  CHECK(c.Fires(email));
  CHECK_FALSE(c.Fires(mobile));
  CHECK_FALSE(c.Fires(card));
  ColumnDetectors::Share s = c.ShareOf(id);
  CHECK(s.count == ShareCount::kRecognised);
  CHECK(s.matched == 21);  // the IDs alone: 3 of the 24 also pass Luhn
  CHECK(s.values == 98);
  CHECK(s.claimed == 72);
}

TEST_CASE("content share: two kinds joined in one value are each detector's alone") {
  // Review (helper-41): "ID;mobile" and "email;card" values matched two
  // detectors each, so the second count set every value aside and nothing
  // fired on a column 98 % personal. Each piece is now its detector's alone.
  size_t id = Index("cn_resident_id"), mobile = Index("cn_mobile"), email = Index("email"),
         card = Index("bank_card");
  ColumnDetectors c(&Shipped());
  for (uint64_t i = 0; i < 49; ++i) {
    c.Add(ResidentId(i) + ";" + Mobile(i), 0);
    c.Add(Email(i) + ";" + "4111111111111111", 0);
  }
  c.Add("REF-1", 0);
  c.Add("REF-2", 0);
  CHECK(c.Fires(id));
  CHECK(c.Fires(mobile));
  CHECK(c.Fires(email));
  CHECK(c.Fires(card));
}

TEST_CASE("content share: a phone column written with 86 in front is no card column") {
  // "86" + a mobile number is 13 digits, and one in ten passes Luhn: each
  // such value is one piece both tests match, so bank_card has no value
  // alone and fires on no count, whatever share the phones are.
  size_t mobile = Index("cn_mobile"), card = Index("bank_card");
  ColumnDetectors c(&Shipped());
  for (uint64_t i = 0; i < 500; ++i) c.Add("86" + Mobile(i * 7919), 0);
  CHECK(c.Fires(mobile));
  CHECK_FALSE(c.Fires(card));
}

TEST_CASE("content share: the counts a detector fired on are the ones reported") {
  // The decision's matched/values and E1607's message come from ShareOf:
  // matched x 100 >= values x minPercent holds for the count reported.
  size_t id = Index("cn_resident_id"), mobile = Index("cn_mobile");
  ColumnDetectors c(&Shipped());
  for (uint64_t i = 0; i < 60; ++i) c.Add(OneOfThree(i), 0);
  c.Add("ORDER-1", 0);
  ColumnDetectors::Share m = c.ShareOf(mobile);
  CHECK(m.count == ShareCount::kUnrecognised);
  CHECK(m.matched == 20);
  CHECK(m.values == 21);  // the 20 mobiles and the one value nobody matched
  ColumnDetectors::Share i = c.ShareOf(id);
  CHECK(i.count == ShareCount::kUnrecognised);
  CHECK(i.matched + c.matched(Index("bank_card")) == 20);  // Luhn-valid IDs set aside
  CHECK(i.values == i.matched + 1);
  // Firing on all the values, the count is the column's, as before.
  ColumnDetectors ids(&Shipped());
  for (uint64_t k = 0; k < 30; ++k) ids.Add(ResidentId(k), 0);
  ColumnDetectors::Share all = ids.ShareOf(id);
  CHECK_FALSE(all.count == ShareCount::kUnrecognised);
  CHECK(all.matched == 30);
  CHECK(all.values == 30);
}

TEST_CASE("content share: one test named twice in the code list is one detector") {
  // Two entries of the same test (two categories): a value both match is
  // still that detector's alone, not set aside as another's.
  std::vector<ContentDetector> dets(3);
  dets[0].detector = dets[1].detector = "email";
  dets[0].category = "pi.contact";
  dets[1].category = "pi.identity";
  dets[2].detector = "cn_mobile";
  dets[2].category = "pi.contact";
  for (ContentDetector& d : dets) d.min_percent = 80, d.min_matches = 2;
  ColumnDetectors c(&dets);
  for (uint64_t i = 0; i < 40; ++i) c.Add(i % 2 ? Email(i) : Mobile(i), 0);
  CHECK(c.Fires(0));
  CHECK(c.Fires(1));
  CHECK(c.Fires(2));
  CHECK(c.ShareOf(0).matched == 20);
  CHECK(c.ShareOf(0).values == 20);
}

TEST_CASE("content share: a detector that only matches values another recognises does not fire") {
  // One ID number in ten or so passes the bank card's Luhn check: set
  // aside as ID numbers, those matches are no bank cards (no pi.financial
  // on an ID column), whatever the share among the values left.
  size_t id = Index("cn_resident_id"), card = Index("bank_card");
  ColumnDetectors c(&Shipped());
  for (uint64_t i = 0; i < 200; ++i) c.Add(ResidentId(i), 0);
  REQUIRE(c.matched(card) >= 3);  // the case is real: some ID numbers pass Luhn
  CHECK(c.Fires(id));
  CHECK_FALSE(c.Fires(card));
  // Likewise mobiles written +86 (13 digits, some Luhn-valid).
  ColumnDetectors plus86(&Shipped());
  for (uint64_t i = 0; i < 200; ++i) plus86.Add("86" + Mobile(i), 0);
  REQUIRE(plus86.matched(card) >= 3);
  CHECK(plus86.Fires(Index("cn_mobile")));
  CHECK_FALSE(plus86.Fires(card));
}

TEST_CASE("content share: never below the share over all values") {
  // ID numbers at exactly 50 % beside unrecognised values: some of them are
  // also Luhn-valid, so among the values no other detector recognises they
  // are under 50 %; the share over all values still fires, as before.
  size_t id = Index("cn_resident_id");
  ColumnDetectors c(&Shipped());
  for (uint64_t i = 0; i < 100; ++i) c.Add(i % 2 ? ResidentId(i) : "ORDER-" + std::to_string(i), 0);
  REQUIRE(c.matched(Index("bank_card")) > 0);
  CHECK(c.matched(id) == 50);
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

TEST_CASE("content share: a sampled mixed column is counted per level") {
  // The values of a level leave every count together when the level rises,
  // so the shares among the values left hold on the sample.
  size_t id = Index("cn_resident_id"), mobile = Index("cn_mobile"), email = Index("email"),
         card = Index("bank_card");
  const uint64_t rows = 2000000;
  ColumnDetectors mixed(&Shipped());
  Feed(&mixed, rows, [](uint64_t r) {
    return OneOfThree(r);
  });
  INFO("mixed: " << mixed.values() << " values, level " << mixed.level());
  CHECK(mixed.sampled());
  CHECK(mixed.values() < 3 * kSampleMin);
  CHECK(mixed.Fires(id));
  CHECK(mixed.Fires(mobile));
  CHECK(mixed.Fires(email));
  CHECK_FALSE(mixed.Fires(card));
  // The same mix with 3 % unrecognised values: cn_mobile's share among the
  // values no other detector recognises is then about 33 / 36, over 80 %;
  // with 30 % it is about 23 / 53 on the second count and 70 % personal on
  // the third, under it on both.
  auto with_noise = [](unsigned per_hundred) {
    return [per_hundred](uint64_t r) {
      if (r * 13 % 100 < per_hundred) return std::string("ORDER-1");
      return OneOfThree(r);
    };
  };
  ColumnDetectors low(&Shipped()), high(&Shipped());
  Feed(&low, rows, with_noise(3));
  Feed(&high, rows, with_noise(30));
  CHECK(low.sampled());
  CHECK(low.Fires(mobile));
  CHECK_FALSE(high.Fires(mobile));
  CHECK(high.Fires(id));  // ~70 % of the values are personal: over 50 %
}

}  // namespace dxcheck
