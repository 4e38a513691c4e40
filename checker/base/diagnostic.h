// Diagnostics: problems found in user input (manifests, lists, category code
// lists), each located by file, line:column and JSON pointer.
//
// Loaders push every problem they find to a DiagnosticSink and keep going, so a
// user sees all of them in one run (like leveldb's log::Reader::Reporter). The
// rendered form is pinned by tests and by users' scripts:
//
//   file:line:col: error[E1203]: /dxcheck/subjects/sensitive: must be <= ... (20 > 10)
//
// Error codes are listed in diagnostic_codes.h and documented in docs/errors.md.
#ifndef DXCHECK_BASE_DIAGNOSTIC_H_
#define DXCHECK_BASE_DIAGNOSTIC_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dxcheck {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;          // "E1203" or "W-UNCLASSIFIED-FIELD"
  std::string message;       // what was expected, what was found
  std::string file;          // as the user named it; may be empty for generated input
  int line = 0;              // 1-based; 0 when unknown
  int column = 0;            // 1-based, in Unicode code points; 0 when unknown
  std::string json_pointer;  // RFC 6901; "" is the document root
};

// Renders one diagnostic in the pinned one-line form. Parts that are unknown
// (no file, no position, root pointer) are left out rather than faked.
std::string RenderDiagnostic(const Diagnostic& d);

// Receives diagnostics. Implementations must accept any number of them.
class DiagnosticSink {
 public:
  virtual ~DiagnosticSink() = default;
  virtual void Report(Diagnostic d) = 0;
  // Counts problems another sink found but did not keep (past its bound).
  virtual void ReportOmitted(size_t errors, size_t warnings) { (void)errors, (void)warnings; }
  // True when a further diagnostic would only be counted, not kept: a
  // reporter whose text is costly to build (a hint searched for, say) may then
  // call ReportOmitted instead of Report, with the same effect on the counts.
  virtual bool Full() const { return false; }
};

// How many diagnostics one list keeps (docs/limits.md): a file with a million
// problems is reported by its first hundred and a count of the rest, so that
// reporting stays linear and bounded in memory.
constexpr size_t kMaxDiagnostics = 100;

// A sink that keeps the first `max_kept` diagnostics, in the order reported,
// and counts the others.
class DiagnosticList : public DiagnosticSink {
 public:
  explicit DiagnosticList(size_t max_kept = kMaxDiagnostics) : max_kept_(max_kept) {}

  void Report(Diagnostic d) override;
  void ReportOmitted(size_t errors, size_t warnings) override;
  bool Full() const override { return items_.size() >= max_kept_; }

  // The diagnostics kept (at most max_kept).
  const std::vector<Diagnostic>& all() const { return items_; }
  // Moves the diagnostics kept out of the list (all() is empty after); the
  // counts stay as they were. For a list nothing is reported to after.
  std::vector<Diagnostic> TakeAll() { return std::move(items_); }
  // Counts include the omitted ones.
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return warnings_; }
  bool has_errors() const { return errors_ > 0; }
  size_t omitted() const { return omitted_errors_ + omitted_warnings_; }
  size_t omitted_errors() const { return omitted_errors_; }
  size_t omitted_warnings() const { return omitted_warnings_; }
  // Every diagnostic kept rendered, one per line, then "... and N more" when
  // some were omitted (for tests and the CLI).
  std::string RenderAll() const;
  // Sends what was kept to `sink` in file order (line, then column), the
  // order a reader fixes them in (ties keep the order reported), then the
  // omitted counts.
  void ForwardSorted(DiagnosticSink* sink) const;

 private:
  size_t max_kept_;
  std::vector<Diagnostic> items_;
  size_t errors_ = 0, warnings_ = 0;
  size_t omitted_errors_ = 0, omitted_warnings_ = 0;
};

// Escapes one reference token for a JSON pointer ("~" -> "~0", "/" -> "~1").
std::string EscapePointerToken(const std::string& token);
// The same, appended to `*out` (no temporary: JsonValue::Pointer builds a
// whole pointer this way).
void AppendEscapedPointerToken(std::string_view token, std::string* out);

}  // namespace dxcheck

#endif  // DXCHECK_BASE_DIAGNOSTIC_H_
