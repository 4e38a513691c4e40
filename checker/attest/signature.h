// Signing and verifying bytes with a Key: Ed25519 (pure, no pre-hash), ECDSA
// P-256 with SHA-256 (DER-encoded signature, as Web Crypto's and Node's
// verifiers expect) and SM2 with SM3 and a distinguishing ID (GB/T 32918).
#ifndef DXCHECK_ATTEST_SIGNATURE_H_
#define DXCHECK_ATTEST_SIGNATURE_H_

#include <string>
#include <string_view>

#include "checker/attest/keys.h"
#include "checker/base/status.h"

namespace dxcheck {

// REQUIRES: key.is_private(). `sm2_id` is used for SM2 keys only.
Result<std::string> SignMessage(const Key& key, std::string_view message,
                                const std::string& sm2_id = kDefaultSm2Id);

// Ok when `signature` is a valid signature of `message` by `key`;
// InvalidInput("signature does not verify") otherwise. Any error inside
// OpenSSL also fails (closed).
Status VerifyMessage(const Key& key, std::string_view message, std::string_view signature,
                     const std::string& sm2_id = kDefaultSm2Id);

}  // namespace dxcheck

#endif  // DXCHECK_ATTEST_SIGNATURE_H_
