#include "checker/base/base64.h"

#include <doctest/doctest.h>

namespace dxcheck {

TEST_CASE("RFC 4648 vectors") {
  const char* vectors[][2] = {{"", ""},         {"f", "Zg=="},       {"fo", "Zm8="},
                              {"foo", "Zm9v"}, {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
                              {"foobar", "Zm9vYmFy"}};
  for (auto& v : vectors) {
    CHECK(Base64Encode(v[0]) == v[1]);
    CHECK(Base64Decode(v[1]).value() == v[0]);
  }
}

TEST_CASE("both alphabets, padding optional; nothing else") {
  std::string bytes("\xfb\xff\xfe", 3);
  CHECK(Base64Encode(bytes) == "+//+");
  CHECK(Base64Decode("+//+").value() == bytes);
  CHECK(Base64Decode("-__-").value() == bytes);
  CHECK(Base64Decode("Zm8").value() == "fo");
  std::string why;
  CHECK_FALSE(Base64Decode("+_", &why));
  CHECK(why == "mixes the standard and URL-safe alphabets");
  CHECK_FALSE(Base64Decode("Zm9v\n", &why));
  CHECK(why == "invalid character at position 4");
  CHECK_FALSE(Base64Decode("Zm9vY", &why));
  CHECK(why == "length 5 is not base64");
  CHECK_FALSE(Base64Decode("Zm8==", &why));
  CHECK_FALSE(Base64Decode("Zm=8", &why));
}

}  // namespace dxcheck
