// SM2 keys need care in OpenSSL 3: a PEM "EC PRIVATE KEY" on the SM2 curve
// loads as an EC key, and only an EVP_PKEY of type SM2 signs with SM3 and a
// distinguishing ID. Keys on the SM2 curve are therefore always re-typed to
// SM2 after loading (EVP_PKEY_is_a "SM2" in OpenSSL 3 already does that for
// PKCS#8 keys; EC keys are checked by curve name).
#include "checker/attest/keys.h"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstring>

#include "checker/base/base64.h"
#include "checker/base/digest.h"

namespace dxcheck {

void EvpPkeyDeleter::operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }

std::string OpenSslError() {
  unsigned long e = ERR_get_error();
  std::string out;
  char buf[256];
  while (e != 0) {
    ERR_error_string_n(e, buf, sizeof buf);
    out = buf;  // the first error queued is usually the most specific; keep the last read
    e = ERR_get_error();
  }
  return out.empty() ? "unknown OpenSSL error" : out;
}

const char* KeyAlgorithmName(KeyAlgorithm a) {
  switch (a) {
    case KeyAlgorithm::kEd25519: return "ed25519";
    case KeyAlgorithm::kP256: return "p256";
    case KeyAlgorithm::kSm2: return "sm2";
  }
  return "?";
}

std::optional<KeyAlgorithm> ParseKeyAlgorithm(const std::string& name) {
  if (name == "ed25519") return KeyAlgorithm::kEd25519;
  if (name == "p256") return KeyAlgorithm::kP256;
  if (name == "sm2") return KeyAlgorithm::kSm2;
  return std::nullopt;
}

namespace {

struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

BioPtr MemBio(const std::string& s) {
  return BioPtr(BIO_new_mem_buf(s.data(), static_cast<int>(s.size())));
}

std::string BioString(BIO* b) {
  char* data = nullptr;
  long n = BIO_get_mem_data(b, &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : std::string();
}

std::string CurveName(EVP_PKEY* k) {
  char name[64] = {0};
  size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &len) != 1) {
    return "";
  }
  return name;
}

int PassphraseCallback(char* buf, int size, int, void* user) {
  const std::string* p = static_cast<const std::string*>(user);
  if (p == nullptr || p->empty() || static_cast<int>(p->size()) > size) return -1;
  std::memcpy(buf, p->data(), p->size());
  return static_cast<int>(p->size());
}

// RFC 8410: an Ed25519 key's PKCS#8 PrivateKeyInfo and SubjectPublicKeyInfo
// are fixed prefixes followed by the 32-byte key.
constexpr unsigned char kEd25519Pkcs8Prefix[] = {0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06,
                                                 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20};
constexpr unsigned char kEd25519SpkiPrefix[] = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
                                                0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

// The 32-byte seed of an unencrypted PKCS#8 Ed25519 PEM (the form
// `dxcheck keygen` writes), or nothing for any other PEM. OpenSSL 3's
// PEM_read_bio_PrivateKey tries the decoders of every key type and format in
// turn: ~10M instructions, more than a whole fresh check; this reads the one
// form directly and leaves every other one (and every error) to OpenSSL.
std::optional<std::string> Ed25519Seed(const std::string& pem) {
  static const std::string kBegin = "-----BEGIN PRIVATE KEY-----";
  static const std::string kEnd = "-----END PRIVATE KEY-----";
  size_t a = pem.find_first_not_of(" \t\r\n");
  if (a == std::string::npos || pem.compare(a, kBegin.size(), kBegin) != 0) return std::nullopt;
  size_t body = a + kBegin.size();
  size_t end = pem.find(kEnd, body);
  if (end == std::string::npos ||
      pem.find_first_not_of(" \t\r\n", end + kEnd.size()) != std::string::npos) {
    return std::nullopt;
  }
  std::string text;
  for (size_t i = body; i < end; ++i) {
    char c = pem[i];
    if (c == '\n' || c == '\r') continue;
    text.push_back(c);
  }
  std::optional<std::string> der = Base64Decode(text);
  if (!der || der->size() != sizeof kEd25519Pkcs8Prefix + 32 ||
      std::memcmp(der->data(), kEd25519Pkcs8Prefix, sizeof kEd25519Pkcs8Prefix) != 0) {
    return std::nullopt;
  }
  std::string seed = der->substr(sizeof kEd25519Pkcs8Prefix);
  OPENSSL_cleanse(der->data(), der->size());
  return seed;
}

}  // namespace

