// Reading input files whole, with a size bound, and writing outputs safely.
//
// Manifests, lists and envelopes are read as exact bytes: digests are taken of
// what was read, never of a re-serialisation.
#ifndef DXCHECK_BASE_FILE_IO_H_
#define DXCHECK_BASE_FILE_IO_H_

#include <cstddef>
#include <string>
#include <vector>

#include "checker/base/status.h"

namespace dxcheck {

// Inputs larger than this are refused: a manifest of 100,000 fields is ~30 MiB.
constexpr size_t kMaxInputBytes = 64u << 20;

// The whole file. NotFound when it cannot be opened (missing, a directory, a
// FIFO, a device or any other non-regular file — never waited on — or no
// permission to read); InvalidInput when larger than `max_bytes`; IoError when
// reading fails midway.
Result<std::string> ReadFile(const std::string& path, size_t max_bytes = kMaxInputBytes);

// Writes `data` to `path` through a temporary file created exclusively in the
// same directory and a rename, so a reader never sees half a decision. Refuses
// (IoError, nothing written) when `path` exists and is not a regular file
// (a symbolic link, a device, a FIFO, a directory), is one of `inputs` (the
// same file, by device and inode), or holds a PEM private key. A replaced
// file keeps its mode when the user owns it. IoError on any failure.
Status WriteFileAtomic(const std::string& path, const std::string& data,
                       const std::vector<std::string>& inputs = {});

// Creates `path` with `mode`, failing (IoError) if it exists: key files are
// never overwritten.
Status WriteNewFile(const std::string& path, const std::string& data, unsigned mode);

// Permission when the file at `path` (a private key) is readable or writable
// by group or others; NotFound when it cannot be examined.
Status CheckPrivateKeyMode(const std::string& path);

// The entries directly in `dir` whose names end in one of `suffixes`, sorted
// by name (not recursive), dot files left out (an editor's lock link
// ".#x.json" is no list): all the others, links, FIFOs and directories too, so
// that reading one that is not a regular file fails (ReadFile) instead of the
// entry being left out unseen.
Result<std::vector<std::string>> ListFiles(const std::string& dir,
                                           const std::vector<std::string>& suffixes);
inline Result<std::vector<std::string>> ListJsonFiles(const std::string& dir) {
  return ListFiles(dir, {".json"});
}

}  // namespace dxcheck

#endif  // DXCHECK_BASE_FILE_IO_H_
