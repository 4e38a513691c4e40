// StreamFile: size and SHA-256 whatever the chunking and however many parts,
// every byte consumed once and in order (the second thread reads ahead into
// the other buffer), and the errors: a reader's, a missing part.
#include "checker/data/table_reader.h"

#include <doctest/doctest.h>
#include <unistd.h>

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

TEST_CASE("StreamFile: after a reader's error the rest is hashed, not consumed; a missing part") {
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "line\n";
  std::string p = WriteTemp(text);
  {
    uint64_t bytes = 0;
    std::string hex;
    size_t calls = 0;
    std::string seen;
    Status s = StreamFile(
        {p},
        [&](std::string_view c) {
          seen.append(c);
          return ++calls == 3 ? Status::InvalidInput("bad row") : Status::Ok();
        },
        &bytes, &hex, 1000);
    CHECK(s.code() == StatusCode::kInvalidInput);
    CHECK(calls == 3);  // not consumed after the error
    CHECK(seen == text.substr(0, 3000));
    CHECK(bytes == text.size());  // still hashed to the end
    CHECK(hex == Sha256Hex(text));
  }
  {
    uint64_t bytes = 0;
    std::string hex, seen;
    Status s = StreamFile(
        {p, p + ".absent", p}, [&](std::string_view c) { seen.append(c); return Status::Ok(); },
        &bytes, &hex, 1000);
    CHECK(s.code() == StatusCode::kNotFound);
    CHECK(s.message().find(".absent") != std::string::npos);
    CHECK(seen == text);  // the first part, whole; nothing of the third
  }
  {
    // A part that opens but cannot be read (a directory: fread fails with
    // EISDIR) is an I/O error, after the parts before it were consumed.
    char dir[] = "/tmp/dxcheck-trd-XXXXXX";
    REQUIRE(mkdtemp(dir) != nullptr);
    for (bool consumer : {true, false}) {
      uint64_t bytes = 0;
      std::string hex, seen;
      std::function<Status(std::string_view)> consume;
      if (consumer) consume = [&](std::string_view c) { seen.append(c); return Status::Ok(); };
      Status s = StreamFile({p, dir}, consume, &bytes, &hex, 1000);
      CHECK(s.code() == StatusCode::kIoError);
      CHECK(s.message().find("read error") != std::string::npos);
      if (consumer) CHECK(seen == text);
    }
    rmdir(dir);
  }
  std::remove(p.c_str());
}

}  // namespace dxcheck
