#include "checker/base/identifiers.h"

#include <doctest/doctest.h>

namespace dxcheck {

TEST_CASE("USCC check character (GB 32100)") {
  CHECK(CheckUscc("91310000MA1FL0000N") == "");
  CHECK(CheckUscc("91320100MA1X000009") == "");
  CHECK(CheckUscc("91310000MA1FL0000X") == "check character is 'X', GB 32100 gives 'N'");
  CHECK(CheckUscc("91310000MA1FL0000") == "must be 18 characters, found 17 bytes");
  CHECK(CheckUscc("91310000MA1FL0I00N") ==
        "character 15 is not one of GB 32100's 0-9 and A-Y without I, O, S, V, Z");
  CHECK(CheckUscc("9131A000MA1FL0000N") ==
        "characters 3-8 (administrative division code) must be digits");
}

TEST_CASE("country codes") {
  CHECK(IsAssignedCountryCode("US"));
  CHECK(IsAssignedCountryCode("HK"));
  CHECK(IsAssignedCountryCode("ZW"));
  CHECK(IsAssignedCountryCode("AD"));
  CHECK_FALSE(IsAssignedCountryCode("XX"));
  CHECK_FALSE(IsAssignedCountryCode("UK"));  // reserved, not assigned: GB is
  CHECK_FALSE(IsAssignedCountryCode("us"));
  CHECK_FALSE(IsAssignedCountryCode("USA"));
}

TEST_CASE("code forms") {
  CHECK(IsLowerSnake("biomedicine"));
  CHECK(IsLowerSnake("medical_devices"));
  CHECK(IsLowerSnake("a1_b2"));
  CHECK_FALSE(IsLowerSnake("Medical"));
  CHECK_FALSE(IsLowerSnake("a__b"));
  CHECK_FALSE(IsLowerSnake("a_"));
  CHECK_FALSE(IsLowerSnake("1a"));
  CHECK_FALSE(IsLowerSnake(""));
  CHECK(IsZoneCode("CN-JS-FTZ-SZ"));
  CHECK(IsZoneCode("CN-BJ-FTZ"));
  CHECK_FALSE(IsZoneCode("CN-BJ"));
  CHECK_FALSE(IsZoneCode("CN-BJ-"));
  CHECK_FALSE(IsZoneCode("CN-bj-FTZ"));
  CHECK_FALSE(IsZoneCode("US-CA-X"));
  CHECK_FALSE(IsZoneCode("CN-JS--SZ"));
  CHECK(IsSha256Hash("sha256:" + std::string(64, 'a')));
  CHECK_FALSE(IsSha256Hash("sha256:" + std::string(64, 'A')));
  CHECK_FALSE(IsSha256Hash(std::string(64, 'a')));
}

}  // namespace dxcheck
