#include "checker/bundle/tar_archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include <algorithm>
#include <memory>
#include <vector>

namespace dxcheck {
namespace {

struct WriterDeleter {
  void operator()(struct archive* a) const { archive_write_free(a); }
};
struct ReaderDeleter {
  void operator()(struct archive* a) const { archive_read_free(a); }
};
struct EntryDeleter {
  void operator()(struct archive_entry* e) const { archive_entry_free(e); }
};

int OnOpen(struct archive*, void*) { return ARCHIVE_OK; }
int OnClose(struct archive*, void*) { return ARCHIVE_OK; }
la_ssize_t OnWrite(struct archive*, void* out, const void* buf, size_t n) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buf), n);
  return static_cast<la_ssize_t>(n);
}

// A writer's output compared with `tar` as it is written, never held: the
// check of a 256 MiB bundle needs no second copy of it.
struct Comparison {
  const std::string* tar;
  size_t at = 0;                        // bytes written so far
  size_t first_difference = std::string::npos;
};
la_ssize_t OnCompare(struct archive*, void* cmp, const void* buf, size_t n) {
  Comparison& c = *static_cast<Comparison*>(cmp);
  const char* b = static_cast<const char*>(buf);
  if (c.first_difference == std::string::npos) {
    for (size_t i = 0; i < n; ++i) {
      if (c.at + i >= c.tar->size() || (*c.tar)[c.at + i] != b[i]) {
        c.first_difference = c.at + i;
        break;
      }
    }
  }
  c.at += n;
  return static_cast<la_ssize_t>(n);
}

// "" when `path` is a safe relative path inside the bag; else why not.
std::string PathProblem(const std::string& path) {
  if (path.empty()) return "empty path";
  if (path[0] == '/') return "absolute path";
  if (path.find('\\') != std::string::npos) return "backslash in path";
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string part = path.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (part == "..") return "path leaves the bag (\"..\")";
    if (part == "." ) return "\".\" component in path";
    if (part.empty() && slash != std::string::npos) return "empty component in path";
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return "";
}

// Inflates one gzip member. zlib checks the trailer's CRC-32 and length
// (windowBits 16 + 15); anything after the member is refused, and so is
// output beyond `limit`.
Result<std::string> Gunzip(const std::string& in, size_t limit) {
  z_stream z = {};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return Status::Internal("zlib: inflateInit2 failed");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[1 << 16];
  int r = Z_OK;
  while (r == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    r = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
    if (out.size() > limit) {
      inflateEnd(&z);
      return Status::InvalidInput("gzip: more than " + std::to_string(limit >> 20) + " MiB once inflated");
    }
    if (r == Z_BUF_ERROR && z.avail_in == 0) break;  // input ended before the stream did
  }
  std::string why = z.msg != nullptr ? z.msg : "";
  size_t left = z.avail_in;
  inflateEnd(&z);
  if (r != Z_STREAM_END) {
    if (why == "incorrect data check") why = "the CRC-32 does not match the data";
    if (why == "incorrect length check") why = "the length in the trailer does not match the data";
    return Status::InvalidInput("gzip: " + (r == Z_BUF_ERROR ? std::string("truncated stream")
                                                             : why.empty() ? "corrupt stream" : why));
  }
  if (left != 0) {
    return Status::InvalidInput("gzip: " + std::to_string(left) + " byte(s) after the end of the gzip stream");
  }
  return out;
}

