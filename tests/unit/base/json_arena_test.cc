// JsonArena and a tree parsed into one: same tree, few chunks, bounded, and
// copies that outlive the arena.
#include "checker/base/json_arena.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "checker/base/json_fast_parse.h"
#include "checker/base/json_parser.h"

namespace dxcheck {

TEST_CASE("JsonArena: bump allocates aligned blocks in few chunks") {
  JsonArena arena(4096);
  CHECK(arena.chunks() == 0);
  void* a = arena.Allocate(24, 8);
  void* b = arena.Allocate(100, 16);
  CHECK(reinterpret_cast<uintptr_t>(b) % 16 == 0);
  CHECK(static_cast<char*>(b) >= static_cast<char*>(a) + 24);
  CHECK(arena.chunks() == 1);
  arena.Deallocate(a, 24);  // a no-op: the memory stays the arena's
  void* big = arena.Allocate(JsonArena::kMaxChunk + 1, 8);  // from operator new
  CHECK(arena.chunks() == 1);
  arena.Deallocate(big, JsonArena::kMaxChunk + 1);
  // Past kMaxBytes blocks come from operator new: the caller gives them back
  // (as a vector does), and the arena frees them then, not at its end.
  std::vector<void*> blocks;
  for (int i = 0; i < 100; ++i) blocks.push_back(arena.Allocate(50000, 8));
  CHECK(arena.chunk_bytes() <= JsonArena::kMaxBytes);
  for (void* p : blocks) arena.Deallocate(p, 50000);
}

TEST_CASE("JsonArena: a thread reuses the chunk of the arena it destroyed last") {
  // On a new thread, whose spare chunk no earlier test has left.
  std::thread([] {
    void* first;
    {
      JsonArena a(4096);
      first = a.Allocate(100, 8);
      CHECK(a.chunk_bytes() == 4096);
    }  // its chunk is now the thread's spare
    {
      JsonArena b(4096);
      CHECK(b.Allocate(100, 8) == first);  // the same chunk, not a new one
      CHECK(b.chunk_bytes() == 4096);
      CHECK(b.chunks() == 1);
    }
    {
      // A spare more than twice the size asked for is not used (the arena's
      // bound counts chunks whole); the chunk this arena takes replaces it,
      // so the spare follows the documents read lately.
      JsonArena c(1024);
      void* p = c.Allocate(100, 8);
      CHECK(c.chunk_bytes() == 1024);
      CHECK(p != first);
      // Its second chunk (2 KiB asked) is the 4 KiB spare, taken whole.
      c.Allocate(1500, 8);
      CHECK(c.chunks() == 2);
      CHECK(c.chunk_bytes() == 1024 + 4096);
    }  // the 4 KiB chunk, c's largest, is the spare again; the 1 KiB one is freed
    {
      JsonArena d(4096);
      CHECK(d.Allocate(100, 8) == first);
      JsonArena e(1024);  // while d holds the spare, there is none
      e.Allocate(100, 8);
      CHECK(e.chunk_bytes() == 1024);
    }  // e's 1 KiB chunk was the spare for a moment; d's 4 KiB replaced it
    {
      JsonArena f(4096);
      CHECK(f.Allocate(100, 8) == first);
    }
  }).join();
}

TEST_CASE("JsonArena: a tree parsed into it equals the heap one; copies are independent") {
  std::string text = R"({"a": [1, {"b": "x"}, [true, null]], "c": {"d": []}})";
  JsonValue heap;
  REQUIRE(FastParseJson(text, JsonParseOptions{}, &heap));
  JsonValue copy;
  {
    JsonArena arena(8192);
    JsonParseOptions options;
    options.arena = &arena;
    JsonValue doc;
    REQUIRE(FastParseJson(text, options, &doc));
    CHECK(arena.chunks() == 1);
    CHECK(doc.items.get_allocator().arena() == &arena);
    const JsonValue* b = doc.Find("a")->items[1].Find("b");
    REQUIRE(b != nullptr);
    CHECK(b->Pointer() == "/a/1/b");
    CHECK(b->line == heap.Find("a")->items[1].Find("b")->line);
    CHECK(b->column == heap.Find("a")->items[1].Find("b")->column);
    JsonValue moved = std::move(doc);  // a move keeps the arena's memory
    CHECK(moved.items.get_allocator().arena() == &arena);
    CHECK(moved.Find("a")->items[1].Find("b")->Pointer() == "/a/1/b");
    copy = moved;  // a copy is the heap's
    CHECK(copy.items.get_allocator().arena() == nullptr);
    CHECK(copy.Find("a")->items[2].items.get_allocator().arena() == nullptr);
  }
  CHECK(copy.Find("a")->items[1].Find("b")->text == "x");
  CHECK(copy.Find("a")->items[1].Find("b")->Pointer() == "/a/1/b");
  CHECK(copy.Find("c")->Find("d")->is_array());
}

}  // namespace dxcheck
