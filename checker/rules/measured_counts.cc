#include "checker/rules/measured_counts.h"

#include <algorithm>
#include <string>
#include <vector>

namespace dxcheck {
namespace {

void Report(DiagnosticSink* sink, Severity sev, const char* code, const Manifest& m,
            const std::string& pointer, const std::string& message) {
  Diagnostic d;
  d.severity = sev;
  d.code = code;
  d.file = m.file;
  d.json_pointer = pointer;
  d.message = message;
  sink->Report(d);
}

// measured > declared is an error, measured < declared a warning.
void Compare(DiagnosticSink* sink, const Manifest& m, const std::string& pointer,
             const char* what, uint64_t declared, uint64_t measured) {
  if (measured > declared) {
    Report(sink, Severity::kError, "E1609", m, pointer,
           std::string("the data holds ") + std::to_string(measured) + " distinct " + what +
               ", the manifest declares " + std::to_string(declared) +
               ": under-declared (a filing built on it would be false)");
  } else if (measured < declared) {
    Report(sink, Severity::kWarning, "W-FEWER-PERSONS", m, pointer,
           std::string("the data holds ") + std::to_string(measured) + " distinct " + what +
               ", fewer than the " + std::to_string(declared) +
               " declared; the thresholds use the declared count");
  }
}

}  // namespace

MeasuredCounts CheckMeasuredCounts(const Manifest& m, const DataProfile& profile,
                                   const DataScan& scan, DiagnosticSink* sink) {
  MeasuredCounts out;
  std::vector<bool> all(m.resources.size(), false), sensitive(m.resources.size(), false);
  const std::string key = m.subjects.counting_key.value_or("");
  size_t fi = 0;
  for (size_t i = 0; i < m.resources.size() && i < scan.resources.size(); ++i) {
    const Resource& r = m.resources[i];
    const ResourceScan& rs = scan.resources[i];
    bool personal = false, sens = false;
    for (size_t k = 0; k < r.fields.size(); ++k, ++fi) {
      personal = personal || profile.fields[fi].personal;
      sens = sens || profile.fields[fi].sensitive;
    }
    bool persons = rs.has_counting_key || (rs.vcf && rs.read);
    if (rs.read && personal && !persons && !key.empty()) {
      Report(sink, Severity::kError, "E1608", m, r.pointer,
             "resource \"" + r.name + "\" holds personal fields but no column \"" + key +
                 "\" (subjects.countingKey): its persons cannot be counted");
    }
    if (persons && rs.keyless_rows > 0) {
      // Rows without a key value hold persons nobody can count: in a
      // resource with personal fields that is E1608 row by row (blanking the
      // key would otherwise leave every threshold to the declared count,
      // with counts.source "data"); elsewhere a warning.
      std::string what = std::to_string(rs.keyless_rows) + " of " + std::to_string(rs.rows) +
                         " rows of resource \"" + r.name + "\" have no value in the counting key \"" +
                         key + "\"";
      if (personal) {
        Report(sink, Severity::kError, "E1608", m, r.pointer,
               what + ", and the resource holds personal fields: the persons in those rows cannot "
                      "be counted");
      } else {
        Report(sink, Severity::kWarning, "W-KEYLESS-ROWS", m, r.pointer,
               what + ": the persons in them, if any, are not counted");
      }
    }
    if (!persons) continue;
    out.persons_counted = true;
    all[i] = true;
    if (sens || rs.vcf) sensitive[i] = true;  // sequencing data is sensitive
  }
  if (!out.persons_counted) {
    if (profile.pi_present) {
      Report(sink, Severity::kWarning, "W-PERSONS-NOT-COUNTED", m, "/dxcheck/subjects",
             key.empty() ? "no subjects.countingKey: the persons in the data were not counted, "
                           "the declared counts are taken as they are"
                         : "no file read has the counting key \"" + key +
                               "\": the declared counts are taken as they are");
    }
    return out;
  }
  out.personal_mask = all;
  out.sensitive_mask = sensitive;
  std::vector<uint64_t> counts = scan.persons.Counts({all, sensitive, scan.vcf});
  out.personal = counts[0];
  out.sensitive = counts[1];
  out.sequencing_subjects = counts[2];
  if (m.deidentification != "anonymized") {
    Compare(sink, m, "/dxcheck/subjects/personal", "persons", m.subjects.personal.value_or(0),
            out.personal);
    if (profile.spi_present || out.sensitive > 0) {
      Compare(sink, m, "/dxcheck/subjects/sensitive", "persons with sensitive data",
              m.subjects.sensitive.value_or(0), out.sensitive);
    }
  }
  if (std::find(scan.vcf.begin(), scan.vcf.end(), true) != scan.vcf.end()) {
    Compare(sink, m, "/dxcheck/hgr/sequencingSubjects", "sequenced samples",
            m.hgr.sequencing_subjects, out.sequencing_subjects);
  }
  return out;
}

}  // namespace dxcheck
