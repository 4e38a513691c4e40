#include "checker/base/file_io.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include <doctest/doctest.h>

namespace dxcheck {
namespace {

std::string TempDir() {
  char tmpl[] = "/tmp/dxcheck-file-io-XXXXXX";
  REQUIRE(mkdtemp(tmpl) != nullptr);
  return tmpl;
}

TEST_CASE("ReadFile: the size bound holds at the bound and fails one past it") {
  std::string dir = TempDir();
  std::string p = dir + "/f";
  REQUIRE(WriteFileAtomic(p, std::string(100, 'x')).ok());
  CHECK(ReadFile(p, 100).ok());
  Result<std::string> past = ReadFile(p, 99);
  REQUIRE_FALSE(past.ok());
  CHECK(past.status().code() == StatusCode::kInvalidInput);
  CHECK(past.status().message() == p + ": file is 100 bytes; the limit is 99");
}

TEST_CASE("ReadFile refuses a FIFO without waiting for a writer") {
  std::string dir = TempDir();
  std::string fifo = dir + "/fifo";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  Result<std::string> r = ReadFile(fifo);  // would block forever without O_NONBLOCK
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kNotFound);
  CHECK(r.status().message() == fifo + ": not a regular file");
}

TEST_CASE("WriteFileAtomic never replaces a symlink, an input, a key or a special file") {
  std::string dir = TempDir();
  std::string victim = dir + "/victim", link = dir + "/link", input = dir + "/in.json";
  REQUIRE(WriteFileAtomic(victim, "precious").ok());
  REQUIRE(symlink(victim.c_str(), link.c_str()) == 0);
  Status s = WriteFileAtomic(link, "x");
  CHECK(s.message() == link + ": not a regular file (a symbolic link): refusing to replace it");
  CHECK(ReadFile(victim).value() == "precious");

  REQUIRE(WriteFileAtomic(input, "{}").ok());
  CHECK(WriteFileAtomic(input, "x", {input}).message() ==
        input + ": is an input of this command (" + input + "): refusing to overwrite it");
  CHECK(ReadFile(input).value() == "{}");

  std::string key = dir + "/k.key";
  REQUIRE(WriteNewFile(key, "-----BEGIN PRIVATE KEY-----\nMC4=\n-----END PRIVATE KEY-----\n", 0600).ok());
  CHECK(WriteFileAtomic(key, "x").message() == key + ": holds a private key: refusing to overwrite it");
  CHECK(WriteFileAtomic(dir, "x").message() ==
        dir + ": not a regular file (a directory): refusing to replace it");
  CHECK(WriteFileAtomic("/dev/null", "x").message() ==
        "/dev/null: not a regular file (a device): refusing to replace it");
}

TEST_CASE("WriteFileAtomic keeps the mode of the user's own file and leaves no temporary") {
  std::string dir = TempDir();
  std::string out = dir + "/out.json";
  REQUIRE(WriteFileAtomic(out, "old").ok());
  REQUIRE(chmod(out.c_str(), 0640) == 0);
  REQUIRE(WriteFileAtomic(out, "new").ok());
  struct stat st;
  REQUIRE(stat(out.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0640);
  CHECK(ReadFile(out).value() == "new");
  Result<std::vector<std::string>> left = ListFiles(dir, {""});
  REQUIRE(left.ok());
  CHECK(left->size() == 1);
}

TEST_CASE("ListFiles leaves dot files out (an editor's lock link), keeps every other entry") {
  std::string dir = TempDir();
  REQUIRE(WriteNewFile(dir + "/b.json", "{}", 0644).ok());
  REQUIRE(symlink("user@host.1234:1700000000", (dir + "/.#b.json").c_str()) == 0);  // Emacs
  REQUIRE(WriteNewFile(dir + "/.hidden.json", "{}", 0644).ok());
  REQUIRE(symlink("missing.json", (dir + "/a.json").c_str()) == 0);  // dangling: kept, refused on read
  Result<std::vector<std::string>> files = ListJsonFiles(dir);
  REQUIRE(files.ok());
  CHECK(*files == std::vector<std::string>{dir + "/a.json", dir + "/b.json"});
}

}  // namespace
}  // namespace dxcheck
