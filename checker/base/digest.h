// SHA-256 digests of exact bytes (OpenSSL 3 EVP), as lowercase hex.
#ifndef DXCHECK_BASE_DIGEST_H_
#define DXCHECK_BASE_DIGEST_H_

#include <string>
#include <string_view>

namespace dxcheck {

// Lowercase hex SHA-256 of `data` (64 characters). OpenSSL's SHA-256 cannot
// fail on valid memory; if the library does fail, the result is empty and
// callers comparing digests then fail closed.
std::string Sha256Hex(std::string_view data);

}  // namespace dxcheck

#endif  // DXCHECK_BASE_DIGEST_H_
