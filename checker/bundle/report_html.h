// report.html of an audit bundle: the decision for a human reader, in Chinese
// and English, self-contained (inline CSS, no script, no network): transfer,
// exporter, recipients, verdict and whether the transfer may proceed,
// obligations with their state, matched rules with citations and evidence,
// list versions and digests, the signer's key id, and how to verify.
#ifndef DXCHECK_BUNDLE_REPORT_HTML_H_
#define DXCHECK_BUNDLE_REPORT_HTML_H_

#include <string>

#include "checker/eval/check.h"

namespace dxcheck {

std::string RenderReportHtml(const CheckedTransfer& t, const std::string& signer_keyid);

// `s` with &, <, >, " and ' escaped for HTML text and attributes.
std::string HtmlEscape(const std::string& s);

}  // namespace dxcheck

#endif  // DXCHECK_BUNDLE_REPORT_HTML_H_
