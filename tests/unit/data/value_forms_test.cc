#include "checker/data/value_forms.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "checker/data/detectors.h"

namespace dxcheck {
namespace {

std::vector<std::string> Forms(std::string_view v) {
  ValueForms f(v);
  std::vector<std::string> out;
  for (size_t i = 0; i < f.size(); ++i) out.emplace_back(f[i]);
  return out;
}

// Whether any form of `v` is a resident ID number / a mobile.
bool AnyId(std::string_view v) {
  ValueForms f(v);
  for (size_t i = 0; i < f.size(); ++i) {
    if (IsResidentIdNumber(f[i])) return true;
  }
  return false;
}
bool AnyMobile(std::string_view v) {
  ValueForms f(v);
  for (size_t i = 0; i < f.size(); ++i) {
    if (IsMainlandMobile(f[i])) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("value forms: a plain value is its only form") {
  CHECK(Forms("110101199003071233") == std::vector<std::string>{"110101199003071233"});
  CHECK(Forms("headache") == std::vector<std::string>{"headache"});
  CHECK(Forms("12.5") == std::vector<std::string>{"12.5"});  // a fraction stays a fraction
}

TEST_CASE("value forms: formatting no longer hides an ID number or a mobile") {
  const std::string id = "110101199003071233";
  // Full-width digits, as Chinese input methods type them.
  std::string wide;
  for (char c : id) wide += std::string("\xEF\xBC") + static_cast<char>(0x90 + (c - '0'));
  CHECK(AnyId(wide));
  CHECK(AnyId("1101011990\xE2\x80\x8B" "03071233"));    // a zero-width space inside
  CHECK(AnyId("\xEF\xBB\xBF" "110101199003071233"));    // a byte-order mark before
  CHECK(AnyId("'110101199003071233"));                  // Excel's text marker
  CHECK(AnyId("110101 19900307 1233"));                 // in groups
  CHECK(AnyId("110101\n199003071233"));                 // a line break in a quoted value
  CHECK(AnyId("110101199003071233\xC2\xA0"));           // a no-break space after
  CHECK(AnyMobile("(+86)138.0013.8000"));
  CHECK(AnyMobile("13800138000.0"));
  CHECK(AnyMobile("1.3800138e10"));
  CHECK(AnyMobile("1.3800138E+10"));
  CHECK(AnyId("\"110101199003071233\""));              // quotes kept by a wrong quoteChar
  CHECK(AnyId("=\"110101199003071233\""));             // Excel's text formula
  CHECK(AnyId("110101\xE2\x80\x8E" "199003071233"));     // a direction mark inside
  CHECK(AnyId("110101\xE2\x80\x89" "19900307\xE2\x80\x93" "1233"));  // thin space, en dash
  CHECK(AnyMobile("+1.38e10"));
  CHECK_FALSE(AnyMobile("1.38001385e9"));  // 1,380,013,850: ten digits
  // Plain decimals are measurements, not digits in groups.
  CHECK_FALSE(AnyMobile("1.3940549709"));
  CHECK_FALSE(AnyMobile("-1.9394054970"));
  CHECK_FALSE(AnyMobile("162779653.84"));
  CHECK_FALSE(AnyId("11010119900307123.5"));
}

}  // namespace dxcheck