Result<Key> Key::FromPkey(EvpPkeyPtr pkey, bool is_private) {
  Key k;
  if (EVP_PKEY_is_a(pkey.get(), "ED25519")) {
    k.alg_ = KeyAlgorithm::kEd25519;
  } else if (EVP_PKEY_is_a(pkey.get(), "SM2")) {
    k.alg_ = KeyAlgorithm::kSm2;
  } else if (EVP_PKEY_is_a(pkey.get(), "EC")) {
    std::string curve = CurveName(pkey.get());
    if (curve == "prime256v1" || curve == "P-256") {
      k.alg_ = KeyAlgorithm::kP256;
    } else if (curve == "SM2") {
      k.alg_ = KeyAlgorithm::kSm2;
    } else {
      return Status::InvalidInput("EC key on curve " + curve + ": only P-256 and SM2 are supported");
    }
  } else {
    return Status::InvalidInput(std::string("unsupported key type ") +
                                EVP_PKEY_get0_type_name(pkey.get()) +
                                ": expected Ed25519, ECDSA P-256 or SM2");
  }
  k.private_ = is_private;
  unsigned char raw[32];
  size_t raw_len = sizeof raw;
  if (k.alg_ == KeyAlgorithm::kEd25519 &&
      EVP_PKEY_get_raw_public_key(pkey.get(), raw, &raw_len) == 1 && raw_len == sizeof raw) {
    // The DER SubjectPublicKeyInfo without OpenSSL's encoder framework (~3M
    // instructions to set up); keys_test compares the two.
    std::string spki(reinterpret_cast<const char*>(kEd25519SpkiPrefix), sizeof kEd25519SpkiPrefix);
    spki.append(reinterpret_cast<const char*>(raw), sizeof raw);
    k.keyid_ = Sha256Hex(spki);
  } else {
    unsigned char* der = nullptr;
    int len = i2d_PUBKEY(pkey.get(), &der);
    if (len <= 0) return Status::Internal("cannot encode the public key: " + OpenSslError());
    k.keyid_ = Sha256Hex(std::string_view(reinterpret_cast<char*>(der), static_cast<size_t>(len)));
    OPENSSL_free(der);
  }
  k.pkey_ = std::move(pkey);
  return k;
}

Result<Key> Key::LoadPrivatePem(const std::string& pem, const std::string& passphrase) {
  ERR_clear_error();
  if (std::optional<std::string> seed = Ed25519Seed(pem)) {
    EVP_PKEY* raw = EVP_PKEY_new_raw_private_key_ex(
        nullptr, "ED25519", nullptr, reinterpret_cast<const unsigned char*>(seed->data()),
        seed->size());
    OPENSSL_cleanse(seed->data(), seed->size());
    if (raw != nullptr) return FromPkey(EvpPkeyPtr(raw), true);
    ERR_clear_error();  // OpenSSL's own reader decides (and reports)
  }
  BioPtr bio = MemBio(pem);
  EVP_PKEY* raw = PEM_read_bio_PrivateKey(bio.get(), nullptr, PassphraseCallback,
                                          const_cast<std::string*>(&passphrase));
  if (raw == nullptr) {
    std::string err = OpenSslError();
    bool encrypted = pem.find("ENCRYPTED") != std::string::npos;
    if (encrypted) {
      return Status::Permission(passphrase.empty()
                                    ? "the private key is encrypted: give its passphrase"
                                    : "cannot decrypt the private key: wrong passphrase (" + err + ")");
    }
    return Status::InvalidInput("not a PEM private key (" + err + ")");
  }
  return FromPkey(EvpPkeyPtr(raw), true);
}

Result<Key> Key::LoadPublicPem(const std::string& pem) {
  ERR_clear_error();
  BioPtr bio = MemBio(pem);
  if (pem.find("-----BEGIN CERTIFICATE-----") != std::string::npos) {
    X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
    if (cert == nullptr) return Status::InvalidInput("not a PEM certificate (" + OpenSslError() + ")");
    EVP_PKEY* raw = X509_get_pubkey(cert);
    X509_free(cert);
    if (raw == nullptr) return Status::InvalidInput("certificate without a usable public key");
    return FromPkey(EvpPkeyPtr(raw), false);
  }
  if (pem.find("PRIVATE KEY-----") != std::string::npos) {
    return Status::InvalidInput("this is a private key: give the public key (.pub) to verify");
  }
  EVP_PKEY* raw = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
  if (raw == nullptr) return Status::InvalidInput("not a PEM public key (" + OpenSslError() + ")");
  return FromPkey(EvpPkeyPtr(raw), false);
}

Result<Key> Key::Generate(KeyAlgorithm alg) {
  ERR_clear_error();
  EVP_PKEY* raw = nullptr;
  switch (alg) {
    case KeyAlgorithm::kEd25519: raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"); break;
    case KeyAlgorithm::kP256: raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"); break;
    case KeyAlgorithm::kSm2: raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "SM2"); break;
  }
  if (raw == nullptr) return Status::Internal("key generation failed: " + OpenSslError());
  return FromPkey(EvpPkeyPtr(raw), true);
}

Result<std::string> Key::PrivatePem(const std::string& passphrase) const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  const EVP_CIPHER* cipher = passphrase.empty() ? nullptr : EVP_aes_256_cbc();
  int ok = PEM_write_bio_PKCS8PrivateKey(
      bio.get(), pkey_.get(), cipher, passphrase.empty() ? nullptr : const_cast<char*>(passphrase.data()),
      static_cast<int>(passphrase.size()), nullptr, nullptr);
  if (ok != 1) return Status::Internal("cannot encode the private key: " + OpenSslError());
  return BioString(bio.get());
}

Result<std::string> Key::PublicPem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PUBKEY(bio.get(), pkey_.get()) != 1) {
    return Status::Internal("cannot encode the public key: " + OpenSslError());
  }
  return BioString(bio.get());
}

}  // namespace dxcheck
