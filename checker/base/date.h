// Calendar dates (YYYY-MM-DD), the only notion of time in the core library.
//
// The evaluation date is an input (`--at`), never read from a clock here:
// decisions are reproducible years later. Dates compare as days.
#ifndef DXCHECK_BASE_DATE_H_
#define DXCHECK_BASE_DATE_H_

#include <optional>
#include <string>

namespace dxcheck {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  // Parses exactly "YYYY-MM-DD" with a real calendar day (leap years
  // included), years 1900-9999. nullopt otherwise.
  static std::optional<Date> Parse(const std::string& s);
  // Days since 1970-01-01 (proleptic Gregorian), used to build dates from a clock.
  static Date FromDaysSinceEpoch(long days);

  std::string ToString() const;  // "YYYY-MM-DD"
  int Serial() const { return year * 10000 + month * 100 + day; }
};

inline bool operator<(const Date& a, const Date& b) { return a.Serial() < b.Serial(); }
inline bool operator<=(const Date& a, const Date& b) { return a.Serial() <= b.Serial(); }
inline bool operator==(const Date& a, const Date& b) { return a.Serial() == b.Serial(); }
inline bool operator!=(const Date& a, const Date& b) { return !(a == b); }

}  // namespace dxcheck

#endif  // DXCHECK_BASE_DATE_H_
