#include "checker/data/person_table.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <cstdio>
#include <algorithm>
#include <string>
#include <vector>

namespace dxcheck {

// The resources a Count asks about, by index.
std::vector<bool> Only(std::initializer_list<unsigned> indices, size_t n = 200) {
  std::vector<bool> v(n, false);
  for (unsigned i : indices) v[i] = true;
  return v;
}

TEST_CASE("persons are counted once, by resource") {
  PersonTable t;
  t.Add(CountingToken("S0001"), 0);
  t.Add(CountingToken("S0001"), 0);
  t.Add(CountingToken("S0001"), 2);
  t.Add(CountingToken("S0002"), 1);
  t.Add(CountingToken("S0003"), 63);
  CHECK(t.size() == 3);
  CHECK(t.Count(Only({0})) == 1);
  CHECK(t.Count(Only({1})) == 1);
  CHECK(t.Count(Only({0, 2})) == 1);  // S0001 in both, once
  CHECK(t.Count(Only({63})) == 1);
  CHECK(t.Count(std::vector<bool>(64, true)) == 3);
  CHECK(t.Count({}) == 0);
  CHECK(t.Tokens().size() == 3);
  CHECK(t.Counts({Only({0}), Only({1, 63}), {}, std::vector<bool>(64, true)}) ==
        std::vector<uint64_t>{1, 2, 0, 3});
  // No mask meets a resource any person is in: nothing counted, table not read.
  CHECK(t.Counts({{}, Only({5}), Only({64})}) == std::vector<uint64_t>{0, 0, 0});
  CHECK(PersonTable().Counts({Only({0})}) == std::vector<uint64_t>{0});
}

TEST_CASE("persons in more than 64 resources (no limit on their number)") {
  PersonTable t;
  for (unsigned r = 0; r < 150; ++r) {
    for (int p = 0; p < 10; ++p) t.Add(CountingToken("P" + std::to_string(r * 5 + p)), r);
  }
  // Person P(5r+p) is in resources r and r-1 (for p >= 5): 5 * 150 + 5 persons.
  CHECK(t.size() == 755);
  CHECK(t.Count(Only({149})) == 10);
  CHECK(t.Count(Only({100, 149})) == 20);
  CHECK(t.Count(Only({148, 149})) == 15);
  CHECK(t.Count(Only({0}, 150)) == 10);
  CHECK(t.resource_sets() <= 300);  // {r} and {r-1, r}
}

TEST_CASE("the table grows and stays within 64 bytes per person") {
  PersonTable t;
  const int n = 200000;
  for (int i = 0; i < n; ++i) t.Add(CountingToken("P" + std::to_string(i)), i % 3);
  for (int i = 0; i < n; i += 7) t.Add(CountingToken("P" + std::to_string(i)), 0);  // repeats
  CHECK(t.size() == n);
  CHECK(t.Count(Only({0})) == (n + 2) / 3 + (n / 7 + 1) - (n / 21 + 1));
  CHECK(t.memory_bytes() <= 64u * n);
}

TEST_CASE("a table that cannot grow stops counting and says so (no bad_alloc)") {
  PersonTable t;
  t.set_slot_limit(2048);  // holds 1,536 persons at 3/4 full
  CHECK(t.status().ok());
  std::vector<PersonToken> batch;
  for (int i = 0; i < 2000; ++i) batch.push_back(CountingToken("P" + std::to_string(i)));
  t.Add(batch.data(), 1000, 0);
  CHECK(t.status().ok());
  CHECK(t.size() == 1000);
  t.Add(batch.data() + 1000, 1000, 1);
  CHECK(t.status().code() == StatusCode::kInternal);
  CHECK(t.status().message().find("out of memory counting distinct persons") != std::string::npos);
  CHECK(t.size() == 1536);
  t.Add(CountingToken("P0"), 2);  // ignored from now on, even a known person
  CHECK(t.Count(Only({2})) == 0);
}

// The counting hashes are checked against OpenSSL's own SipHash (size 16)
// over every length from 0 to 99 and several keys, not against figures
// copied here: 2-4 (OpenSSL's default rounds) and 1-3 (the counting token's,
// c-rounds 1 and d-rounds 3).
void CheckAgainstOpenSsl(unsigned c_rounds, unsigned d_rounds,
                         PersonToken (*ours)(const unsigned char*, std::string_view)) {
  EVP_MAC* mac = EVP_MAC_fetch(nullptr, "SIPHASH", nullptr);
  REQUIRE(mac != nullptr);
  for (int k = 0; k < 4; ++k) {
    unsigned char key[16];
    for (int i = 0; i < 16; ++i) key[i] = static_cast<unsigned char>(i * (k + 1) + 7 * k);
    std::string msg;
    for (int len = 0; len < 100; ++len) {
      EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(mac);
      size_t size = 16;
      OSSL_PARAM params[] = {OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_SIZE, &size),
                             OSSL_PARAM_construct_uint(OSSL_MAC_PARAM_C_ROUNDS, &c_rounds),
                             OSSL_PARAM_construct_uint(OSSL_MAC_PARAM_D_ROUNDS, &d_rounds),
                             OSSL_PARAM_construct_end()};
      REQUIRE(EVP_MAC_init(ctx, key, sizeof key, params) == 1);
      REQUIRE(EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(msg.data()), msg.size()) == 1);
      unsigned char out[16];
      size_t outlen = 0;
      REQUIRE(EVP_MAC_final(ctx, out, &outlen, sizeof out) == 1);
      EVP_MAC_CTX_free(ctx);
      REQUIRE(outlen == 16);
      PersonToken t = ours(key, msg);
      INFO("SipHash-" << c_rounds << "-" << d_rounds << ", key " << k << ", length " << len);
      CHECK(std::equal(t.begin(), t.end(), out));
      msg.push_back(static_cast<char>(len * 31 + k));
    }
  }
  EVP_MAC_free(mac);
}

