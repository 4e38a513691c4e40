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
// InvalidInput("signature does not verify") otherwise, and
// InvalidInput("not a canonical DER signature") for an ECDSA or SM2 signature
// that is not IsCanonicalDerSignature. Any error inside OpenSSL also fails
// (closed). ECDSA's twin (r, n-s) of a valid (r, s) is valid too and accepted:
// it signs the same bytes, so an envelope's identity is its payload's digest.
Status VerifyMessage(const Key& key, std::string_view message, std::string_view signature,
                     const std::string& sm2_id = kDefaultSm2Id);

// True when `sig` is an ECDSA-Sig-Value (a SEQUENCE of INTEGERs r and s) in
// DER exactly: minimal lengths, minimal positive integers, nothing after it.
bool IsCanonicalDerSignature(std::string_view sig);

}  // namespace dxcheck

#endif  // DXCHECK_ATTEST_SIGNATURE_H_
