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
  // O_NONBLOCK: opening a FIFO for reading blocks until a writer comes, so
  // the regular-file check below would never run. It changes nothing for a
  // regular file, and is cleared before reading anyway.
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return Status::NotFound(path + ": cannot open: " + std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return Status::NotFound(path + ": not a regular file");
  }
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
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

namespace {

// Whether the regular file open as `fd` starts like a PEM private key.
bool LooksLikePrivateKey(int fd) {
  char head[4096];
  ssize_t n = pread(fd, head, sizeof head, 0);
  if (n <= 0) return false;
  std::string text(head, static_cast<size_t>(n));
  return text.find("-----BEGIN") != std::string::npos &&
         text.find("PRIVATE KEY-----") != std::string::npos;
}

// Why `path`, which exists as `st` (lstat), must not be replaced; "" when it may.
std::string RefuseToReplace(const std::string& path, const struct stat& st,
                            const std::vector<std::string>& inputs) {
  if (!S_ISREG(st.st_mode)) {
    return std::string("not a regular file (") +
           (S_ISLNK(st.st_mode)   ? "a symbolic link"
            : S_ISDIR(st.st_mode) ? "a directory"
            : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
            : S_ISFIFO(st.st_mode) ? "a FIFO"
                                   : "a special file") +
           "): refusing to replace it";
  }
  for (const std::string& in : inputs) {
    struct stat is;
    if (!in.empty() && stat(in.c_str(), &is) == 0 && is.st_dev == st.st_dev &&
        is.st_ino == st.st_ino) {
      return "is an input of this command (" + in + "): refusing to overwrite it";
    }
  }
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY);
  if (fd >= 0) {
    bool key = LooksLikePrivateKey(fd);
    close(fd);
    if (key) return "holds a private key: refusing to overwrite it";
  }
  return "";
}

}  // namespace

Status WriteFileAtomic(const std::string& path, const std::string& data,
                       const std::vector<std::string>& inputs) {
  // What is there now decides whether it may be replaced, and with what mode:
  // only a regular file that is no input and no key is replaced, keeping its
  // mode when it is the user's own (a previous output); anything else gets
  // the usual 0666 less the umask.
  struct stat st;
  mode_t umask_now = umask(0);
  umask(umask_now);
  mode_t mode = 0666 & ~umask_now;
  if (lstat(path.c_str(), &st) == 0) {
    std::string why = RefuseToReplace(path, st, inputs);
    if (!why.empty()) return Status::IoError(path + ": " + why);
    if (st.st_uid == geteuid()) mode = st.st_mode & 07777 & ~static_cast<mode_t>(S_ISUID | S_ISGID);
  } else if (errno != ENOENT) {
    return Status::IoError(path + ": cannot write: " + std::strerror(errno));
  }
  // The temporary is created exclusively (O_CREAT|O_EXCL, a random name, mode
  // 0600): a file or symbolic link planted under the name is never followed
  // or truncated. It lives beside `path` so that the rename is atomic.
  std::string tmp = path + ".tmp.XXXXXX";
  int fd = mkostemp(&tmp[0], O_CLOEXEC);
  if (fd < 0) return Status::IoError(path + ": cannot write: " + std::strerror(errno));
  if (fchmod(fd, mode) != 0) {
    std::string err = std::strerror(errno);
    close(fd);
    unlink(tmp.c_str());
    return Status::IoError(path + ": cannot write: " + err);
  }
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
    // Dot files are not part of a directory's set (as for ls and dxcheck
    // init): an editor's lock link ".#cn-hgr.json" or backup is not a list.
    if (name.empty() || name[0] == '.') continue;
    bool wanted = false;
    for (const std::string& sfx : suffixes) {
      wanted = wanted || (name.size() > sfx.size() &&
                          name.compare(name.size() - sfx.size(), sfx.size(), sfx) == 0);
    }
    if (!wanted) continue;
    // Every entry so named, whatever it is: a dangling link, a FIFO or a
    // directory called "cn-hgr.json" is refused when it is read ("not a
    // regular file", "cannot open"), never skipped in silence — a list
    // missing from a rule set, or a manifest from a batch, is a pass nobody
    // made.
    out.push_back(dir + (!dir.empty() && dir.back() == '/' ? "" : "/") + name);  // "manifests/" + "x.json"
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace dxcheck
