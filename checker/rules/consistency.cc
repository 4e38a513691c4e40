#include "checker/rules/consistency.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "checker/base/json_value.h"
#include "checker/base/object_reader.h"
#include "checker/categories/code_suggest.h"

namespace dxcheck {
namespace {

class Reporter {
 public:
  Reporter(const Manifest& m, DiagnosticSink* sink) : m_(m), sink_(sink) {}

  // Reports at `pointer`; when it names no member, at its nearest existing
  // parent's position (a missing key's parent, as the spec asks).
  void At(Severity sev, const char* code, const std::string& pointer, std::string message) {
    std::string p = pointer;
    const JsonValue* v = ResolvePointer(*m_.doc, p);
    while (v == nullptr && !p.empty()) {
      p.resize(p.rfind('/'));
      v = ResolvePointer(*m_.doc, p);
    }
    sink_->Report(
        {sev, code, std::move(message), m_.file, v ? v->line : 0, v ? v->column : 0, pointer});
    if (sev == Severity::kError) ++errors_;
  }
  // Reports at a field: its position is the field's own (the manifest keeps
  // no tree under schema.fields, manifest.h).
  void AtField(Severity sev, const char* code, const Field& f, std::string message) {
    sink_->Report({sev, code, std::move(message), m_.file, f.line, f.column, f.pointer});
    if (sev == Severity::kError) ++errors_;
  }
  // The sink would only count a further diagnostic (DiagnosticSink::Full):
  // a costly message need not be built; Omitted counts it the same way.
  bool Full() const { return sink_->Full(); }
  void Omitted(Severity sev) {
    bool error = sev == Severity::kError;
    sink_->ReportOmitted(error ? 1 : 0, error ? 0 : 1);
    if (error) ++errors_;
  }
  size_t errors() const { return errors_; }

