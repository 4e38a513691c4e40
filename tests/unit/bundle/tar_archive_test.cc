#include "checker/bundle/tar_archive.h"

#include <doctest/doctest.h>

#include <string>

namespace dxcheck {

TEST_CASE("WriteTar then ReadTar gives the same files") {
  FileMap files = {{"bag/a.txt", "alpha"}, {"bag/data/b.json", std::string(3000, 'b')}, {"bag/empty", ""}};
  for (bool gzip : {false, true}) {
    Result<std::string> tar = WriteTar(files, gzip);
    REQUIRE(tar.ok());
    Result<FileMap> back = ReadTar(*tar);
    REQUIRE(back.ok());
    CHECK(*back == files);
  }
}

// Found by signed_bundle_fuzzer (fuzz/regressions/signed_bundle_fuzzer/long-path.bag): a path ustar
// cannot hold failed the write, and the archive, closed after its output string was destroyed,
// flushed into that string (a leak under ASan, a write to freed memory in general).
TEST_CASE("WriteTar refuses a path ustar cannot hold, and stays memory-safe doing so") {
  std::string name(150, 'n');  // one component > 100 bytes: not splittable into ustar's prefix/name
  FileMap files = {{"bag/a.txt", std::string(5000, 'a')}, {"bag/" + name, "x"}};
  for (bool gzip : {false, true}) {
    Result<std::string> tar = WriteTar(files, gzip);
    REQUIRE_FALSE(tar.ok());
    CHECK(tar.status().message().find("tar writer: bag/" + name) == 0);
  }
}

}  // namespace dxcheck
