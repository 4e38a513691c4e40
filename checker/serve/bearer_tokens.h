// BearerTokens: the API tokens a service accepts (`dxcheck serve --tokens
// FILE`), and the check of a request's `Authorization: Bearer ...` header.
//
// The file holds one token per line; blank lines and lines starting with '#'
// are ignored, surrounding whitespace is trimmed. Like a private key it must be
// readable by its owner only (mode 0600 or stricter), else it is refused.
//
// The comparison is constant-time: each presented token and each accepted one
// is hashed (SHA-256) and the digests are compared with CRYPTO_memcmp against
// every accepted token, without stopping at the first match, so the time taken
// says nothing about how much of a token was right, nor about its length.
#ifndef DXCHECK_SERVE_BEARER_TOKENS_H_
#define DXCHECK_SERVE_BEARER_TOKENS_H_

#include <string>
#include <vector>

#include "checker/base/status.h"

namespace dxcheck {

class BearerTokens {
 public:
  // Reads `path`. Permission when the file is accessible by group or others;
  // NotFound when unreadable; InvalidInput when it holds no token, or a token
  // shorter than 16 characters or with characters outside RFC 6750's token68.
  static Result<BearerTokens> Load(const std::string& path);
  // From tokens already in memory (tests), with the same checks.
  static Result<BearerTokens> FromText(const std::string& text, const std::string& name);

  // True when `authorization` (the header's value, "" when absent) is
  // "Bearer TOKEN" with an accepted TOKEN (the scheme is case-insensitive).
  bool Accepts(const std::string& authorization) const;

  size_t size() const { return digests_.size(); }

 private:
  std::vector<std::string> digests_;  // raw SHA-256 of each accepted token
};

}  // namespace dxcheck

#endif  // DXCHECK_SERVE_BEARER_TOKENS_H_
