#include "checker/serve/bearer_tokens.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>
#include <strings.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "checker/base/file_io.h"

namespace dxcheck {
namespace {

std::string RawSha256(const std::string& s) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), md);
  return std::string(reinterpret_cast<char*>(md), sizeof md);
}

// RFC 6750's b64token: what may follow "Bearer ".
bool IsToken68(const std::string& t) {
  for (unsigned char c : t) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              std::strchr("-._~+/=", c) != nullptr;
    if (!ok || c == '\0') return false;
  }
  return !t.empty();
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

}  // namespace

Result<BearerTokens> BearerTokens::Load(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    return Status::NotFound(path + ": cannot open: " + std::strerror(errno));
  }
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 0777));
    return Status::Permission("token file " + path + " is accessible by group or others (mode " +
                              mode + "): run chmod 600 " + path);
  }
  Result<std::string> text = ReadFile(path, 1 << 20);
  if (!text.ok()) return text.status();
  return FromText(*text, path);
}

Result<BearerTokens> BearerTokens::FromText(const std::string& text, const std::string& name) {
  BearerTokens out;
  size_t line_no = 0, pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string line = Trim(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    if (!IsToken68(line) || line.size() < 16) {
      // The token itself is never echoed: the message names its line only.
      return Status::InvalidInput(name + ":" + std::to_string(line_no) +
                                  ": not a usable bearer token (at least 16 characters of "
                                  "A-Z a-z 0-9 - . _ ~ + / =)");
    }
    out.digests_.push_back(RawSha256(line));
  }
  if (out.digests_.empty()) return Status::InvalidInput(name + ": no token in the file");
  return out;
}

bool BearerTokens::Accepts(const std::string& authorization) const {
  if (authorization.size() < 7 || strncasecmp(authorization.c_str(), "Bearer ", 7) != 0) {
    return false;
  }
  std::string presented = RawSha256(Trim(authorization.substr(7)));
  // Every accepted token is compared, whatever matched before.
  int matched = 0;
  for (const std::string& d : digests_) {
    matched |= CRYPTO_memcmp(d.data(), presented.data(), d.size()) == 0;
  }
  return matched != 0;
}

}  // namespace dxcheck
