#include "checker/attest/x509.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>

namespace dxcheck {
namespace {

struct X509Deleter {
  void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;

X509Ptr FromDer(const std::string& der) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
  return X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

std::vector<X509Ptr> ParseAll(const std::string& pem) {
  std::vector<X509Ptr> out;
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  while (X509* x = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) out.emplace_back(x);
  BIO_free(bio);
  ERR_clear_error();  // the loop ends on "no start line"
  return out;
}

}  // namespace

Result<std::vector<std::string>> ReadCertificatesPem(const std::string& pem) {
  std::vector<X509Ptr> certs = ParseAll(pem);
  if (certs.empty()) return Status::InvalidInput("no PEM certificate found");
  std::vector<std::string> der;
  for (const X509Ptr& c : certs) {
    unsigned char* buf = nullptr;
    int len = i2d_X509(c.get(), &buf);
    if (len <= 0) return Status::InvalidInput("a certificate cannot be encoded");
    der.emplace_back(reinterpret_cast<char*>(buf), static_cast<size_t>(len));
    OPENSSL_free(buf);
  }
  return der;
}

Result<std::vector<std::string>> ChainForKey(const std::string& pem, const Key& key) {
  Result<std::vector<std::string>> der = ReadCertificatesPem(pem);
  if (!der.ok()) return der.status();
  Result<Key> leaf = Key::LoadPublicPem(pem);  // the first certificate's key
  if (!leaf.ok()) return leaf.status();
  if (leaf->keyid() != key.keyid()) {
    return Status::Permission("the first certificate is not for the signing key");
  }
  // verify takes the chain as a path (CheckChainIsPath): refused here, a
  // chain in another order would sign an envelope that never verifies.
  for (size_t i = 1; i < der->size(); ++i) {
    X509Ptr subject = FromDer((*der)[i - 1]), issuer = FromDer((*der)[i]);
    if (!subject || !issuer || X509_check_issued(issuer.get(), subject.get()) != X509_V_OK) {
      return Status::InvalidInput(
          "certificate " + std::to_string(i + 1) + " (" + LeafSubject({(*der)[i]}) +
          ") did not issue certificate " + std::to_string(i) + " (" + LeafSubject({(*der)[i - 1]}) +
          "): a chain is its path, leaf first, each certificate followed by its issuer");
    }
  }
  return der;
}

Status CheckChainIsPath(const std::vector<std::string>& chain, const std::vector<std::string>& path) {
  for (size_t i = 0; i < chain.size(); ++i) {
    if (i >= path.size() || chain[i] != path[i]) {
      return Status::InvalidInput(
          "certificate " + std::to_string(i + 1) + " of the chain (" + LeafSubject({chain[i]}) +
          ") is not the certificate at that place on its path to the --ca root: a chain carries "
          "its path, leaf first, and nothing else");
    }
  }
  return Status::Ok();
}

Result<VerifiedChain> VerifyChainToRoots(const std::vector<std::string>& chain,
                                         const std::string& roots_pem) {
  if (chain.empty()) return Status::InvalidInput("the envelope carries no certificate chain");
  std::vector<X509Ptr> roots = ParseAll(roots_pem);
  if (roots.empty()) return Status::Permission("no CA certificate in the --ca file");
  X509Ptr leaf = FromDer(chain[0]);
  if (!leaf) return Status::InvalidInput("the leaf certificate does not parse");
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
  for (const X509Ptr& r : roots) X509_STORE_add_cert(store.get(), r.get());
  std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> untrusted(
      sk_X509_new_null(), [](STACK_OF(X509)* s) { sk_X509_pop_free(s, X509_free); });
  for (size_t i = 1; i < chain.size(); ++i) {
    X509Ptr c = FromDer(chain[i]);
    if (!c) return Status::InvalidInput("certificate " + std::to_string(i + 1) + " does not parse");
    sk_X509_push(untrusted.get(), c.release());
  }
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                      X509_STORE_CTX_free);
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf.get(), untrusted.get());
  // Dates are checked against the evaluation date later (CheckChainValidOn),
  // on the whole path this returns, the root included.
  X509_STORE_CTX_set_flags(ctx.get(), X509_V_FLAG_NO_CHECK_TIME);
  if (X509_verify_cert(ctx.get()) != 1) {
    int err = X509_STORE_CTX_get_error(ctx.get());
    ERR_clear_error();
    return Status::InvalidInput(std::string("the certificate chain does not lead to a --ca root: ") +
                                X509_verify_cert_error_string(err));
  }
  VerifiedChain out;
  STACK_OF(X509)* path = X509_STORE_CTX_get0_chain(ctx.get());
  for (int i = 0; i < sk_X509_num(path); ++i) {
    unsigned char* buf = nullptr;
    int len = i2d_X509(sk_X509_value(path, i), &buf);
    if (len <= 0) return Status::Internal("a certificate of the verified path cannot be encoded");
    out.path.emplace_back(reinterpret_cast<char*>(buf), static_cast<size_t>(len));
    OPENSSL_free(buf);
  }
  EVP_PKEY* pk = X509_get_pubkey(leaf.get());
  if (pk == nullptr) return Status::InvalidInput("the leaf certificate has no usable key");
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, pk);
  EVP_PKEY_free(pk);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(n));
  BIO_free(bio);
  Result<Key> key = Key::LoadPublicPem(pem);
  if (!key.ok()) return key.status();
  out.leaf_key = std::move(key).value();
  return out;
}

