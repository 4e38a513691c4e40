// RenderFormHtml: a filing draft (form.h) as one print-ready HTML page —
// A4 (@page), Chinese first with the English alongside, a CJK font stack,
// inline CSS, no script, no network, every value HTML-escaped. Each field
// shows its value and where it came from; a field to be completed shows
// 待填写 (to be completed) and, when the manifest could state it, the key.
#ifndef DXCHECK_FILING_FORM_HTML_H_
#define DXCHECK_FILING_FORM_HTML_H_

#include <string>

#include "checker/filing/form.h"

namespace dxcheck {

// Deterministic: the same draft gives the same bytes.
std::string RenderFormHtml(const Form& f);

}  // namespace dxcheck

#endif  // DXCHECK_FILING_FORM_HTML_H_