// Writes the archive of `files` through `write` (libarchive's callback, given
// `sink`). REQUIRES: `sink` outlives the call's archive, which is freed
// before this returns (freeing an archive that was not closed, at any early
// return, flushes its last block into the sink).
Status WriteTarTo(const FileMap& files, bool gzip, archive_write_callback* write, void* sink) {
  std::unique_ptr<struct archive, WriterDeleter> a(archive_write_new());
  if (archive_write_set_format_ustar(a.get()) != ARCHIVE_OK ||
      (gzip && (archive_write_add_filter_gzip(a.get()) != ARCHIVE_OK ||
                archive_write_set_options(a.get(), "gzip:!timestamp") != ARCHIVE_OK)) ||
      archive_write_set_bytes_in_last_block(a.get(), 1) != ARCHIVE_OK ||
      archive_write_open(a.get(), sink, OnOpen, write, OnClose) != ARCHIVE_OK) {
    return Status::Internal(std::string("tar writer: ") + archive_error_string(a.get()));
  }
  for (const auto& [path, data] : files) {
    std::unique_ptr<struct archive_entry, EntryDeleter> e(archive_entry_new());
    archive_entry_set_pathname(e.get(), path.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(data.size()));
    archive_entry_set_mtime(e.get(), kBundleMtime, 0);
    archive_entry_set_uid(e.get(), 0);
    archive_entry_set_gid(e.get(), 0);
    archive_entry_set_uname(e.get(), "");
    archive_entry_set_gname(e.get(), "");
    if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK ||
        (!data.empty() && archive_write_data(a.get(), data.data(), data.size()) !=
                              static_cast<la_ssize_t>(data.size()))) {
      return Status::Internal("tar writer: " + path + ": " + archive_error_string(a.get()));
    }
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) {
    return Status::Internal(std::string("tar writer: ") + archive_error_string(a.get()));
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> WriteTar(const FileMap& files, bool gzip) {
  std::string out;  // outlives the archive WriteTarTo frees
  Status s = WriteTarTo(files, gzip, OnWrite, &out);
  if (!s.ok()) return s;
  return out;
}

Result<FileMap> ReadTar(const std::string& archive, std::string* inflated_out) {
  std::string inflated;
  const std::string* tar = &archive;
  if (archive.size() >= 2 && static_cast<unsigned char>(archive[0]) == 0x1f &&
      static_cast<unsigned char>(archive[1]) == 0x8b) {
    // Headers and padding take at most a few MiB more than the contents.
    Result<std::string> raw = Gunzip(archive, kMaxBundleTotalBytes + (kMaxBundleEntries + 16) * 1024);
    if (!raw.ok()) return raw.status();
    inflated = std::move(raw).value();
    tar = &inflated;
  }
  std::unique_ptr<struct archive, ReaderDeleter> a(archive_read_new());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_memory(a.get(), tar->data(), tar->size()) != ARCHIVE_OK) {
    return Status::InvalidInput(std::string("not a tar or tar.gz archive: ") +
                                archive_error_string(a.get()));
  }
  FileMap files;
  size_t total = 0, index = 0;
  struct archive_entry* e = nullptr;
  while (true) {
    int r = archive_read_next_header(a.get(), &e);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK) {
      return Status::InvalidInput("entry " + std::to_string(index + 1) + ": unreadable header: " +
                                  archive_error_string(a.get()));
    }
    ++index;
    const char* raw = archive_entry_pathname(e);
    std::string path = raw ? raw : "";
    std::string at = "entry " + std::to_string(index) + " \"" + path + "\": ";
    if (index > kMaxBundleEntries) return Status::InvalidInput("more than " + std::to_string(kMaxBundleEntries) + " entries");
    if (std::string p = PathProblem(path); !p.empty()) return Status::InvalidInput(at + p);
    if (archive_entry_hardlink(e) != nullptr) return Status::InvalidInput(at + "hard link");
    mode_t type = archive_entry_filetype(e);
    if (type == AE_IFDIR) continue;
    if (type == AE_IFLNK) return Status::InvalidInput(at + "symbolic link");
    if (type != AE_IFREG) return Status::InvalidInput(at + "not a regular file (device, fifo or socket)");
    // A sparse entry's holes read as zeros that are in no header's size:
    // refused by name rather than failing later as a short read.
    if (archive_entry_sparse_count(e) > 0) return Status::InvalidInput(at + "sparse entries are refused");
    la_int64_t size = archive_entry_size(e);
    if (size < 0 || static_cast<size_t>(size) > kMaxBundleEntryBytes) {
      return Status::InvalidInput(at + "larger than the " + std::to_string(kMaxBundleEntryBytes >> 20) +
                                  " MiB bound for one file");
    }
    total += static_cast<size_t>(size);
    if (total > kMaxBundleTotalBytes) {
      return Status::InvalidInput("more than " + std::to_string(kMaxBundleTotalBytes >> 20) + " MiB in all");
    }
    if (files.count(path)) return Status::InvalidInput(at + "duplicate entry");
    std::string data(static_cast<size_t>(size), '\0');
    la_ssize_t n = data.empty() ? 0 : archive_read_data(a.get(), &data[0], data.size());
    if (n != static_cast<la_ssize_t>(data.size())) {
      return Status::InvalidInput(at + "truncated or corrupt data: " +
                                  (archive_error_string(a.get()) ? archive_error_string(a.get()) : "short read"));
    }
    files.emplace(path, std::move(data));
  }
  // After the end-of-archive blocks libarchive stops reading: what follows
  // must be the zero padding of the last record, nothing else.
  la_int64_t consumed = archive_filter_bytes(a.get(), 0);
  if (consumed < 0 || static_cast<size_t>(consumed) > tar->size()) consumed = 0;
  size_t extra = tar->find_first_not_of('\0', static_cast<size_t>(consumed));
  if (extra != std::string::npos) {
    return Status::InvalidInput("data after the end of the tar archive (byte " + std::to_string(extra) + ")");
  }
  if (inflated_out != nullptr) *inflated_out = std::move(inflated);
  return files;
}

