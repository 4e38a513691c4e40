// X.509 certificate chains for signers who have one: `check --sign KEY --cert
// CHAIN.pem` carries the chain (leaf first) in the envelope, and `verify --ca
// ROOTS.pem` trusts the leaf's key when the chain leads to one of those roots
// and the leaf may sign (key usage digitalSignature; an extended key usage,
// where present, allowing code or document signing). Validity dates of every
// certificate of the path, the --ca root included, are checked against the
// decision's evaluation date, after the signature verified, so a decision
// stays verifiable after the certificate expires. That date is the signer's
// claim: nothing here attests when the signature was made (no trusted
// timestamp), and revocation is not checked.
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

struct VerifiedChain {
  Key leaf_key;                   // the leaf's public key
  std::vector<std::string> path;  // DER, leaf first, ending with the --ca root it leads to
};

// Verifies that `chain` (DER, leaf first) leads to a certificate of `roots_pem`,
// ignoring validity dates (CheckChainValidOn checks them on `path`).
// InvalidInput with OpenSSL's reason otherwise.
Result<VerifiedChain> VerifyChainToRoots(const std::vector<std::string>& chain,
                                         const std::string& roots_pem);

// Ok when `chain` (the envelope's, leaf first) is a beginning of `path`
// (VerifyChainToRoots' result, which may take intermediates and the root
// from the --ca file): no certificate off that path. The chain is
// not signed content, so a certificate off the path (an official-looking
// extra one, say) would otherwise ride along in a valid envelope and bundle,
// bound to nothing. InvalidInput naming the first certificate that differs.
Status CheckChainIsPath(const std::vector<std::string>& chain, const std::vector<std::string>& path);

// Ok when the leaf certificate (DER) may sign decisions: a keyUsage extension
// asserting digitalSignature (required: a signing certificate must say so),
// and an extendedKeyUsage, when present, that includes codeSigning,
// documentSigning (RFC 9336) or anyExtendedKeyUsage. InvalidInput naming
// what is missing otherwise.
Status CheckSigningUsage(const std::string& leaf_der);

// Ok when every certificate of `path` is valid on `day` (the whole day,
// UTC+8). The message names the certificate (leaf, intermediate, root).
Status CheckChainValidOn(const std::vector<std::string>& path, const Date& day);

// PEM text of DER certificates, in order (the form of a bundle's chain.pem);
// InvalidInput when one does not parse.
Result<std::string> CertificatesToPem(const std::vector<std::string>& der);

// The leaf's subject, one line ("CN=..., O=..."), for messages.
std::string LeafSubject(const std::vector<std::string>& chain);

}  // namespace dxcheck

#endif  // DXCHECK_ATTEST_X509_H_
