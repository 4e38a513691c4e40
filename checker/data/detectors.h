// Content detectors: tests on single values from a data file, named by the
// code list's `content` section (rules/README.md "Content detectors").
//
// Each detector is a pure function of one value, cheap enough to run on many
// values (a length and character-class filter first, the check digit last).
// ColumnDetectors (column_sample.h) runs them over a sample of each column
// and keeps counts only, never a value.
#ifndef DXCHECK_DATA_DETECTORS_H_
#define DXCHECK_DATA_DETECTORS_H_

#include <string>
#include <string_view>

namespace dxcheck {

// GB 11643-1999: 17 digits (6 region, 8 birth date YYYYMMDD, 3 sequence) and
// an ISO 7064 MOD 11-2 check character (0-9 or X).
bool IsResidentIdNumber(std::string_view v);
// Mainland mobile number: 1[3-9] and 9 more digits, optionally after +86,
// 0086 or 86, with spaces or hyphens between groups.
bool IsMainlandMobile(std::string_view v);
// local@domain.tld with RFC 5321 lengths.
bool IsEmailAddress(std::string_view v);
// 13 to 19 digits (spaces or hyphens between groups) with a valid Luhn digit.
bool IsBankCardNumber(std::string_view v);

// A missing-value marker (docs/data.md "Content share"): what an export
// writes for "no value", which is no value to the detectors either (it is
// not counted, as an empty value is not). `v` is already trimmed. The set is
// small and explicit: n/a, na, #n/a, nan, null, none, unknown, missing, "-",
// "--", ".", "?" (ASCII case ignored), and U+2014 (—), "——", 无, 未知, 缺失,
// 不详 exactly.
bool IsMissingValueMarker(std::string_view v);

// The test of ContentDetector::detector ("cn_resident_id", ...); nullptr for
// an unknown name (the code list loader refuses those).
using ValueTest = bool (*)(std::string_view);
ValueTest DetectorTest(const std::string& detector);

}  // namespace dxcheck

#endif  // DXCHECK_DATA_DETECTORS_H_
