// SARIF 2.1.0 (OASIS): diagnostics in the form code-scanning UIs read (GitHub
// code scanning, GitLab, VS Code's SARIF viewer), for `validate --format sarif`.
//
// One run; each diagnostic is a result with its code as ruleId, "error" or
// "warning" as level, the file as a relative URI reference, line and column as
// the region, and the JSON pointer as a logical location. Columns count code
// points (the run says so: columnKind "unicodeCodePoints"), as diagnostics do.
#ifndef DXCHECK_BASE_SARIF_H_
#define DXCHECK_BASE_SARIF_H_

#include <string>
#include <vector>

#include "checker/base/diagnostic.h"

namespace dxcheck {

struct SarifTool {
  std::string name;             // "dxcheck"
  std::string version;          // "0.1.0"
  std::string information_uri;  // absolute URI of the codes' documentation; "": left out
};

// The SARIF log (JSON text, newline-terminated) of `diagnostics`.
std::string DiagnosticsToSarif(const std::vector<Diagnostic>& diagnostics, const SarifTool& tool);

// `path` as a URI reference: every byte outside RFC 3986's unreserved set and
// "/" percent-encoded ("my data/x.json" -> "my%20data/x.json"); an absolute
// path becomes a file URI ("/tmp/x.json" -> "file:///tmp/x.json").
std::string PathToUriReference(const std::string& path);

}  // namespace dxcheck

#endif  // DXCHECK_BASE_SARIF_H_
