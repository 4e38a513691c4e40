#include "checker/data/data_path.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace dxcheck {

TEST_CASE("data paths are confined to the data directory") {
  char tmpl[] = "/tmp/dxcheck-dp-XXXXXX";
  REQUIRE(mkdtemp(tmpl) != nullptr);
  std::string dir = tmpl;
  mkdir((dir + "/data").c_str(), 0700);
  mkdir((dir + "/data/sub").c_str(), 0700);
  std::fclose(std::fopen((dir + "/data/sub/dm.csv").c_str(), "w"));
  std::fclose(std::fopen((dir + "/outside.csv").c_str(), "w"));
  REQUIRE(symlink((dir + "/outside.csv").c_str(), (dir + "/data/escape.csv").c_str()) == 0);
  REQUIRE(symlink("sub/dm.csv", (dir + "/data/inside.csv").c_str()) == 0);

  Result<std::string> root = CanonicalDataDir(dir + "/data");
  REQUIRE(root.ok());
  CHECK(ResolveDataPath(*root, "sub/dm.csv").ok());
  CHECK(ResolveDataPath(*root, "inside.csv").ok());  // a link that stays inside
  CHECK(ResolveDataPath(*root, "escape.csv").status().code() == StatusCode::kInvalidInput);
  CHECK(ResolveDataPath(*root, "../outside.csv").status().code() == StatusCode::kInvalidInput);
  CHECK(ResolveDataPath(*root, "sub/../sub/dm.csv").status().code() == StatusCode::kInvalidInput);
  CHECK(ResolveDataPath(*root, dir + "/outside.csv").status().code() ==
        StatusCode::kInvalidInput);
  CHECK(ResolveDataPath(*root, "https://example.com/dm.csv").status().code() ==
        StatusCode::kInvalidInput);
  CHECK(ResolveDataPath(*root, "missing.csv").status().code() == StatusCode::kNotFound);
  CHECK(ResolveDataPath(*root, "sub").status().code() == StatusCode::kNotFound);  // a directory
  CHECK(CanonicalDataDir(dir + "/nope").status().code() == StatusCode::kNotFound);
  std::system(("rm -rf " + dir).c_str());
}

}  // namespace dxcheck
