#include "checker/base/digest.h"

#include <doctest/doctest.h>
#include <openssl/evp.h>

#include <string>

namespace dxcheck {
namespace {

// FIPS 180-4 / NIST CAVS vectors.
TEST_CASE("SHA-256 known answers") {
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(Sha256Hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Sha256Hex does not go through EVP: the two agree on every length around
// the block size.
TEST_CASE("SHA-256 equals OpenSSL's EVP digest") {
  std::string data;
  for (int n = 0; n < 300; ++n) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    REQUIRE(EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) == 1);
    static const char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < len; ++i) hex += std::string{kHex[md[i] >> 4], kHex[md[i] & 15]};
    CHECK(Sha256Hex(data) == hex);
    data.push_back(static_cast<char>(n * 37 + 11));
  }
}

}  // namespace
}  // namespace dxcheck
