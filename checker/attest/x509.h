// X.509 certificate chains for signers who have one: `check --sign KEY --cert
// CHAIN.pem` carries the chain (leaf first) in the envelope, and `verify --ca
// ROOTS.pem` trusts the leaf's key when the chain leads to one of those roots.
// Validity dates are checked against the decision's evaluation date, after the
// signature verified, so a decision stays verifiable after the certificate
// expires.
#ifndef DXCHECK_ATTEST_X509_H_
#define DXCHECK_ATTEST_X509_H_

#include <string>
#include <vector>

#include "checker/attest/keys.h"
#include "checker/base/date.h"
#include "checker/base/status.h"

namespace dxcheck {

// The DER certificates of a PEM file, in file order. InvalidInput when there
// is none or one does not parse.
Result<std::vector<std::string>> ReadCertificatesPem(const std::string& pem);

// The DER chain of `pem` when its first certificate is for `key`;
// InvalidInput when the PEM holds no certificate, Permission when the leaf is
// another key's.
Result<std::vector<std::string>> ChainForKey(const std::string& pem, const Key& key);

// Verifies that `chain` (DER, leaf first) leads to a certificate of `roots_pem`,
// ignoring validity dates; returns the leaf's public key. InvalidInput with
// OpenSSL's reason otherwise.
Result<Key> VerifyChainToRoots(const std::vector<std::string>& chain, const std::string& roots_pem);

// Ok when every certificate of `chain` is valid on `day` (the whole day, UTC+8).
Status CheckChainValidOn(const std::vector<std::string>& chain, const Date& day);

// The leaf's subject, one line ("CN=..., O=..."), for messages.
std::string LeafSubject(const std::vector<std::string>& chain);

}  // namespace dxcheck

#endif  // DXCHECK_ATTEST_X509_H_
