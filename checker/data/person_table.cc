#include "checker/data/person_table.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <random>

#include "checker/base/file_io.h"

namespace dxcheck {
namespace {

uint64_t SlotHash(const PersonToken& t) {
  uint64_t h;
  std::memcpy(&h, t.data(), sizeof h);  // the token is already a uniform hash
  return h;
}

// Token equality as two 8-byte compares (std::array's == calls memcmp).
bool SameToken(const PersonToken& a, const PersonToken& b) {
  uint64_t a0, a1, b0, b1;
  std::memcpy(&a0, a.data(), 8);
  std::memcpy(&a1, a.data() + 8, 8);
  std::memcpy(&b0, b.data(), 8);
  std::memcpy(&b1, b.data() + 8, 8);
  return ((a0 ^ b0) | (a1 ^ b1)) == 0;
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

namespace {

constexpr size_t kInitialSlots = 1024;  // a power of two (slots are masked)

uint64_t Rotl(uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

void SipRound(uint64_t v[4]) {
  v[0] += v[1], v[1] = Rotl(v[1], 13), v[1] ^= v[0], v[0] = Rotl(v[0], 32);
  v[2] += v[3], v[3] = Rotl(v[3], 16), v[3] ^= v[2];
  v[0] += v[3], v[3] = Rotl(v[3], 21), v[3] ^= v[0];
  v[2] += v[1], v[1] = Rotl(v[1], 17), v[1] ^= v[2], v[2] = Rotl(v[2], 32);
}

uint64_t Load64(const unsigned char* p) {
  uint64_t x = 0;
  for (int i = 7; i >= 0; --i) x = (x << 8) | p[i];  // little-endian, as SipHash reads
  return x;
}

// The process's counting secret, drawn once from OpenSSL's generator.
const unsigned char* CountingSecret() {
  static const struct Secret {
    unsigned char k[16];
    Secret() {
      if (RAND_bytes(k, sizeof k) != 1) {
        std::random_device rd;
        for (unsigned char& b : k) b = static_cast<unsigned char>(rd());
      }
    }
  } secret;
  return secret.k;
}

// SipHash-c-d with 128-bit output: C compression rounds per 8-byte block,
// D finalization rounds per 64-bit half of the output.
template <int C, int D>
PersonToken SipHashCD128(const unsigned char key[16], std::string_view value) {
  const auto* in = reinterpret_cast<const unsigned char*>(value.data());
  size_t n = value.size();
  uint64_t k0 = Load64(key), k1 = Load64(key + 8);
  uint64_t v[4] = {0x736f6d6570736575ull ^ k0, 0x646f72616e646f6dull ^ k1,
                   0x6c7967656e657261ull ^ k0, 0x7465646279746573ull ^ k1};
  v[1] ^= 0xee;  // 128-bit output
  size_t full = n - n % 8;
  for (size_t i = 0; i < full; i += 8) {
    uint64_t m = Load64(in + i);
    v[3] ^= m;
    for (int r = 0; r < C; ++r) SipRound(v);
    v[0] ^= m;
  }
  uint64_t last = static_cast<uint64_t>(n) << 56;
  for (size_t i = 0; i < n % 8; ++i) last |= static_cast<uint64_t>(in[full + i]) << (8 * i);
  v[3] ^= last;
  for (int r = 0; r < C; ++r) SipRound(v);
  v[0] ^= last;
  v[2] ^= 0xee;
  for (int r = 0; r < D; ++r) SipRound(v);
  uint64_t h0 = v[0] ^ v[1] ^ v[2] ^ v[3];
  v[1] ^= 0xdd;
  for (int r = 0; r < D; ++r) SipRound(v);
  uint64_t h1 = v[0] ^ v[1] ^ v[2] ^ v[3];
  PersonToken t;
  for (int i = 0; i < 8; ++i) {
    t[i] = static_cast<uint8_t>(h0 >> (8 * i));
    t[8 + i] = static_cast<uint8_t>(h1 >> (8 * i));
  }
  return t;
}

}  // namespace

PersonToken SipHash128(const unsigned char key[16], std::string_view value) {
  return SipHashCD128<2, 4>(key, value);
}

PersonToken SipHash13_128(const unsigned char key[16], std::string_view value) {
  return SipHashCD128<1, 3>(key, value);
}

PersonToken CountingToken(std::string_view value) {
  return SipHash13_128(CountingSecret(), value);
}

// The slots are allocated by the first Add: a check without --data holds an
// empty table (every in-process check has one) and costs no 20 kB of slots.
PersonTable::PersonTable() = default;

uint32_t PersonTable::Join(uint32_t set, unsigned resource) {
  if (resource != with_resource_) {
    with_resource_ = resource;
    with_.assign(sets_.size() + 1, 0);
  }
  if (set < with_.size() && with_[set] != 0) return with_[set];
  std::vector<unsigned> joined = set == 0 ? std::vector<unsigned>{} : sets_[set - 1];
  auto at = std::lower_bound(joined.begin(), joined.end(), resource);
  uint32_t result = set;
  if (at == joined.end() || *at != resource) {
    joined.insert(at, resource);
    auto found = set_ids_.find(joined);
    if (found != set_ids_.end()) {
      result = found->second;
    } else {
      sets_.push_back(joined);
      result = static_cast<uint32_t>(sets_.size());
      set_ids_.emplace(std::move(joined), result);
    }
  }
  if (with_.size() <= std::max(set, result)) with_.resize(std::max(set, result) + 1, 0);
  with_[set] = result;
  return result;
}

void PersonTable::Add(const PersonToken& t, unsigned resource) {
  if (exhausted_) return;
  if ((size_ + 1) * 4 > capacity_ * 3 && !Grow()) return;
  size_t m = capacity_ - 1;
  for (size_t i = SlotHash(t) & m;; i = (i + 1) & m) {
    Slot& s = slots_[i];
    if (s.set == 0) {
      s.token = t;
      s.set = Join(0, resource);
      ++size_;
      return;
    }
    if (SameToken(s.token, t)) {
      s.set = Join(s.set, resource);
      return;
    }
  }
}

void PersonTable::Add(const PersonToken* tokens, size_t n, unsigned resource) {
  // One probe per person lands anywhere in a table far larger than the
  // caches: the slots of the batch are fetched first, all at once.
  if (exhausted_ || (capacity_ == 0 && !Grow())) return;
  size_t m = capacity_ - 1;
  for (size_t i = 0; i < n; ++i) __builtin_prefetch(&slots_[SlotHash(tokens[i]) & m], 1);
  for (size_t i = 0; i < n; ++i) Add(tokens[i], resource);
}

bool PersonTable::Grow() {
  size_t n = capacity_ == 0 ? kInitialSlots : capacity_ * 2;
  bool allowed = n <= slot_limit_ && n <= SIZE_MAX / sizeof(Slot);
  std::unique_ptr<Slot[]> grown(allowed ? new (std::nothrow) Slot[n] : nullptr);
  if (!grown) {
    exhausted_ = true;
    return false;
  }
  std::unique_ptr<Slot[]> old = std::move(slots_);
  size_t old_capacity = capacity_;
  slots_ = std::move(grown);
  capacity_ = n;
  size_t m = n - 1;
  for (size_t k = 0; k < old_capacity; ++k) {
    const Slot& s = old[k];
    if (s.set == 0) continue;
    size_t i = SlotHash(s.token) & m;
    while (slots_[i].set != 0) i = (i + 1) & m;
    slots_[i] = s;
  }
  return true;
}

Status PersonTable::status() const {
  if (!exhausted_) return Status::Ok();
  return Status::Internal("out of memory counting distinct persons: " + std::to_string(size_) +
                          " counted when the table could not grow to " +
                          std::to_string(capacity_ * 2) + " slots of " +
                          std::to_string(sizeof(Slot)) + " bytes; the counts are incomplete");
}

uint64_t PersonTable::Count(const std::vector<bool>& resources) const {
  return Counts({resources})[0];
}

std::vector<uint64_t> PersonTable::Counts(const std::vector<std::vector<bool>>& masks) const {
  std::vector<uint64_t> n(masks.size(), 0);
  std::vector<std::vector<bool>> in;  // per mask, the set ids meeting it
  std::vector<size_t> live;           // masks meeting at least one set
  for (size_t k = 0; k < masks.size(); ++k) {
    in.push_back(SetsMeeting(masks[k]));
    if (std::find(in.back().begin(), in.back().end(), true) != in.back().end()) live.push_back(k);
  }
  if (live.empty()) return n;
  for (size_t i = 0; i < capacity_; ++i) {
    const Slot& s = slots_[i];
    if (s.set == 0) continue;
    for (size_t k : live) n[k] += in[k][s.set] ? 1 : 0;
  }
  return n;
}

std::vector<PersonToken> PersonTable::Tokens() const {
  std::vector<PersonToken> out;
  out.reserve(size_);
  for (size_t i = 0; i < capacity_; ++i) {
    if (slots_[i].set != 0) out.push_back(slots_[i].token);
  }
  return out;
}

// Which sets meet `resources` (index: set id; 0, the empty slot, never does).
std::vector<bool> PersonTable::SetsMeeting(const std::vector<bool>& resources) const {
  std::vector<bool> in(sets_.size() + 1, false);
  for (size_t k = 0; k < sets_.size(); ++k) {
    for (unsigned r : sets_[k]) {
      if (r < resources.size() && resources[r]) in[k + 1] = true;
    }
  }
  return in;
}

std::vector<PersonToken> PersonTable::Tokens(const std::vector<bool>& resources) const {
  const std::vector<bool> in = SetsMeeting(resources);
  std::vector<PersonToken> out;
  for (size_t i = 0; i < capacity_; ++i) {
    if (slots_[i].set != 0 && in[slots_[i].set]) out.push_back(slots_[i].token);
  }
  return out;
}

size_t PersonTable::memory_bytes() const {
  size_t n = capacity_ * sizeof(Slot) + with_.capacity() * sizeof(uint32_t);
  for (const std::vector<unsigned>& set : sets_) n += 2 * (set.capacity() * sizeof(unsigned) + 32);
  return n;
}

}  // namespace dxcheck