 private:
  const Manifest& m_;
  DiagnosticSink* sink_;
  size_t errors_ = 0;
};

// "field "X" (/resources/0/schema/fields/2) is pi.health (declared)".
std::string FieldRef(const ClassifiedField& f) {
  std::string why = f.field->sensitive.value_or(false)
                        ? "marked sensitive: true"
                        : DescribeCategory(f, f.categories.empty() ? "" : f.categories.front());
  return "field \"" + f.field->name + "\" (" + f.field->pointer + ") is " + why;
}

}  // namespace

size_t CheckConsistency(const Manifest& m, const DataProfile& profile,
                        const ConsistencyOptions& options, DiagnosticSink* sink) {
  Reporter r(m, sink);
  const auto& s = m.subjects;
  uint64_t personal = s.personal.value_or(0);
  uint64_t sensitive = s.sensitive.value_or(0);
  if (m.deidentification != "anonymized") {
    if (const ClassifiedField* f = profile.FirstPersonal(); f && personal == 0) {
      r.At(Severity::kError, "E1201", "/dxcheck/subjects/personal",
           FieldRef(*f) + ", personal information: subjects.personal must be > 0 " +
               (s.personal ? "(found 0)" : "(missing)"));
    }
    if (const ClassifiedField* f = profile.FirstSensitive(); f && sensitive == 0) {
      r.At(Severity::kError, "E1202", "/dxcheck/subjects/sensitive",
           FieldRef(*f) +
               ", sensitive personal information: subjects.sensitive must be > 0 " +
               (s.sensitive ? "(found 0)" : "(missing)"));
    }
  }
  if (sensitive > personal) {
    r.At(Severity::kError, "E1203", "/dxcheck/subjects/sensitive",
         "must be <= subjects.personal (" + std::to_string(sensitive) + " > " +
             std::to_string(personal) + ")");
  }
  if (s.minors_under_14 > sensitive) {
    r.At(Severity::kError, "E1204", "/dxcheck/subjects/minorsUnder14",
         "must be <= subjects.sensitive: the PI of minors under 14 is sensitive (" +
             std::to_string(s.minors_under_14) + " > " + std::to_string(sensitive) + ")");
  }
  if (!m.hgr.information) {
    if (const ClassifiedField* f = profile.FirstHgr()) {
      std::string code;
      for (const std::string& c : f->categories) {
        if (code.empty() && (c == "hgr" || c.rfind("hgr.", 0) == 0)) code = c;
      }
      r.At(Severity::kError, "E1205", "/dxcheck/hgr/information",
           "field \"" + f->field->name + "\" (" + f->field->pointer + ") is " +
               DescribeCategory(*f, code.empty() ? f->categories.front() : code) +
               ", human genetic resources information: hgr.information must be true");
    }
    if (m.hgr.sequencing_subjects > 0) {
      r.At(Severity::kError, "E1206", "/dxcheck/hgr/information",
           "hgr.sequencingSubjects is " + std::to_string(m.hgr.sequencing_subjects) +
               ": sequencing data is human genetic resources information, so hgr.information "
               "must be true");
    }
  }
  if (s.counting_key) {
    bool found = std::any_of(profile.fields.begin(), profile.fields.end(),
                             [&](const ClassifiedField& f) { return f.field->name == *s.counting_key; });
    if (!found) {
      r.At(Severity::kError, "E1208", "/dxcheck/subjects/countingKey",
           "\"" + *s.counting_key + "\" is not the name of a field of any resource");
    }
  }
  for (size_t i = 0; i < m.resources.size(); ++i) {
    if (m.resources[i].has_schema) continue;
    r.At(options.strict ? Severity::kError : Severity::kWarning,
         options.strict ? "E1210" : "W-NO-SCHEMA", m.resources[i].pointer,
         "resource \"" + m.resources[i].name +
             "\" has no schema: its contents are not classified");
  }
  // W-UNCLASSIFIED-FIELD, one message each, built in place: a manifest may
  // have thousands of untagged fields.
  constexpr std::string_view kTagIt =
      "\" matches no category pattern; tag it with dxcheck.categories";
  constexpr std::string_view kNoHint =
      " (nonpersonal if it holds no personal information; every code: dxcheck lists --codes)";
  constexpr std::string_view kLikeliest = " (likeliest: ";
  constexpr std::string_view kEveryCode = "; every code: dxcheck lists --codes)";
  const Severity unclassified = options.strict ? Severity::kError : Severity::kWarning;
  for (const ClassifiedField& f : profile.fields) {
    if (f.source != CategorySource::kNone) continue;
    if (r.Full()) {  // past the diagnostics bound: counted, no hint searched
      r.Omitted(unclassified);
      continue;
    }
    std::shared_ptr<const std::vector<std::string>> likely;
    if (options.hints != nullptr) likely = options.hints->Likely(f.field->name, f.field->description);
    std::string message;
    size_t size = 7 + f.field->name.size() + kTagIt.size() + kNoHint.size();
    if (likely) {
      for (const std::string& c : *likely) size += c.size() + 2;
    }
    message.reserve(size);
    message.append("field \"").append(f.field->name).append(kTagIt);
    if (likely == nullptr || likely->empty()) {
      message.append(kNoHint);
    } else {
      message.append(kLikeliest);
      for (size_t i = 0; i < likely->size(); ++i) {
        if (i > 0) message.append(", ");
        message.append((*likely)[i]);
      }
      message.append(kEveryCode);
    }
    r.AtField(unclassified, options.strict ? "E1209" : "W-UNCLASSIFIED-FIELD", *f.field,
              std::move(message));
  }
  const std::set<std::string>& known_zones = options.known_zones;
  if (m.exporter.zone && !known_zones.count(*m.exporter.zone)) {
    // A warning, not an error: a zone may have a list dxcheck does not ship,
    // and an unknown zone only ever makes the decision stricter (no FTZ
    // relief), never laxer. The known zones are named so a typo shows.
    std::string hint = NearestName(*m.exporter.zone, known_zones);
    std::string known;
    for (const std::string& z : known_zones) known += (known.empty() ? "" : ", ") + z;
    r.At(Severity::kWarning, "W-UNKNOWN-ZONE", "/dxcheck/exporter/zone",
         "zone " + *m.exporter.zone + " is declared by no loaded list: only the national rules "
         "apply, with no FTZ relief" +
             (hint.empty() ? "" : " (did you mean " + hint + "?)") +
             (known.empty() ? "" : "; the loaded lists declare " + known));
  }
  if (m.exporter.exports_from_zone && !m.exporter.zone) {
    r.At(Severity::kWarning, "W-ZONE-MISSING", "/dxcheck/exporter/exportsFromZone",
         "exportsFromZone is true but no zone is given: only the national rules apply");
  }
  if (m.important_data.status == "self_identified") {
    r.At(Severity::kWarning, "W-SELF-IDENTIFIED-IMPORTANT", "/dxcheck/importantData/status",
         "self-identified important data is recorded but is not important data for the verdict "
         "until a department notifies or publishes it (CAC Order 16 Art. 2): ask the authority");
  }
  return r.errors();
}

}  // namespace dxcheck