Status CheckSigningUsage(const std::string& leaf_der) {
  X509Ptr c = FromDer(leaf_der);
  if (!c) return Status::InvalidInput("the leaf certificate does not parse");
  // X509_get_key_usage computes the cached extensions; a malformed extension
  // marks the certificate invalid, which fails here too.
  uint32_t ku = X509_get_key_usage(c.get());
  uint32_t flags = X509_get_extension_flags(c.get());
  if (flags & EXFLAG_INVALID) return Status::InvalidInput("the leaf certificate has a malformed extension");
  if (!(flags & EXFLAG_KUSAGE)) {
    return Status::InvalidInput("the leaf certificate (" + LeafSubject({leaf_der}) +
                                ") has no keyUsage extension: a signing certificate must assert "
                                "digitalSignature");
  }
  if (!(ku & KU_DIGITAL_SIGNATURE)) {
    return Status::InvalidInput("the leaf certificate (" + LeafSubject({leaf_der}) +
                                ") does not allow digitalSignature in its keyUsage");
  }
  if (!(flags & EXFLAG_XKUSAGE)) return Status::Ok();
  std::unique_ptr<EXTENDED_KEY_USAGE, decltype(&EXTENDED_KEY_USAGE_free)> eku(
      static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(c.get(), NID_ext_key_usage, nullptr, nullptr)),
      EXTENDED_KEY_USAGE_free);
  if (!eku) return Status::InvalidInput("the leaf certificate's extendedKeyUsage does not parse");
  std::string seen;
  for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i) {
    char oid[80];
    OBJ_obj2txt(oid, sizeof oid, sk_ASN1_OBJECT_value(eku.get(), i), 1);
    std::string o = oid;
    // codeSigning, documentSigning (RFC 9336), anyExtendedKeyUsage.
    if (o == "1.3.6.1.5.5.7.3.3" || o == "1.3.6.1.5.5.7.3.36" || o == "2.5.29.37.0") return Status::Ok();
    seen += (seen.empty() ? "" : ", ") + o;
  }
  return Status::InvalidInput("the leaf certificate's extendedKeyUsage (" + seen +
                              ") allows neither codeSigning, documentSigning nor anyExtendedKeyUsage");
}

Status CheckChainValidOn(const std::vector<std::string>& path, const Date& day) {
  // The evaluation day in Asia/Shanghai: from 00:00 to 23:59:59 UTC+8.
  struct tm t = {};
  t.tm_year = day.year - 1900;
  t.tm_mon = day.month - 1;
  t.tm_mday = day.day;
  time_t start = timegm(&t) - 8 * 3600, end = start + 86399;
  for (size_t i = 0; i < path.size(); ++i) {
    X509Ptr c = FromDer(path[i]);
    if (!c) return Status::InvalidInput("certificate " + std::to_string(i + 1) + " does not parse");
    if (X509_cmp_time(X509_get0_notBefore(c.get()), &end) > 0 ||
        X509_cmp_time(X509_get0_notAfter(c.get()), &start) < 0) {
      std::string role = i == 0 ? "leaf" : i + 1 == path.size() ? "root" : "intermediate";
      return Status::InvalidInput("certificate " + std::to_string(i + 1) + " (" + role + ", " +
                                  LeafSubject({path[i]}) + ") is not valid on " + day.ToString());
    }
  }
  return Status::Ok();
}

Result<std::string> CertificatesToPem(const std::vector<std::string>& der) {
  std::string out;
  for (size_t i = 0; i < der.size(); ++i) {
    X509Ptr c = FromDer(der[i]);
    if (!c) return Status::InvalidInput("certificate " + std::to_string(i + 1) + " does not parse");
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(bio, c.get());
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    out.append(data, static_cast<size_t>(n > 0 ? n : 0));
    BIO_free(bio);
  }
  return out;
}

std::string LeafSubject(const std::vector<std::string>& chain) {
  if (chain.empty()) return "";
  X509Ptr c = FromDer(chain[0]);
  if (!c) return "?";
  // RFC 2253 order, UTF-8 kept as UTF-8 (not escaped), for readable messages.
  BIO* bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, X509_get_subject_name(c.get()), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<size_t>(n > 0 ? n : 0));
  BIO_free(bio);
  return out;
}

}  // namespace dxcheck
