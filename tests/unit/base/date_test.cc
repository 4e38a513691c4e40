#include "checker/base/date.h"

#include <doctest/doctest.h>

#include <cstdio>

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

TEST_CASE("ToString writes what \"%04d-%02d-%02d\" writes") {
  // ToString formats the usual dates by hand and the others with snprintf:
  // both against snprintf itself, across the edges of the hand-made range.
  for (int year : {-5, -1, 0, 1, 9, 10, 99, 100, 999, 1000, 1970, 2026, 9999, 10000, 10009}) {
    for (int month : {-1, 0, 1, 9, 10, 12, 99, 100}) {
      for (int day : {-1, 0, 1, 9, 10, 31, 99, 100}) {
        Date d;
        d.year = year, d.month = month, d.day = day;
        char want[16];
        std::snprintf(want, sizeof want, "%04d-%02d-%02d", year, month, day);
        CHECK(d.ToString() == want);
      }
    }
  }
}

}  // namespace dxcheck
