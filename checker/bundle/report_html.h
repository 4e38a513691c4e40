// report.html of an audit bundle: the decision for a human reader, in Chinese
// and English, self-contained (inline CSS, no script, no network): transfer,
// exporter, recipients, verdict and whether the transfer may proceed,
// obligations with their state and what satisfied each (reference, dates),
// matched rules with citations and evidence, list versions and digests and
// why each was or was not applied, the data files with their sha256, the
// field classification, warnings, the signature algorithm and key id, and
// how to verify. Every label and every reason is in both languages; values
// from the manifest and the lists are shown as written.
#ifndef DXCHECK_BUNDLE_REPORT_HTML_H_
#define DXCHECK_BUNDLE_REPORT_HTML_H_

#include <string>
#include <string_view>

#include "checker/base/printable.h"
#include "checker/eval/check.h"

namespace dxcheck {

// `signature_algorithm` as SignatureAlgorithmText (bag_layout.h) names it.
std::string RenderReportHtml(const CheckedTransfer& t, const std::string& signer_keyid,
                             const std::string& signature_algorithm);

// What a warning code means, in Chinese (the report prints it beside the
// warning's English message); nullptr for a code it does not know.
const char* WarningTextZh(std::string_view code);

// HtmlEscape (&, <, >, " and ' escaped) is in checker/base/printable.h.

}  // namespace dxcheck

#endif  // DXCHECK_BUNDLE_REPORT_HTML_H_
