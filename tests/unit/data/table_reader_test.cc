// StreamFile: size and SHA-256 whatever the chunking, and the deferred work
// (DeferredWork) of every chunk done, exactly once and in order, by the time
// it returns — also after a reader's error and when a later part is missing.
#include "checker/data/table_reader.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace dxcheck {
namespace {

std::string WriteTemp(const std::string& bytes) {
  char tmpl[] = "/tmp/dxcheck-tr-XXXXXX";
  int fd = mkstemp(tmpl);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  close(fd);
  return tmpl;
}

std::string Sha256Hex(const std::string& bytes) {
  ByteDigest d;
  d.Update(bytes.data(), bytes.size());
  return d.Finish();
}

// Counts the newlines of each chunk on the reading thread and moves the
// counts to `settled` on the hashing thread, the way data_scan.cc moves
// person tokens; records whether a Handoff ever met a running Settle.
class LineCounter : public DeferredWork {
 public:
  void Consume(std::string_view chunk) {
    for (char c : chunk) produced_ += c == '\n' ? 1 : 0;
  }
  void Handoff() override {
    if (settling_.load()) overlapped_ = true;
    handed_ += produced_;
    produced_ = 0;
  }
  void Settle() override {
    settling_ = true;
    settled_ += handed_;
    handed_ = 0;
    ++settles_;
    settling_ = false;
  }
  uint64_t settled() const { return settled_; }
  uint64_t pending() const { return produced_ + handed_; }
  int settles() const { return settles_; }
  bool overlapped() const { return overlapped_; }

 private:
  uint64_t produced_ = 0, handed_ = 0, settled_ = 0;
  int settles_ = 0;
  std::atomic<bool> settling_{false};
  bool overlapped_ = false;
};

}  // namespace

TEST_CASE("StreamFile: size and digest of a multi-part file, any chunk size, with or without a consumer") {
  std::string a, b;
  for (int i = 0; i < 5000; ++i) a += "row " + std::to_string(i) + "\n";
  for (int i = 0; i < 777; ++i) b += "more " + std::to_string(i * 7) + "\n";
  std::string pa = WriteTemp(a), pb = WriteTemp(b);
  for (size_t chunk : {size_t{1}, size_t{7}, size_t{4096}, size_t{1} << 20}) {
    for (bool consumer : {false, true}) {
      uint64_t bytes = 0;
      std::string hex, seen;
      std::function<Status(std::string_view)> consume;
      if (consumer) consume = [&](std::string_view c) { seen.append(c); return Status::Ok(); };
      REQUIRE(StreamFile({pa, pb}, consume, &bytes, &hex, chunk).ok());
      CHECK(bytes == a.size() + b.size());
      CHECK(hex == Sha256Hex(a + b));
      if (consumer) CHECK(seen == a + b);
    }
  }
  std::remove(pa.c_str());
  std::remove(pb.c_str());
}

TEST_CASE("StreamFile: every chunk's deferred work is settled once, never beside a handoff") {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += std::to_string(i) + ",x\n";
  std::string p = WriteTemp(text);
  for (size_t chunk : {size_t{3}, size_t{64}, size_t{65536}}) {
    LineCounter lines;
    uint64_t bytes = 0;
    std::string hex;
    Status s = StreamFile(
        {p, p}, [&](std::string_view c) { lines.Consume(c); return Status::Ok(); }, &bytes, &hex,
        chunk, &lines);
    REQUIRE(s.ok());
    CHECK(lines.settled() == 40000);
    CHECK(lines.pending() == 0);
    CHECK_FALSE(lines.overlapped());
    CHECK(lines.settles() >= static_cast<int>(2 * text.size() / chunk));
    CHECK(hex == Sha256Hex(text + text));
  }
  std::remove(p.c_str());
}

TEST_CASE("StreamFile: deferred work is settled after a reader's error and a missing part") {
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "line\n";
  std::string p = WriteTemp(text);
  {
    LineCounter lines;
    uint64_t bytes = 0;
    std::string hex;
    size_t calls = 0;
    Status s = StreamFile(
        {p},
        [&](std::string_view c) {
          lines.Consume(c);
          return ++calls == 3 ? Status::InvalidInput("bad row") : Status::Ok();
        },
        &bytes, &hex, 1000, &lines);
    CHECK(s.code() == StatusCode::kInvalidInput);
    CHECK(calls == 3);  // not consumed after the error
    CHECK(lines.settled() == 600);  // the three chunks' 200 lines each
    CHECK(lines.pending() == 0);
    CHECK(bytes == text.size());  // still hashed to the end
    CHECK(hex == Sha256Hex(text));
  }
  {
    LineCounter lines;
    uint64_t bytes = 0;
    std::string hex;
    Status s = StreamFile(
        {p, p + ".absent"}, [&](std::string_view c) { lines.Consume(c); return Status::Ok(); },
        &bytes, &hex, 1000, &lines);
    CHECK(s.code() == StatusCode::kNotFound);
    CHECK(lines.settled() == 3000);
    CHECK(lines.pending() == 0);
  }
  std::remove(p.c_str());
}

}  // namespace dxcheck
