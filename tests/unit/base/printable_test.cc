#include "checker/base/printable.h"

#include <doctest/doctest.h>

namespace dxcheck {
namespace {

TEST_CASE("printable text is kept as it is") {
  CHECK(Printable("受试者姓名 SUBJID a\\b \"q\"") == "受试者姓名 SUBJID a\\b \"q\"");
  CHECK(IsPrintable("受试者姓名 SUBJID"));
  CHECK(Printable("") == "");
}

TEST_CASE("C0 controls, DEL, C1 controls and bidi overrides are escaped") {
  CHECK(Printable("a\nb\rc\td") == "a\\nb\\rc\\td");
  CHECK(Printable("\x1b[31mred\x07") == "\\x1b[31mred\\x07");
  CHECK(Printable(std::string("nul\0x", 5)) == "nul\\x00x");
  CHECK(Printable("del\x7f") == "del\\x7f");
  CHECK(Printable("c1\xc2\x9b"
                  "31m") == "c1\\u009b31m");  // CSI as C1
  CHECK(Printable("\xe2\x80\xae"
                  "evil") == "\\u202eevil");            // RIGHT-TO-LEFT OVERRIDE
  CHECK(Printable("ls\xe2\x80\xa8x") == "ls\\u2028x");  // LINE SEPARATOR
  CHECK(Printable("\xe2\x81\xa6x") == "\\u2066x");      // LEFT-TO-RIGHT ISOLATE
  CHECK_FALSE(IsPrintable("a\nb"));
  CHECK_FALSE(IsPrintable("\xe2\x80\xae"));
}

TEST_CASE("bytes that are not UTF-8 are escaped one by one") {
  CHECK(Printable("a\xff"
                  "b") == "a\\xffb");
  CHECK(Printable("\xe4\xb8") == "\\xe4\\xb8");           // cut-off sequence
  CHECK(Printable("\xed\xb0\x80") == "\\xed\\xb0\\x80");  // a lone low surrogate as CESU bytes
  CHECK(Printable("\xc0\xaf") == "\\xc0\\xaf");           // overlong '/'
  CHECK_FALSE(IsPrintable("\xff"));
}

}  // namespace
}  // namespace dxcheck
