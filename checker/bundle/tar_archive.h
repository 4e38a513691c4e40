// Deterministic tar archives for audit bundles, through libarchive.
//
// Writing: ustar format (no pax headers, so no pax times), entries sorted by
// path, fixed mtime, uid/gid 0 with empty owner names, mode 0644; gzip (when
// asked) without a timestamp or file name. The same entries give the same bytes.
//
// Reading refuses the tricks an archive can play, reporting the first one:
// absolute paths, ".." components, links, devices and other non-regular
// entries (directories are accepted and ignored), duplicate paths, entries
// larger than kMaxBundleEntryBytes, more than kMaxBundleEntries entries or
// more than kMaxBundleTotalBytes in all. Nothing is extracted to disk. A
// gzip'd archive is inflated first, strictly: one gzip member whose CRC-32
// and length check, nothing after it (libarchive alone stops at the tar's end
// and never reads the trailer). In the tar, only zero bytes may follow the
// end-of-archive blocks.
#ifndef DXCHECK_BUNDLE_TAR_ARCHIVE_H_
#define DXCHECK_BUNDLE_TAR_ARCHIVE_H_

#include <map>
#include <string>

#include "checker/base/status.h"

namespace dxcheck {

constexpr size_t kMaxBundleEntryBytes = 64u << 20;   // one file
constexpr size_t kMaxBundleTotalBytes = 256u << 20;  // all files
constexpr size_t kMaxBundleEntries = 10000;
// 2000-01-01T00:00:00Z: the mtime of every entry.
constexpr long kBundleMtime = 946684800;

// path -> contents; std::map keeps them sorted.
using FileMap = std::map<std::string, std::string>;

Result<std::string> WriteTar(const FileMap& files, bool gzip);

// InvalidInput naming the problem ("entry 3 \"../x\": path leaves the bag").
// `inflated`, when given, receives a .tar.gz's tar (it is left empty for a
// plain tar, which is `archive` itself).
Result<FileMap> ReadTar(const std::string& archive, std::string* inflated = nullptr);

// Ok when `archive` is exactly what WriteTar writes for `files` (ReadTar's
// answer for it, with `inflated` as ReadTar gave it): the tar byte for byte
// (compared as it is written, without a second copy), and for a
// .tar.gz a gzip header with no timestamp, name, comment or extra field (the
// deflate stream itself is zlib's to choose). So nothing rides in an archive
// beyond its files: no directory entries, pax records, owners, modes, times
// or order a verifier would not see (spec/bundle.md: a deterministic tar).
// InvalidInput naming the first difference.
Status CheckCanonicalTar(const std::string& archive, const std::string& inflated, const FileMap& files);

}  // namespace dxcheck

#endif  // DXCHECK_BUNDLE_TAR_ARCHIVE_H_
