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
    sink_->Report(
        {sev, code, std::move(message), m_.file, f.line, f.column, std::string(f.pointer)});
    if (sev == Severity::kError) ++errors_;
  }
  // AtField with the message built by `make()` only when the sink keeps it:
  // past its bound (DiagnosticSink::Full) the diagnostic is only counted, so
  // a costly message (a hint searched for) is not built for nobody.
  template <typename MakeMessage>
  void AtFieldBuilt(Severity sev, const char* code, const Field& f, MakeMessage make) {
    if (!sink_->Full()) {
      AtField(sev, code, f, make());
      return;
    }
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

// W-UNCLASSIFIED-FIELD's message, in one string sized once: a manifest may
// have thousands of untagged fields.
std::string UnclassifiedMessage(const Field& f, const LikelyCodeIndex* hints) {
  constexpr std::string_view kField = "field \"";
  constexpr std::string_view kTagIt =
      "\" matches no category pattern; tag it with dxcheck.categories";
  constexpr std::string_view kNoHint = " (nonpersonal if it holds no personal information";
  constexpr std::string_view kLikeliest = " (likeliest: ";
  constexpr std::string_view kSeparator = ", ";
  constexpr std::string_view kEveryCode = "; every code: dxcheck lists --codes)";
  std::shared_ptr<const std::vector<std::string>> likely;
  if (hints != nullptr) likely = hints->Likely(f.name, f.description);
  size_t size = kField.size() + f.name.size() + kTagIt.size() + kEveryCode.size();
  if (likely == nullptr || likely->empty()) {
    size += kNoHint.size();
  } else {
    size += kLikeliest.size() + kSeparator.size() * (likely->size() - 1);
    for (const std::string& c : *likely) size += c.size();
  }
  std::string message;
  message.reserve(size);
  message.append(kField).append(f.name).append(kTagIt);
  if (likely == nullptr || likely->empty()) {
    message.append(kNoHint);
  } else {
    message.append(kLikeliest);
    for (size_t i = 0; i < likely->size(); ++i) {
      if (i > 0) message.append(kSeparator);
      message.append((*likely)[i]);
    }
  }
  message.append(kEveryCode);
  return message;
}

// "field "X" (/resources/0/schema/fields/2) is pi.health (declared)".
std::string FieldRef(const ClassifiedField& f) {
  std::string why = f.field->sensitive.value_or(false)
                        ? "marked sensitive: true"
                        : DescribeCategory(f, f.categories.empty() ? "" : f.categories.front());
  std::string out;
  out.append("field \"").append(f.field->name).append("\" (").append(f.field->pointer)
      .append(") is ").append(why);
  return out;
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
           "field \"" + f->field->name + "\" (" + std::string(f->field->pointer) + ") is " +
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
  const Severity unclassified = options.strict ? Severity::kError : Severity::kWarning;
  const char* unclassified_code = options.strict ? "E1209" : "W-UNCLASSIFIED-FIELD";
  for (const ClassifiedField& f : profile.fields) {
    if (f.source != CategorySource::kNone) continue;
    r.AtFieldBuilt(unclassified, unclassified_code, *f.field,
                   [&] { return UnclassifiedMessage(*f.field, options.hints); });
  }
  if (m.exporter.zone && !options.known_zones.count(*m.exporter.zone)) {
    // A warning, not an error: a zone may have a list dxcheck does not ship,
    // and an unknown zone only ever makes the decision stricter (no FTZ
    // relief), never laxer. The known zones are named so a typo shows.
    std::string hint = NearestName(*m.exporter.zone, options.known_zones);
    std::string known;
    for (const std::string& z : options.known_zones) known += (known.empty() ? "" : ", ") + z;
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
