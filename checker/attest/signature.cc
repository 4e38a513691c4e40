#include "checker/attest/signature.h"

#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <algorithm>

namespace dxcheck {
namespace {

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};

const EVP_MD* DigestFor(KeyAlgorithm alg) {
  switch (alg) {
    case KeyAlgorithm::kEd25519: return nullptr;  // Ed25519 hashes internally
    case KeyAlgorithm::kP256: return EVP_sha256();
    case KeyAlgorithm::kSm2: return EVP_sm3();
  }
  return nullptr;
}

// Prepares `md` for signing or verifying with `key`. For SM2 the
// distinguishing ID must be set on a PKEY_CTX that is then handed to the
// DigestSign/Verify context (OpenSSL 3: EVP_MD_CTX_set_pkey_ctx).
Status Init(EVP_MD_CTX* md, const Key& key, const std::string& sm2_id, bool sign) {
  ERR_clear_error();
  if (key.algorithm() == KeyAlgorithm::kSm2) {
    EVP_PKEY_CTX* pctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key.pkey(), "provider=default");
    if (pctx == nullptr) return Status::Internal("SM2 context: " + OpenSslError());
    if (EVP_PKEY_CTX_set1_id(pctx, sm2_id.data(), sm2_id.size()) != 1) {
      EVP_PKEY_CTX_free(pctx);
      return Status::Internal("SM2 distinguishing ID: " + OpenSslError());
    }
    EVP_MD_CTX_set_pkey_ctx(md, pctx);  // md does not take ownership: freed below
    int ok = sign ? EVP_DigestSignInit(md, nullptr, EVP_sm3(), nullptr, key.pkey())
                  : EVP_DigestVerifyInit(md, nullptr, EVP_sm3(), nullptr, key.pkey());
    // The context keeps its own reference to what it needs once initialised.
    if (ok != 1) {
      EVP_MD_CTX_set_pkey_ctx(md, nullptr);
      EVP_PKEY_CTX_free(pctx);
      return Status::Internal("SM2 init: " + OpenSslError());
    }
    return Status::Ok();
  }
  int ok = sign ? EVP_DigestSignInit(md, nullptr, DigestFor(key.algorithm()), nullptr, key.pkey())
                : EVP_DigestVerifyInit(md, nullptr, DigestFor(key.algorithm()), nullptr, key.pkey());
  if (ok != 1) return Status::Internal("signature init: " + OpenSslError());
  return Status::Ok();
}

// The signing context of the last Ed25519 or P-256 key this thread signed
// with, set up once and copied for each signature: EVP_DigestSignInit fetches
// the algorithm from the provider and prepares the key on every call, a copy
// of a ready context does neither (bench/README.md). The context holds a
// reference to the key's EVP_PKEY, so while it is cached that EVP_PKEY lives
// and its address cannot be taken by another key. SM2 is not cached: its
// distinguishing ID sits on a PKEY_CTX the MD_CTX does not own.
struct SignTemplate {
  const EVP_PKEY* pkey = nullptr;
  MdCtxPtr ready;
};

Status CopyReadyContext(const Key& key, EVP_MD_CTX* out) {
  thread_local SignTemplate cached;
  if (cached.pkey != key.pkey() || !cached.ready) {
    MdCtxPtr ready(EVP_MD_CTX_new());
    if (!ready) return Status::Internal("signature context: " + OpenSslError());
    Status s = Init(ready.get(), key, "", true);
    if (!s.ok()) return s;
    cached.ready = std::move(ready);
    cached.pkey = key.pkey();
  }
  if (EVP_MD_CTX_copy_ex(out, cached.ready.get()) != 1) {
    cached = SignTemplate();
    return Status::Internal("signature context: " + OpenSslError());
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> SignMessage(const Key& key, std::string_view message, const std::string& sm2_id) {
  if (!key.is_private()) return Status::Permission("signing needs a private key");
  MdCtxPtr md(EVP_MD_CTX_new());
  if (!md) return Status::Internal("signature context: " + OpenSslError());
  EVP_PKEY_CTX* owned = nullptr;
  bool sm2 = key.algorithm() == KeyAlgorithm::kSm2;
  Status s = sm2 ? Init(md.get(), key, sm2_id, true) : CopyReadyContext(key, md.get());
  if (!s.ok()) return s;
  if (sm2) owned = EVP_MD_CTX_get_pkey_ctx(md.get());
  const auto* msg = reinterpret_cast<const unsigned char*>(message.data());
  // EVP_PKEY_get_size: the longest signature the key makes (64 bytes for
  // Ed25519, 72 for a DER ECDSA P-256 or SM2 signature), so one call signs.
  size_t len = static_cast<size_t>(std::max(EVP_PKEY_get_size(key.pkey()), 0));
  std::string sig(len, '\0');
  bool ok = len > 0 && EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(&sig[0]), &len,
                                      msg, message.size()) == 1;
  sig.resize(ok ? len : 0);
  if (owned != nullptr) {
    EVP_MD_CTX_set_pkey_ctx(md.get(), nullptr);
    EVP_PKEY_CTX_free(owned);
  }
  if (!ok) return Status::Internal("signing failed: " + OpenSslError());
  return sig;
}

bool IsCanonicalDerSignature(std::string_view sig) {
  // OpenSSL's decoder accepts some BER (long-form lengths); re-encoding what
  // it decoded and comparing is what makes the check exact.
  const auto* p = reinterpret_cast<const unsigned char*>(sig.data());
  ECDSA_SIG* parsed = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
  if (parsed == nullptr) {
    ERR_clear_error();
    return false;
  }
  bool whole = p == reinterpret_cast<const unsigned char*>(sig.data()) + sig.size();
  unsigned char* der = nullptr;
  int len = i2d_ECDSA_SIG(parsed, &der);
  bool same = whole && len > 0 && static_cast<size_t>(len) == sig.size() &&
              std::equal(der, der + len, reinterpret_cast<const unsigned char*>(sig.data()));
  OPENSSL_free(der);
  ECDSA_SIG_free(parsed);
  return same;
}

Status VerifyMessage(const Key& key, std::string_view message, std::string_view signature,
                     const std::string& sm2_id) {
  if (key.algorithm() != KeyAlgorithm::kEd25519 && !IsCanonicalDerSignature(signature)) {
    return Status::InvalidInput("not a canonical DER signature");
  }
  MdCtxPtr md(EVP_MD_CTX_new());
  Status s = Init(md.get(), key, sm2_id, false);
  if (!s.ok()) return s;
  EVP_PKEY_CTX* owned =
      key.algorithm() == KeyAlgorithm::kSm2 ? EVP_MD_CTX_get_pkey_ctx(md.get()) : nullptr;
  int r = EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                           signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                           message.size());
  if (owned != nullptr) {
    EVP_MD_CTX_set_pkey_ctx(md.get(), nullptr);
    EVP_PKEY_CTX_free(owned);
  }
  ERR_clear_error();
  if (r != 1) return Status::InvalidInput("signature does not verify");
  return Status::Ok();
}

}  // namespace dxcheck
