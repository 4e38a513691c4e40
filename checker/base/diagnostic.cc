#include "checker/base/diagnostic.h"

#include <algorithm>

#include "checker/base/printable.h"
#include "checker/base/small_alloc.h"

namespace dxcheck {

std::string RenderDiagnostic(const Diagnostic& d) {
  std::string out;
  if (!d.file.empty()) {
    out += Printable(d.file);
    if (d.line > 0) {
      out += ":" + std::to_string(d.line);
      if (d.column > 0) out += ":" + std::to_string(d.column);
    }
    out += ": ";
  }
  out += d.severity == Severity::kError ? "error[" : "warning[";
  out += d.code;
  out += "]: ";
  // The root pointer is "", which would render as nothing: say "/" is not
  // right either (that names the member with an empty key), so leave it out.
  // File, pointer and message carry input text (keys, values, names): escaped,
  // so a diagnostic is always one line and never drives the terminal.
  if (!d.json_pointer.empty()) out += Printable(d.json_pointer) + ": ";
  out += Printable(d.message);
  return out;
}

void DiagnosticList::Report(Diagnostic d) {
  bool error = d.severity == Severity::kError;
  ++(error ? errors_ : warnings_);
  if (!Full()) {
    // A list that gets one diagnostic mostly gets a few: room for as many
    // as fit a small allocation (small_alloc.h; 7 of 144 bytes on x86-64),
    // not a reallocation per push.
    constexpr size_t kFirst = std::max<size_t>(1, kSmallAllocation / sizeof(Diagnostic));
    if (items_.empty()) items_.reserve(std::min<size_t>(kFirst, max_kept_));
    items_.push_back(std::move(d));
  } else {
    ++(error ? omitted_errors_ : omitted_warnings_);
  }
}

void DiagnosticList::ReportOmitted(size_t errors, size_t warnings) {
  errors_ += errors;
  warnings_ += warnings;
  omitted_errors_ += errors;
  omitted_warnings_ += warnings;
}

std::string DiagnosticList::RenderAll() const {
  std::string out;
  for (const Diagnostic& d : items_) out += RenderDiagnostic(d) + "\n";
  if (omitted() > 0) {
    out += "\u2026 and " + std::to_string(omitted()) + " more (" +
           std::to_string(omitted_errors_) + " error(s), " + std::to_string(omitted_warnings_) +
           " warning(s)) not shown\n";
  }
  return out;
}

void DiagnosticList::ForwardSorted(DiagnosticSink* sink) const {
  std::vector<Diagnostic> sorted = items_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  for (Diagnostic& d : sorted) sink->Report(std::move(d));
  if (omitted() > 0) sink->ReportOmitted(omitted_errors_, omitted_warnings_);
}

void AppendEscapedPointerToken(std::string_view token, std::string* out) {
  for (char c : token) {
    if (c == '~') {
      *out += "~0";
    } else if (c == '/') {
      *out += "~1";
    } else {
      *out += c;
    }
  }
}

std::string EscapePointerToken(const std::string& token) {
  std::string out;
  out.reserve(token.size());
  AppendEscapedPointerToken(token, &out);
  return out;
}

}  // namespace dxcheck
