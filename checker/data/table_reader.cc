#include "checker/data/table_reader.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace dxcheck {

Status StreamFile(const std::vector<std::string>& paths,
                  const std::function<Status(std::string_view)>& consume, uint64_t* bytes,
                  std::string* sha256_hex, size_t chunk) {
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> md(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!md || EVP_DigestInit_ex(md.get(), EVP_sha256(), nullptr) != 1) {
    return Status::Internal("SHA-256 is not available");
  }
  std::vector<char> buf(chunk);
  *bytes = 0;
  Status first;
  for (const std::string& path : paths) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) return Status::NotFound(path + ": " + std::strerror(errno));
  while (true) {
    size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
    if (n > 0) {
      EVP_DigestUpdate(md.get(), buf.data(), n);
      *bytes += n;
      // After a reader's error the rest is still hashed: the digest and size
      // are reported whatever the content.
      if (first.ok() && consume) first = consume(std::string_view(buf.data(), n));
    }
    if (n < buf.size()) {
      if (std::ferror(f.get())) return Status::IoError(path + ": read error");
      break;
    }
  }
  }
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(md.get(), out, &len);
  static const char kHex[] = "0123456789abcdef";
  sha256_hex->clear();
  for (unsigned int i = 0; i < len; ++i) {
    sha256_hex->push_back(kHex[out[i] >> 4]);
    sha256_hex->push_back(kHex[out[i] & 15]);
  }
  return first;
}

bool IsValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

}  // namespace dxcheck
