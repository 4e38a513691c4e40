#include "checker/categories/text_cache.h"

#include <doctest/doctest.h>

#include <string>

namespace dxcheck {

TEST_CASE("TextCache: keys keep their parts apart; answers come back; full, it starts again") {
  using Cache = TextCache<std::string>;
  std::string ab_c = Cache::Key(3, "ab", "c");
  std::string a_bc = Cache::Key(3, "a", "bc");
  CHECK(ab_c != a_bc);
  CHECK(Cache::Key(4, "ab", "c") != ab_c);
  CHECK(Cache::Key(3, "ab", "c") == ab_c);

  Cache cache(100);
  std::string v;
  CHECK_FALSE(cache.Find(ab_c, &v));
  cache.Insert(ab_c, "first", 5);
  REQUIRE(cache.Find(ab_c, &v));
  CHECK(v == "first");
  CHECK_FALSE(cache.Find(a_bc, &v));
  // 24 bytes kept (a key is 2 * sizeof(size_t) = 16 bytes here, and its
  // texts); an entry of 96 (within the budget alone) would pass it: the
  // cache starts again.
  std::string big = Cache::Key(0, std::string(40, 'x'), "");
  cache.Insert(big, "second", 40);
  CHECK_FALSE(cache.Find(ab_c, &v));
  REQUIRE(cache.Find(big, &v));
  CHECK(v == "second");
}

}  // namespace dxcheck
