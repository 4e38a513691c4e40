// OpenSSL's one-call SHA-256 functions (SHA256_Init/Update/Final: deprecated
// by OpenSSL 3.0 in favour of EVP, still shipped) rather than EVP_Digest: the
// same assembly, without what a process's first EVP call costs — OpenSSL reads
// its configuration file and sets up its default provider, about 1.5 ms of a
// fresh `dxcheck check` that never signs (bench/README.md). Signing and the
// data readers' streaming digests still go through EVP.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "checker/base/digest.h"

#include <openssl/sha.h>

namespace dxcheck {

std::string Sha256Hex(std::string_view data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256_CTX ctx;
  if (SHA256_Init(&ctx) != 1 || SHA256_Update(&ctx, data.data(), data.size()) != 1 ||
      SHA256_Final(md, &ctx) != 1) {
    return {};
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out(2 * SHA256_DIGEST_LENGTH, '0');
  for (size_t i = 0; i < SHA256_DIGEST_LENGTH; ++i) {
    out[2 * i] = kHex[md[i] >> 4];
    out[2 * i + 1] = kHex[md[i] & 15];
  }
  return out;
}

}  // namespace dxcheck
