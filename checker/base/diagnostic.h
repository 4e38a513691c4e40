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
};

// A sink that keeps everything, in the order reported.
class DiagnosticList : public DiagnosticSink {
 public:
  void Report(Diagnostic d) override;

  const std::vector<Diagnostic>& all() const { return items_; }
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return items_.size() - errors_; }
  bool has_errors() const { return errors_ > 0; }
  // Every diagnostic rendered, one per line (for tests and the CLI).
  std::string RenderAll() const;
  // Sends everything to `sink` in file order (line, then column), the order a
  // reader fixes them in; ties keep the order reported.
  void ForwardSorted(DiagnosticSink* sink) const;

 private:
  std::vector<Diagnostic> items_;
  size_t errors_ = 0;
};

// Escapes one reference token for a JSON pointer ("~" -> "~0", "/" -> "~1").
std::string EscapePointerToken(const std::string& token);

}  // namespace dxcheck

#endif  // DXCHECK_BASE_DIAGNOSTIC_H_
