#include "checker/attest/keys.h"

#include <doctest/doctest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "checker/attest/signature.h"

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
