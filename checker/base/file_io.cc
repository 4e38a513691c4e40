#include "checker/base/file_io.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace dxcheck {

Result<std::string> ReadFile(const std::string& path, size_t max_bytes) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::NotFound(path + ": cannot open: " + std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return Status::NotFound(path + ": not a regular file");
  }
  if (static_cast<size_t>(st.st_size) > max_bytes) {
    close(fd);
    return Status::InvalidInput(path + ": file is " + std::to_string(st.st_size) +
                                " bytes; the limit is " + std::to_string(max_bytes));
  }
  std::string data;
  data.resize(static_cast<size_t>(st.st_size));
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = read(fd, &data[done], data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string err = std::strerror(errno);
      close(fd);
      return Status::IoError(path + ": read failed: " + err);
    }
    if (n == 0) break;  // the file shrank while we read it
    done += static_cast<size_t>(n);
  }
  close(fd);
  data.resize(done);
  return data;
}

namespace {

// Writes all of `data` to `fd`; on failure closes `fd`, removes `remove` and
// says why.
Status WriteAll(int fd, const std::string& data, const std::string& path, const std::string& remove) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string err = std::strerror(errno);
      close(fd);
      unlink(remove.c_str());
      return Status::IoError(path + ": write failed: " + err);
    }
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    unlink(remove.c_str());
    return Status::IoError(path + ": write failed: " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace

Status WriteFileAtomic(const std::string& path, const std::string& data) {
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError(path + ": cannot write: " + std::strerror(errno));
  Status s = WriteAll(fd, data, path, tmp);
  if (!s.ok()) return s;
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    std::string err = std::strerror(errno);
    unlink(tmp.c_str());
    return Status::IoError(path + ": cannot replace: " + err);
  }
  return Status::Ok();
}

Status WriteNewFile(const std::string& path, const std::string& data, unsigned mode) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) return Status::IoError(path + " exists; refusing to overwrite it");
    return Status::IoError(path + ": cannot create: " + std::strerror(errno));
  }
  // The umask may have narrowed `mode`; never widened it. Make it exact.
  fchmod(fd, mode);
  return WriteAll(fd, data, path, path);
}

Status CheckPrivateKeyMode(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return Status::NotFound(path + ": cannot open: " + std::strerror(errno));
  unsigned perms = st.st_mode & 0777;
  if (perms & 077) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", perms);
    return Status::Permission("private key " + path + " is accessible by group or others (mode " +
                              buf + "): run chmod 600 " + path);
  }
  return Status::Ok();
}

Result<std::vector<std::string>> ListFiles(const std::string& dir,
                                           const std::vector<std::string>& suffixes) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) return Status::NotFound(dir + ": cannot open directory: " + std::strerror(errno));
  std::vector<std::string> out;
  while (struct dirent* e = readdir(d)) {
    std::string name = e->d_name;
    bool wanted = false;
    for (const std::string& sfx : suffixes) {
      wanted = wanted || (name.size() > sfx.size() &&
                          name.compare(name.size() - sfx.size(), sfx.size(), sfx) == 0);
    }
    if (!wanted) continue;
    std::string path = dir + (!dir.empty() && dir.back() == '/' ? "" : "/") + name;  // "manifests/" + "x.json"
    struct stat st;
    if (stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) out.push_back(path);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace dxcheck
