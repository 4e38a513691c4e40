#include "checker/data/data_path.h"

#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

namespace dxcheck {
namespace {

// realpath(3) into a std::string; errno is kept for the caller.
bool RealPath(const std::string& p, std::string* out) {
  char buf[PATH_MAX];
  if (::realpath(p.c_str(), buf) == nullptr) return false;
  *out = buf;
  return true;
}

bool HasDotDotSegment(const std::string& p) {
  size_t start = 0;
  while (start <= p.size()) {
    size_t slash = p.find('/', start);
    size_t end = slash == std::string::npos ? p.size() : slash;
    if (p.compare(start, end - start, "..") == 0 && end - start == 2) return true;
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return false;
}

}  // namespace

Result<std::string> CanonicalDataDir(const std::string& dir) {
  std::string real;
  struct stat st;
  if (!RealPath(dir.empty() ? "." : dir, &real) || ::stat(real.c_str(), &st) != 0 ||
      !S_ISDIR(st.st_mode)) {
    return Status::NotFound(dir + ": the --data directory cannot be opened (" +
                            std::strerror(errno == 0 ? ENOTDIR : errno) + ")");
  }
  return real;
}

Result<std::string> ResolveDataPath(const std::string& canonical_dir, const std::string& path) {
  if (path.empty()) return Status::InvalidInput("an empty path");
  if (path[0] == '/') {
    return Status::InvalidInput("\"" + path + "\" is absolute: under --data a resource path is "
                                "relative to the data directory");
  }
  if (path.find("://") != std::string::npos) {
    return Status::InvalidInput("\"" + path + "\" is a URL: --data reads local files only");
  }
  if (HasDotDotSegment(path)) {
    return Status::InvalidInput("\"" + path + "\" contains \"..\": a resource path may not leave "
                                "the data directory");
  }
  std::string joined = canonical_dir + "/" + path;
  struct stat lst;
  if (::lstat(joined.c_str(), &lst) != 0) {
    return Status::NotFound("\"" + path + "\": no such file under " + canonical_dir);
  }
  std::string real;
  if (!RealPath(joined, &real)) {
    // A dangling link: where it points is not known to be inside.
    return Status::NotFound("\"" + path + "\" cannot be resolved (" + std::strerror(errno) + ")");
  }
  std::string root = canonical_dir == "/" ? "/" : canonical_dir + "/";
  if (real.compare(0, root.size(), root) != 0) {
    return Status::InvalidInput("\"" + path + "\" resolves through a link to a file outside the "
                                "data directory");
  }
  struct stat st;
  if (::stat(real.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    // Directories, FIFOs and devices are not data files (a FIFO would block).
    return Status::NotFound("\"" + path + "\" is not a regular file");
  }
  return real;
}

}  // namespace dxcheck
