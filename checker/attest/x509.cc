#include "checker/attest/x509.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

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
  return der;
}

Result<Key> VerifyChainToRoots(const std::vector<std::string>& chain, const std::string& roots_pem) {
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
  // Dates are checked against the evaluation date later (CheckChainValidOn).
  X509_STORE_CTX_set_flags(ctx.get(), X509_V_FLAG_NO_CHECK_TIME);
  if (X509_verify_cert(ctx.get()) != 1) {
    int err = X509_STORE_CTX_get_error(ctx.get());
    ERR_clear_error();
    return Status::InvalidInput(std::string("the certificate chain does not lead to a --ca root: ") +
                                X509_verify_cert_error_string(err));
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
  return Key::LoadPublicPem(pem);
}

Status CheckChainValidOn(const std::vector<std::string>& chain, const Date& day) {
  // The evaluation day in Asia/Shanghai: from 00:00 to 23:59:59 UTC+8.
  struct tm t = {};
  t.tm_year = day.year - 1900;
  t.tm_mon = day.month - 1;
  t.tm_mday = day.day;
  time_t start = timegm(&t) - 8 * 3600, end = start + 86399;
  for (size_t i = 0; i < chain.size(); ++i) {
    X509Ptr c = FromDer(chain[i]);
    if (!c) return Status::InvalidInput("certificate " + std::to_string(i + 1) + " does not parse");
    if (X509_cmp_time(X509_get0_notBefore(c.get()), &end) > 0 ||
        X509_cmp_time(X509_get0_notAfter(c.get()), &start) < 0) {
      return Status::InvalidInput("certificate " + std::to_string(i + 1) + " (" +
                                  LeafSubject({chain[i]}) + ") is not valid on " + day.ToString());
    }
  }
  return Status::Ok();
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
