#include "checker/base/base64.h"

#include <cstdint>
#include <string>

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

// The encoder reads six bytes at a time where eight remain, three at a time
// after: every length from 0 to 200, and every byte value in every position
// of a six-byte group, against a plain bit-by-bit encoding, and decoded back.
TEST_CASE("every length and byte value: the same as a bit-by-bit encoding") {
  auto reference = [](const std::string& b) {
    static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t bits = 0, acc = 0;
    for (unsigned char c : b) {
      acc = (acc << 8) | c;
      bits += 8;
      while (bits >= 6) {
        bits -= 6;
        out += kAlphabet[(acc >> bits) & 63];
      }
    }
    if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
    while (out.size() % 4 != 0) out += '=';
    return out;
  };
  std::string bytes;
  uint32_t x = 12345;
  for (size_t n = 0; n <= 200; ++n) {
    CAPTURE(n);
    CHECK(Base64Encode(bytes) == reference(bytes));
    CHECK(Base64Decode(Base64Encode(bytes)).value() == bytes);
    x = x * 1103515245 + 12345;
    bytes += static_cast<char>(x >> 16);
  }
  for (int v = 0; v < 256; ++v) {
    for (size_t at = 0; at < 9; ++at) {
      std::string b(9, '\x5a');
      b[at] = static_cast<char>(v);
      CHECK(Base64Encode(b) == reference(b));
    }
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
