#include "checker/eval/decision_text.h"

#include "checker/base/printable.h"

namespace dxcheck {
namespace {

std::string Paint(const std::string& s, const char* code, bool color) {
  return color ? std::string("\033[") + code + "m" + s + "\033[0m" : s;
}

void WriteMatches(std::string* out, const std::vector<Match>& matches, bool relieved) {
  for (const Match& m : matches) {
    *out += "  - " + Printable(m.list) + "/" + Printable(m.rule) + ": " + Printable(m.title.en) +
            " (" + Printable(m.title.zh) + ")\n";
    *out +=
        "      outcome " + std::string(m.outcome ? VerdictName(*m.outcome) : "obligations only");
    if (!m.obligations->empty()) {
      *out += ", raises";
      for (const std::string& o : *m.obligations) *out += " " + Printable(o);
    }
    if (m.important_data) *out += ", important data";
    *out += "; " + Printable(m.citation) + " [" + Printable(m.verification) + "]\n";
    if (relieved) *out += "      relieved by " + Printable(m.relieved_by) + "\n";
    for (const Evidence& e : m.evidence) {
      *out += "      " + Printable(e.pointer) + " = " + Printable(e.value_json) + "  (" +
              Printable(e.fact) + " " + Printable(e.test) + ")\n";
    }
  }
}

}  // namespace

std::string DecisionToText(const Decision& d, bool color) {
  std::string out;
  const char* verdict_color = d.verdict == Verdict::kFreeFlow                  ? "32"
                              : d.verdict == Verdict::kContractOrCertification ? "33"
                                                                               : "31";
  out += "transfer " + Printable(d.transfer_id) + " (" + Printable(d.manifest_file) + ", sha256 " +
         d.manifest_sha256.substr(0, 12) + "…) evaluated at " + d.evaluated_at.ToString() + "\n";
  out += "verdict:     " + Paint(VerdictName(d.verdict), verdict_color, color) + "\n";
  out += "may proceed: " + (d.may_proceed ? Paint("yes", "32", color) : Paint("no", "31", color)) +
         "   (exit code " + std::to_string(d.exit_code) + (d.clearance ? "" : ", --no-clearance") +
         ")\n";
  out += "counts:      " + std::to_string(d.counts.cumulative_personal) + " persons' PI, " +
         std::to_string(d.counts.cumulative_sensitive) + " persons' sensitive PI (cumulative " +
         std::to_string(d.counts.year) + ")\n";
  // What --data measured (counts and names only: no value of a file is in a decision).
  if (!d.data.verified) {
    out += "data:        not read (the manifest's word; check --data reads the files)\n";
  } else {
    size_t read = 0;
    uint64_t rows = 0;
    for (const DataRecord::Resource& r : d.data.resources) read += r.read ? 1 : 0, rows += r.rows;
    out += "data:        " + std::to_string(d.data.resources.size()) + " file(s) sized and hashed, " +
           std::to_string(read) + " read (" + std::to_string(rows) + " rows)";
    if (d.data.persons_counted) {
      out += "; measured " + std::to_string(d.data.personal) + " persons, " +
             std::to_string(d.data.sensitive) + " sensitive";
      if (d.data.sequencing_subjects) {
        out += ", " + std::to_string(d.data.sequencing_subjects) + " sequenced";
      }
    }
    out += "\n";
  }
  if (!d.exemption.claimed.empty()) {
    out += "exemption:   " + Printable(d.exemption.claimed) +
           (d.exemption.applied ? " (applied)" : " (ignored)") + "\n";
  }
  out += "\nobligations:\n";
  if (d.obligations.empty()) out += "  (none)\n";
  for (const Obligation& o : d.obligations) {
    out += "  [" +
           std::string(o.satisfied ? Paint("done", "32", color) : Paint("OPEN", "31", color)) +
           "] " + Printable(o.id) + " — " + Printable(o.citation) + " (" + Printable(o.rule) + ")";
    if (o.satisfied) out += "\n         satisfied by " + Printable(o.satisfied_by);
    out += "\n";
  }
  out += "\nrules in force:\n";
  if (d.matches.empty()) out += "  (none fired)\n";
  WriteMatches(&out, d.matches, false);
  if (!d.relieved.empty()) {
    out += "\nrules relieved:\n";
    WriteMatches(&out, d.relieved, true);
  }
  out += "\nlists:\n";
  for (const ListRecord& l : d.lists) {
    out += "  " + std::string(l.applied ? "applied     " : "not applied ") + Printable(l.id) + " " +
           Printable(l.version) + " (" + Printable(l.kind) + ", " + Printable(l.status) + ") — " +
           Printable(l.reason) + "\n";
  }
  if (!d.warnings.empty()) {
    out += "\nwarnings:\n";
    for (const DecisionWarning& w : d.warnings) {
      out += "  " + Paint(Printable(w.code), "33", color) +
             (w.pointer.empty() ? "" : " " + Printable(w.pointer)) + ": " + Printable(w.message) +
             "\n";
    }
    if (d.warnings_omitted > 0) {
      out += "  \u2026 and " + std::to_string(d.warnings_omitted) + " more warning(s)\n";
    }
  }
  return out;
}

}  // namespace dxcheck
