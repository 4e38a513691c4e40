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
Result<FileMap> ReadTar(const std::string& archive);

}  // namespace dxcheck

#endif  // DXCHECK_BUNDLE_TAR_ARCHIVE_H_
