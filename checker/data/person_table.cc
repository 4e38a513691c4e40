#include "checker/data/person_table.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>

#include "checker/base/file_io.h"

namespace dxcheck {
namespace {

uint64_t SlotHash(const PersonToken& t) {
  uint64_t h;
  std::memcpy(&h, t.data(), sizeof h);  // the token is already a uniform hash
  return h;
}

}  // namespace

Result<PersonKey> PersonKey::Load(const std::string& path) {
  Status mode = CheckPrivateKeyMode(path);
  if (!mode.ok()) return mode;
  Result<std::string> bytes = ReadFile(path, 1 << 16);
  if (!bytes.ok()) return bytes.status();
  if (bytes->size() < 32) {
    return Status::Permission(path + ": a person key needs at least 32 bytes of secret, found " +
                              std::to_string(bytes->size()));
  }
  PersonKey k;
  k.secret_ = std::move(bytes).value();
  return k;
}

PersonToken PersonKey::Token(std::string_view value) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(value.data()), value.size(), mac, &len);
  PersonToken t;
  std::memcpy(t.data(), mac, t.size());
  return t;
}

PersonToken CountingToken(std::string_view value) {
  // Called once per row of a file: EVP_Digest's context allocation and
  // algorithm lookup per call cost more than the hash of a short key, so one
  // context per thread is reused.
  struct Ctx {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Ctx() { EVP_MD_CTX_free(ctx); }
  };
  static thread_local Ctx c;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestInit_ex(c.ctx, EVP_sha256(), nullptr);
  EVP_DigestUpdate(c.ctx, value.data(), value.size());
  EVP_DigestFinal_ex(c.ctx, md, &len);
  PersonToken t;
  std::memcpy(t.data(), md, t.size());
  return t;
}

PersonTable::PersonTable() : slots_(1024) {}

void PersonTable::Add(const PersonToken& t, unsigned resource) {
  if ((size_ + 1) * 4 > slots_.size() * 3) Grow();
  size_t m = slots_.size() - 1;
  for (size_t i = SlotHash(t) & m;; i = (i + 1) & m) {
    Slot& s = slots_[i];
    if (s.mask == 0) {
      s.token = t;
      s.mask = uint64_t{1} << resource;
      ++size_;
      return;
    }
    if (s.token == t) {
      s.mask |= uint64_t{1} << resource;
      return;
    }
  }
}

void PersonTable::Grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  size_t m = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.mask == 0) continue;
    size_t i = SlotHash(s.token) & m;
    while (slots_[i].mask != 0) i = (i + 1) & m;
    slots_[i] = s;
  }
}

uint64_t PersonTable::Count(uint64_t mask) const {
  uint64_t n = 0;
  for (const Slot& s : slots_) n += (s.mask & mask) != 0 ? 1 : 0;
  return n;
}

std::vector<PersonToken> PersonTable::Tokens() const {
  std::vector<PersonToken> out;
  out.reserve(size_);
  for (const Slot& s : slots_) {
    if (s.mask != 0) out.push_back(s.token);
  }
  return out;
}

std::vector<PersonToken> PersonTable::Tokens(uint64_t mask) const {
  std::vector<PersonToken> out;
  for (const Slot& s : slots_) {
    if ((s.mask & mask) != 0) out.push_back(s.token);
  }
  return out;
}

}  // namespace dxcheck
