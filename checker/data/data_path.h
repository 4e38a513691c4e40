// ResolveDataPath: where a resource's `path` is on disk under `check --data DIR`,
// confined to DIR (spec/data.md "Command line").
//
// A path that is absolute, is a URL, has a `..` segment, or resolves through
// links to a place outside DIR is refused (InvalidInput, exit 65): a manifest
// must not make the gate read, and attest to, files it does not ship. A file
// that does not exist, cannot be read or is not a regular file is NotFound
// (exit 66). The check is on the resolved path, so a symlink inside DIR that
// points outside it is refused too.
#ifndef DXCHECK_DATA_DATA_PATH_H_
#define DXCHECK_DATA_DATA_PATH_H_

#include <string>

#include "checker/base/status.h"

namespace dxcheck {

// The canonical (symlink-free) form of `dir`; NotFound when it is not a
// readable directory.
Result<std::string> CanonicalDataDir(const std::string& dir);

// REQUIRES: `canonical_dir` came from CanonicalDataDir. Returns the resolved
// path of `path` (as the manifest writes it) inside `canonical_dir`.
Result<std::string> ResolveDataPath(const std::string& canonical_dir, const std::string& path);

}  // namespace dxcheck

#endif  // DXCHECK_DATA_DATA_PATH_H_
