#include "checker/base/date.h"

#include <doctest/doctest.h>

namespace dxcheck {

TEST_CASE("dates parse strictly") {
  CHECK(Date::Parse("2024-02-29"));
  CHECK_FALSE(Date::Parse("2023-02-29"));
  CHECK_FALSE(Date::Parse("2026-13-01"));
  CHECK_FALSE(Date::Parse("2026-1-01"));
  CHECK_FALSE(Date::Parse("2026-01-01T00:00"));
  CHECK_FALSE(Date::Parse("1899-12-31"));
  CHECK(Date::Parse("2026-12-01")->ToString() == "2026-12-01");
  CHECK(*Date::Parse("2026-06-30") < *Date::Parse("2026-12-01"));
}

TEST_CASE("days since epoch") {
  CHECK(Date::FromDaysSinceEpoch(0).ToString() == "1970-01-01");
  CHECK(Date::FromDaysSinceEpoch(20788).ToString() == "2026-12-01");
  CHECK(Date::FromDaysSinceEpoch(19782).ToString() == "2024-02-29");
}

}  // namespace dxcheck
