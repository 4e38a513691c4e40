// Printable: text from input made safe for a terminal, a log line or HTML.
//
// Values from manifests, lists, bundles and file names reach text output and
// diagnostics. Raw, an ESC or BEL byte drives the reader's terminal, a newline
// forges an extra diagnostic line, and a bidirectional override reorders what
// the reader sees. Every text renderer passes such values through
// Printable() before it joins them into its lines.
#ifndef DXCHECK_BASE_PRINTABLE_H_
#define DXCHECK_BASE_PRINTABLE_H_

#include <string>
#include <string_view>

namespace dxcheck {

// `s` with every control character escaped, and nothing else changed:
//  - C0 controls and DEL as \n, \r, \t or \xHH;
//  - C1 controls (U+0080..U+009F), line and paragraph separators
//    (U+2028, U+2029) and bidirectional formatting characters (U+200E,
//    U+200F, U+202A..U+202E, U+2066..U+2069) as \uHHHH;
//  - bytes that are not valid UTF-8 as \xHH.
// Printable text (Chinese included) and backslashes are kept as they are.
std::string Printable(std::string_view s);

// True when Printable(s) == s (nothing to escape).
bool IsPrintable(std::string_view s);

// `s` with &, <, >, " and ' escaped for HTML text and attributes (the
// bundle's report.html and the filing drafts of checker/filing).
std::string HtmlEscape(std::string_view s);

}  // namespace dxcheck

#endif  // DXCHECK_BASE_PRINTABLE_H_
