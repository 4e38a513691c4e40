#include "checker/data/detectors.h"

#include "checker/data/column_sample.h"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace dxcheck {

TEST_CASE("resident ID numbers: GB 11643 check digit and birth date") {
  CHECK(IsResidentIdNumber("11010119900307001X") == false);  // wrong check digit for this body
  CHECK(IsResidentIdNumber("110101195001010009"));           // synthetic, valid check digit
  CHECK(IsResidentIdNumber(" 110101195001010009 "));         // surrounding blanks ignored
  CHECK_FALSE(IsResidentIdNumber("110101195001010008"));     // one digit off: check digit fails
  CHECK_FALSE(IsResidentIdNumber("110101195013010009"));     // month 13
  CHECK_FALSE(IsResidentIdNumber("11010119500101000"));      // 17 characters
  CHECK_FALSE(IsResidentIdNumber("010101195001010009"));     // region cannot start with 0
  CHECK_FALSE(IsResidentIdNumber("11010119500101000A"));
}

TEST_CASE("resident ID numbers: X as check character, either case") {
  // Find a synthetic body whose check character is X and test both cases.
  static const int kW[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  for (int seq = 0; seq < 1000; ++seq) {
    char body[19];
    std::snprintf(body, sizeof body, "11010119800101%03d", seq);
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (body[i] - '0') * kW[i];
    if ("10X98765432"[sum % 11] != 'X') continue;
    std::string id = std::string(body, 17) + "X";
    CHECK(IsResidentIdNumber(id));
    id.back() = 'x';
    CHECK(IsResidentIdNumber(id));
    return;
  }
  FAIL("no body with check character X");
}

TEST_CASE("mainland mobile numbers") {
  CHECK(IsMainlandMobile("13812345678"));
  CHECK(IsMainlandMobile("+86 138 1234 5678"));
  CHECK(IsMainlandMobile("0086-13812345678"));
  CHECK(IsMainlandMobile("8613812345678"));
  CHECK_FALSE(IsMainlandMobile("12812345678"));   // 12x is not a mobile prefix
  CHECK_FALSE(IsMainlandMobile("1381234567"));    // 10 digits
  CHECK_FALSE(IsMainlandMobile("138123456789"));  // 12 digits
  CHECK_FALSE(IsMainlandMobile("138--12345678"));
  CHECK_FALSE(IsMainlandMobile("010-12345678"));  // a landline
}

TEST_CASE("e-mail addresses") {
  CHECK(IsEmailAddress("person1@example.com"));
  CHECK(IsEmailAddress("a.b+tag@sub.example.cn"));
  CHECK_FALSE(IsEmailAddress("person1@example"));
  CHECK_FALSE(IsEmailAddress("@example.com"));
  CHECK_FALSE(IsEmailAddress("a@b@example.com"));
  CHECK_FALSE(IsEmailAddress("a@example..com"));
  CHECK_FALSE(IsEmailAddress("a@example.c"));
}

TEST_CASE("bank card numbers: Luhn") {
  CHECK(IsBankCardNumber("4111111111111111"));
  CHECK(IsBankCardNumber("4111 1111 1111 1111"));
  CHECK_FALSE(IsBankCardNumber("4111111111111112"));
  CHECK_FALSE(IsBankCardNumber("411111111111"));      // 12 digits
  CHECK_FALSE(IsBankCardNumber("0000000000000000"));  // leading zero
}

TEST_CASE("detector names") {
  CHECK((DetectorTest("cn_resident_id") == &IsResidentIdNumber));
  CHECK((DetectorTest("bank_card") == &IsBankCardNumber));
  CHECK((DetectorTest("ssn") == nullptr));
}

TEST_CASE("a column's detectors fire on the threshold, counting values only (not empty, no marker)") {
  std::vector<ContentDetector> dets(1);
  dets[0].detector = "cn_mobile";
  dets[0].category = "pi.contact";
  dets[0].min_percent = 50;
  dets[0].min_matches = 3;
  ColumnDetectors c(&dets);
  c.Add("13812345678", 0);
  c.Add("13912345678", 0);
  c.Add("", 0);
  c.Add("   ", 0);
  c.Add("n/a", 0);  // a missing-value marker: no value either
  c.Add(" NULL ", 0);
  c.Add("REF-7", 0);
  CHECK(c.values() == 3);
  CHECK(c.matched(0) == 2);
  CHECK_FALSE(c.Fires(0));  // 2 < minMatches 3
  c.Add("13812340000", 0);
  CHECK(c.Fires(0));  // 3 of 4: 75 % >= 50 %
  for (int i = 0; i < 4; ++i) c.Add("pending", 0);
  CHECK(c.values() == 8);
  CHECK_FALSE(c.Fires(0));  // 3 of 8 = 37.5 % < 50 %
}

// The shortcuts before the tests (lengths, first character, an '@' found
// eight bytes at a time) must never reject a value the test accepts.
TEST_CASE("a column's shortcuts reject nothing a detector matches") {
  std::vector<ContentDetector> dets(4);
  const char* names[] = {"email", "cn_resident_id", "cn_mobile", "bank_card"};
  for (int i = 0; i < 4; ++i) {
    dets[i].detector = names[i];
    dets[i].category = "pi.contact";
    dets[i].min_percent = 50;
    dets[i].min_matches = 1;
  }
  ColumnDetectors c(&dets);
  int emails = 0;
  for (int local = 1; local <= 40; ++local) {  // the '@' at every offset of an 8-byte word
    c.Add(std::string(static_cast<size_t>(local), 'a') + "@example.cn", 0);
    ++emails;
  }
  c.Add("  110101195001010009 ", 0);
  c.Add("+86 138-1234-5678", 0);
  c.Add("4111 1111 1111 1111", 0);
  CHECK(c.values() == static_cast<uint64_t>(emails) + 3);
  CHECK(c.matched(0) == static_cast<uint64_t>(emails));
  CHECK(c.matched(1) == 1);
  CHECK(c.matched(2) == 1);
  CHECK(c.matched(3) == 1);
}

TEST_CASE("missing-value markers: the explicit set, ASCII case ignored") {
  for (const char* v : {"n/a", "N/A", "na", "NA", "#N/A", "NaN", "null", "NULL", "none", "None",
                        "unknown", "UNKNOWN", "missing", "-", "--", ".", "?", "\xE2\x80\x94",
                        "\xE2\x80\x94\xE2\x80\x94", "\xE6\x97\xA0", "\xE6\x9C\xAA\xE7\x9F\xA5",
                        "\xE7\xBC\xBA\xE5\xA4\xB1", "\xE4\xB8\x8D\xE8\xAF\xA6"}) {
    CHECK(IsMissingValueMarker(v));
  }
  // Near a marker, or a marker inside a value: values. Blanks are trimmed
  // by the caller, not here.
  for (const char* v : {"", "n/a/b", "nana", "NA1", "-1", "0", "...", "??", "unknowns", "nul", "no",
                        "x", "n /a", " n/a", "\xE6\x97\xA0\xE6\x97\xA0", "\xE6\x9C\xAA",
                        "\xE2\x80\x93", "110101195001010009"}) {
    CHECK_FALSE(IsMissingValueMarker(v));
  }
}

}  // namespace dxcheck
