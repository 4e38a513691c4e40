#include "checker/base/text_store.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

namespace dxcheck {

TEST_CASE("TextStore: views stay valid across new blocks and moves") {
  TextStore store;
  std::vector<std::pair<std::string_view, std::string>> kept;
  // Past the first blocks (1 KiB, 2 KiB, ...), with one text larger than the
  // largest block, so every path of Reserve is taken.
  for (int i = 0; i < 3000; ++i) {
    std::string text = "/resources/0/schema/fields/" + std::to_string(i);
    kept.emplace_back(store.Add(text), text);
  }
  std::string big(100 * 1024, 'x');
  kept.emplace_back(store.Add(big), big);
  TextStore moved = std::move(store);
  TextStore assigned;
  assigned.Add("something to free");
  assigned = std::move(moved);
  for (const auto& [view, text] : kept) CHECK(view == text);
  CHECK(store.bytes() == 0);  // NOLINT(bugprone-use-after-move): a moved-from store is empty
  size_t total = 0;
  for (const auto& [view, text] : kept) total += text.size();
  CHECK(assigned.bytes() == total);
}

TEST_CASE("TextStore: Concat joins parts once; empty texts need no storage") {
  TextStore store;
  CHECK(store.Add("").empty());
  CHECK(store.Concat({}).empty());
  CHECK(store.Concat({"", std::string_view()}).empty());
  CHECK(store.bytes() == 0);
  std::string_view a = store.Add("cn-baseline");
  std::string_view q = store.Concat({a, "/", "art8-pi-volume", std::string_view()});
  CHECK(q == "cn-baseline/art8-pi-volume");
  CHECK(a == "cn-baseline");
  // A part that is itself in the store, when the join needs a new block.
  std::string_view longer = store.Concat({q, std::string(2000, '-'), q});
  CHECK(longer.size() == q.size() * 2 + 2000);
  CHECK(longer.substr(0, q.size()) == q);
  CHECK(longer.substr(q.size() + 2000) == "cn-baseline/art8-pi-volume");
}

}  // namespace dxcheck

namespace dxcheck {

TEST_CASE("TextStore: arrays of plain values, aligned, between texts") {
  struct Item {
    std::string_view text;
    uint64_t n;
  };
  TextStore store;
  CHECK(store.AddArray<Item>(nullptr, 0) == nullptr);
  std::vector<const Item*> arrays;
  std::vector<std::vector<Item>> expected;
  for (int i = 0; i < 200; ++i) {
    store.Add(std::string(static_cast<size_t>(i % 7), 'a'));  // leaves cur_ unaligned
    std::vector<Item> items;
    for (int j = 0; j <= i % 5; ++j) items.push_back({store.Add(std::to_string(i * 10 + j)), uint64_t(j)});
    arrays.push_back(store.AddArray(items.data(), items.size()));
    expected.push_back(items);
  }
  for (size_t i = 0; i < arrays.size(); ++i) {
    CHECK(reinterpret_cast<uintptr_t>(arrays[i]) % alignof(Item) == 0);
    for (size_t j = 0; j < expected[i].size(); ++j) {
      CHECK(arrays[i][j].text == std::to_string(i * 10 + j));
      CHECK(arrays[i][j].n == j);
    }
  }
}

}  // namespace dxcheck
