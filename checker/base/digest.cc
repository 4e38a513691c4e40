#include "checker/base/digest.h"

#include <openssl/evp.h>

namespace dxcheck {
namespace {

// OpenSSL 3's EVP_Digest(..., EVP_sha256(), ...) looks the algorithm up and
// allocates a context (and the provider's) on every call. The algorithm is
// fetched once per process (and kept to its end), and each thread keeps one
// context, re-initialised per digest and freed when the thread ends.
const EVP_MD* Sha256() {
  static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

EVP_MD_CTX* ThreadContext() {
  thread_local struct Holder {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Holder() { EVP_MD_CTX_free(ctx); }
  } holder;
  return holder.ctx;
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_MD_CTX* ctx = ThreadContext();
  const EVP_MD* sha256 = Sha256();
  if (ctx == nullptr || sha256 == nullptr || EVP_DigestInit_ex(ctx, sha256, nullptr) != 1 ||
      EVP_DigestUpdate(ctx, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx, md, &len) != 1) {
    return {};
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out(len * 2, '0');
  for (unsigned int i = 0; i < len; ++i) {
    out[2 * i] = kHex[md[i] >> 4];
    out[2 * i + 1] = kHex[md[i] & 15];
  }
  return out;
}

}  // namespace dxcheck