Status CheckCanonicalTar(const std::string& archive, const std::string& inflated, const FileMap& files) {
  const std::string kWhat = "not the deterministic archive dxbundle pack writes (spec/bundle.md)";
  if (archive.size() >= 2 && static_cast<unsigned char>(archive[0]) == 0x1f &&
      static_cast<unsigned char>(archive[1]) == 0x8b) {
    // RFC 1952: ID1 ID2 CM FLG MTIME(4) XFL OS. FLG 0: no FTEXT, FHCRC,
    // FEXTRA, FNAME or FCOMMENT.
    if (archive.size() < 10 || archive[2] != 8) return Status::InvalidInput("gzip header: " + kWhat);
    if (archive[3] != 0) {
      return Status::InvalidInput("gzip header carries a name, comment, extra field or header CRC (flags " +
                                  std::to_string(static_cast<unsigned char>(archive[3])) + "): " + kWhat);
    }
    if (archive[4] != 0 || archive[5] != 0 || archive[6] != 0 || archive[7] != 0) {
      return Status::InvalidInput("gzip header carries a timestamp: " + kWhat);
    }
  }
  bool gzip = archive.size() >= 2 && static_cast<unsigned char>(archive[0]) == 0x1f &&
              static_cast<unsigned char>(archive[1]) == 0x8b;
  Comparison cmp{gzip ? &inflated : &archive};
  Status written = WriteTarTo(files, false, OnCompare, &cmp);
  if (!written.ok()) return written;
  if (cmp.first_difference == std::string::npos && cmp.at == cmp.tar->size()) return Status::Ok();
  size_t at = std::min(cmp.first_difference, cmp.at);
  // Which of the canonical entries' blocks the first difference falls in.
  size_t start = 0;
  std::string where = "after the last entry";
  for (const auto& [path, data] : files) {
    size_t end = start + 512 + (data.size() + 511) / 512 * 512;
    if (at < end) {
      where = (at < start + 512 ? "in the header of \"" : "in the data of \"") + path + "\"";
      break;
    }
    start = end;
  }
  return Status::InvalidInput("the tar differs from the canonical tar of its own files at byte " +
                              std::to_string(at) + " (" + where + "; entries sorted, regular files only, "
                              "mode 0644, uid/gid 0, no owner names, fixed mtime, ustar without pax records): " +
                              kWhat);
}

}  // namespace dxcheck
