#include "checker/data/person_table.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <string>

namespace dxcheck {

TEST_CASE("persons are counted once, by resource mask") {
  PersonTable t;
  t.Add(CountingToken("S0001"), 0);
  t.Add(CountingToken("S0001"), 0);
  t.Add(CountingToken("S0001"), 2);
  t.Add(CountingToken("S0002"), 1);
  t.Add(CountingToken("S0003"), 63);
  CHECK(t.size() == 3);
  CHECK(t.Count(1) == 1);                     // resource 0
  CHECK(t.Count(1u << 1) == 1);               // resource 1
  CHECK(t.Count((1u << 0) | (1u << 2)) == 1);  // S0001 in both, once
  CHECK(t.Count(uint64_t{1} << 63) == 1);
  CHECK(t.Count(~uint64_t{0}) == 3);
  CHECK(t.Tokens().size() == 3);
}

TEST_CASE("the table grows and stays within 64 bytes per person") {
  PersonTable t;
  const int n = 200000;
  for (int i = 0; i < n; ++i) t.Add(CountingToken("P" + std::to_string(i)), i % 3);
  for (int i = 0; i < n; i += 7) t.Add(CountingToken("P" + std::to_string(i)), 0);  // repeats
  CHECK(t.size() == n);
  CHECK(t.Count(1) == (n + 2) / 3 + (n / 7 + 1) - (n / 21 + 1));
  CHECK(t.memory_bytes() <= 64u * n);
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
