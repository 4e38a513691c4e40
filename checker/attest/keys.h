// Signing keys: Ed25519 (default), ECDSA P-256 and SM2, in PEM files, through
// OpenSSL 3's EVP interface.
//
// A key's id is the lowercase hex SHA-256 of its public key's DER
// SubjectPublicKeyInfo (spec/decision.md), so the same key has the same id in
// every tool. Private keys may be encrypted; the passphrase is given by the
// caller (the CLI reads it from an environment variable or a file, never argv).
#ifndef DXCHECK_ATTEST_KEYS_H_
#define DXCHECK_ATTEST_KEYS_H_

#include <memory>
#include <optional>
#include <string>

#include "checker/base/status.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace dxcheck {

enum class KeyAlgorithm { kEd25519, kP256, kSm2 };
const char* KeyAlgorithmName(KeyAlgorithm a);  // "ed25519", "p256", "sm2"
std::optional<KeyAlgorithm> ParseKeyAlgorithm(const std::string& name);

// The SM2 distinguishing ID used when none is given (GB/T 32918); OpenSSL's
// own default is empty and does not interoperate.
constexpr const char kDefaultSm2Id[] = "1234567812345678";

struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* k) const;
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

class Key {
 public:
  // Loads a PEM private key (PKCS#8, encrypted or not, or a traditional EC
  // key). InvalidInput when the PEM is not a key of a supported algorithm;
  // Permission when the passphrase is wrong or missing for an encrypted key.
  static Result<Key> LoadPrivatePem(const std::string& pem, const std::string& passphrase);
  // Loads a PEM public key (SubjectPublicKeyInfo) or takes the public half of
  // a PEM certificate.
  static Result<Key> LoadPublicPem(const std::string& pem);
  static Result<Key> Generate(KeyAlgorithm alg);

  KeyAlgorithm algorithm() const { return alg_; }
  bool is_private() const { return private_; }
  EVP_PKEY* pkey() const { return pkey_.get(); }
  // Hex SHA-256 of the DER SubjectPublicKeyInfo.
  const std::string& keyid() const { return keyid_; }

  // PEM encodings. The private one is PKCS#8, encrypted with AES-256-CBC when
  // `passphrase` is not empty. REQUIRES: is_private() for PrivatePem().
  Result<std::string> PrivatePem(const std::string& passphrase) const;
  Result<std::string> PublicPem() const;

 private:
  static Result<Key> FromPkey(EvpPkeyPtr pkey, bool is_private);
  EvpPkeyPtr pkey_;
  KeyAlgorithm alg_ = KeyAlgorithm::kEd25519;
  bool private_ = false;
  std::string keyid_;
};

// The last OpenSSL error as text (and the error queue cleared), for messages.
std::string OpenSslError();

}  // namespace dxcheck

#endif  // DXCHECK_ATTEST_KEYS_H_