TEST_CASE("SipHash-2-4-128 equals OpenSSL's SIPHASH with a 16-byte output") {
  CheckAgainstOpenSsl(2, 4, SipHash128);
}

TEST_CASE("SipHash-1-3-128 equals OpenSSL's SIPHASH with c-rounds 1, d-rounds 3") {
  CheckAgainstOpenSsl(1, 3, SipHash13_128);
  // Not the same function as 2-4 (the rounds were taken).
  unsigned char key[16] = {1, 2, 3};
  CHECK_FALSE(SipHash13_128(key, "S0000001") == SipHash128(key, "S0000001"));
}

TEST_CASE("persons added in batches are counted as one by one") {
  PersonTable one, batched;
  std::vector<PersonToken> tokens;
  for (int i = 0; i < 5000; ++i) tokens.push_back(CountingToken("P" + std::to_string(i % 3001)));
  for (const PersonToken& t : tokens) one.Add(t, 1);
  for (size_t i = 0; i < tokens.size(); i += 64) {
    batched.Add(tokens.data() + i, std::min<size_t>(64, tokens.size() - i), 1);
  }
  CHECK(one.size() == 3001);
  CHECK(batched.size() == 3001);
  CHECK(batched.Count(Only({1})) == 3001);
  CHECK(batched.Count(Only({0})) == 0);
}

TEST_CASE("counting tokens are deterministic and never the value") {
  PersonToken a = CountingToken("110101195001010009");
  CHECK(a == CountingToken("110101195001010009"));
  CHECK_FALSE(a == CountingToken("110101195001010017"));
  std::string bytes(a.begin(), a.end());
  CHECK(bytes.find("1101011950") == std::string::npos);
}

TEST_CASE("person keys: 32 bytes or more, mode 0600") {
  char dir[] = "/tmp/dxcheck-pk-XXXXXX";
  REQUIRE(mkdtemp(dir) != nullptr);
  std::string path = std::string(dir) + "/person.key";
  auto write = [&](const std::string& content, mode_t mode) {
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(content.data(), 1, content.size(), f);
    std::fclose(f);
    chmod(path.c_str(), mode);
  };
  write(std::string(32, 'k'), 0644);
  CHECK(PersonKey::Load(path).status().code() == StatusCode::kPermission);
  write(std::string(16, 'k'), 0600);
  CHECK_FALSE(PersonKey::Load(path).ok());
  write(std::string(32, 'k'), 0600);
  Result<PersonKey> k = PersonKey::Load(path);
  REQUIRE(k.ok());
  CHECK(k->Token("S0001") == k->Token("S0001"));
  CHECK_FALSE(k->Token("S0001") == CountingToken("S0001"));  // keyed: not the plain hash
  CHECK(PersonKey::Load(std::string(dir) + "/none").status().code() == StatusCode::kNotFound);
  unlink(path.c_str());
  rmdir(dir);
}

}  // namespace dxcheck
