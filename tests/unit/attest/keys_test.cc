#include "checker/attest/keys.h"

#include <doctest/doctest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "checker/attest/signature.h"
#include "checker/base/digest.h"

namespace dxcheck {

TEST_CASE("generate, PEM round trip, key id stable") {
  for (KeyAlgorithm alg : {KeyAlgorithm::kEd25519, KeyAlgorithm::kP256, KeyAlgorithm::kSm2}) {
    CAPTURE(KeyAlgorithmName(alg));
    Result<Key> k = Key::Generate(alg);
    REQUIRE(k.ok());
    CHECK(k->keyid().size() == 64);
    Result<Key> priv = Key::LoadPrivatePem(k->PrivatePem("").value(), "");
    REQUIRE(priv.ok());
    CHECK(priv->algorithm() == alg);
    CHECK(priv->keyid() == k->keyid());
    Result<Key> pub = Key::LoadPublicPem(k->PublicPem().value());
    REQUIRE(pub.ok());
    CHECK(pub->algorithm() == alg);
    CHECK(pub->keyid() == k->keyid());
    CHECK_FALSE(pub->is_private());
  }
}

TEST_CASE("encrypted private keys") {
  Key k = Key::Generate(KeyAlgorithm::kEd25519).value();
  std::string pem = k.PrivatePem("correct horse").value();
  CHECK(pem.find("ENCRYPTED") != std::string::npos);
  CHECK(Key::LoadPrivatePem(pem, "correct horse").ok());
  Result<Key> none = Key::LoadPrivatePem(pem, "");
  CHECK(none.status().code() == StatusCode::kPermission);
  CHECK(none.status().message() == "the private key is encrypted: give its passphrase");
  CHECK(Key::LoadPrivatePem(pem, "wrong").status().code() == StatusCode::kPermission);
}

TEST_CASE("unusable keys are named") {
  CHECK(Key::LoadPublicPem("not a key").status().code() == StatusCode::kInvalidInput);
  Key k = Key::Generate(KeyAlgorithm::kP256).value();
  CHECK(Key::LoadPublicPem(k.PrivatePem("").value()).status().message() ==
        "this is a private key: give the public key (.pub) to verify");
  // An RSA key is a valid PEM key of an unsupported algorithm.
  EvpPkeyPtr rsa(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048)));
  REQUIRE(rsa);
  BIO* bio = BIO_new(BIO_s_mem());
  REQUIRE(PEM_write_bio_PUBKEY(bio, rsa.get()) == 1);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(n));
  BIO_free(bio);
  CHECK(Key::LoadPublicPem(pem).status().message() ==
        "unsupported key type RSA: expected Ed25519, ECDSA P-256 or SM2");
}

TEST_CASE("signatures: round trip, wrong key, SM2 distinguishing ID") {
  for (KeyAlgorithm alg : {KeyAlgorithm::kEd25519, KeyAlgorithm::kP256, KeyAlgorithm::kSm2}) {
    CAPTURE(KeyAlgorithmName(alg));
    Key a = Key::Generate(alg).value();
    Key b = Key::Generate(alg).value();
    std::string sig = SignMessage(a, "message").value();
    CHECK(VerifyMessage(a, "message", sig).ok());
    CHECK_FALSE(VerifyMessage(a, "messagE", sig).ok());
    CHECK_FALSE(VerifyMessage(b, "message", sig).ok());
    CHECK(VerifyMessage(b, "message", sig).message() == "signature does not verify");
    if (alg == KeyAlgorithm::kSm2) {
      CHECK_FALSE(VerifyMessage(a, "message", sig, "another-id").ok());
      std::string sig2 = SignMessage(a, "message", "ALICE123@YAHOO.COM").value();
      CHECK(VerifyMessage(a, "message", sig2, "ALICE123@YAHOO.COM").ok());
    }
  }
  Key p = Key::Generate(KeyAlgorithm::kP256).value();
  Key e = Key::Generate(KeyAlgorithm::kEd25519).value();
  CHECK_FALSE(VerifyMessage(e, "message", SignMessage(p, "message").value()).ok());
}

}  // namespace dxcheck

namespace dxcheck {

// keys.cc reads an unencrypted PKCS#8 Ed25519 PEM itself and makes the key id
// of an Ed25519 key without OpenSSL's encoders: both must give what OpenSSL's
// own PEM reader and i2d_PUBKEY give.
TEST_CASE("Ed25519: the direct PKCS#8 read and key id equal OpenSSL's") {
  for (int i = 0; i < 8; ++i) {
    Result<Key> k = Key::Generate(KeyAlgorithm::kEd25519);
    REQUIRE(k.ok());
    std::string pem = k->PrivatePem("").value();
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    EVP_PKEY* theirs = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    REQUIRE(theirs != nullptr);
    unsigned char* der = nullptr;
    int len = i2d_PUBKEY(theirs, &der);
    REQUIRE(len > 0);
    std::string keyid = Sha256Hex(std::string_view(reinterpret_cast<char*>(der), len));
    OPENSSL_free(der);
    EVP_PKEY_free(theirs);

    Result<Key> ours = Key::LoadPrivatePem(pem, "");
    REQUIRE(ours.ok());
    CHECK(ours->keyid() == keyid);
    CHECK(k->keyid() == keyid);
    Result<Key> pub = Key::LoadPublicPem(k->PublicPem().value());
    REQUIRE(pub.ok());
    CHECK(pub->keyid() == keyid);
    Result<std::string> sig = SignMessage(*ours, "message");
    REQUIRE(sig.ok());
    CHECK(VerifyMessage(*pub, "message", *sig).ok());
    // Other spellings of the same PEM go to OpenSSL's reader: the same key.
    Result<Key> prefixed = Key::LoadPrivatePem("a comment line\n" + pem, "");
    REQUIRE(prefixed.ok());
    CHECK(prefixed->keyid() == keyid);
    std::string crlf;
    for (char c : pem) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    Result<Key> dos = Key::LoadPrivatePem(crlf, "");
    REQUIRE(dos.ok());
    CHECK(dos->keyid() == keyid);
  }
  // A damaged Ed25519 PEM is refused as before.
  std::string pem = Key::Generate(KeyAlgorithm::kEd25519)->PrivatePem("").value();
  std::string cut = pem.substr(0, 40) + pem.substr(pem.find("-----END"));
  CHECK(Key::LoadPrivatePem(cut, "").status().code() == StatusCode::kInvalidInput);
}

}  // namespace dxcheck
