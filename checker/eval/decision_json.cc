#include "checker/eval/decision_json.h"

#include <string_view>
#include <utility>

#include "checker/eval/evaluator.h"
#include "checker/eval/json_out.h"

namespace dxcheck {
namespace {

template <typename Writer, size_t N>
void Key(Writer& w, const char (&k)[N]) {
  w.Key(k);
}
template <typename Writer, size_t N>
void KeyStr(Writer& w, const char (&k)[N], std::string_view v) {
  w.Key(k);
  w.String(v);
}

// `v`: a vector of strings, or a FieldTable::Texts.
template <typename Writer, size_t N, typename Texts>
void Strings(Writer& w, const char (&k)[N], const Texts& v) {
  w.Key(k);
  w.StartArray();
  for (std::string_view s : v) w.String(s);
  w.EndArray();
}

// The decision's "shareOf" of a content finding.
const char* ShareOfName(ShareCount c) {
  switch (c) {
    case ShareCount::kUnrecognised: return "values_no_other_detector_recognises";
    case ShareCount::kRecognised: return "values_any_detector_recognises";
    case ShareCount::kValues: break;
  }
  return "values";
}

// A match's members from its rule: the same in every decision made with
// that rule set (PrepareDecisionHeads writes them once).
constexpr uint32_t kMatchHeadMembers = 8;
template <typename Writer>
void WriteMatchHead(Writer& w, const Match& m) {
  KeyStr(w, "rule", m.rule);
  KeyStr(w, "list", m.list);
  Key(w, "outcome");
  if (m.outcome) {
    w.String(VerdictName(*m.outcome));
  } else {
    w.Null();
  }
  Strings(w, "obligations", *m.obligations);
  Key(w, "importantData");
  w.Bool(m.important_data);
  Key(w, "title");
  w.StartObject();
  KeyStr(w, "zh", m.title.zh);
  KeyStr(w, "en", m.title.en);
  w.EndObject();
  KeyStr(w, "citation", m.citation);
  KeyStr(w, "verification", m.verification);
}

template <typename Writer>
void WriteMatch(Writer& w, const Match& m) {
  w.StartObject();
  if (const std::string_view head = m.head_json[Writer::kIsPretty ? 1 : 0]; !head.empty()) {
    w.Members(head, kMatchHeadMembers);
  } else {
    WriteMatchHead(w, m);
  }
  if (!m.relieved_by.empty()) KeyStr(w, "relievedBy", m.relieved_by);
  Key(w, "evidence");
  w.StartArray();
  for (const Evidence& e : m.evidence) {
    w.StartObject();
    KeyStr(w, "fact", e.fact);
    KeyStr(w, "pointer", e.pointer);
    Key(w, "value");
    // value_json is JSON text made by the evaluator (a number, string or bool).
    w.RawValue(e.value_json);
    KeyStr(w, "test", e.test);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

template <typename Writer>
void WriteDecision(Writer& w, const Decision& d) {
  w.StartObject();
  Key(w, "tool");
  w.StartObject();
  KeyStr(w, "name", kToolName);
  KeyStr(w, "version", kToolVersion);
  w.EndObject();
  KeyStr(w, "evaluatedAt", d.evaluated_at.ToString());
  Key(w, "manifest");
  w.StartObject();
  KeyStr(w, "sha256", d.manifest_sha256);
  KeyStr(w, "transferId", d.transfer_id);
  w.EndObject();
  Key(w, "categories");
  w.StartObject();
  KeyStr(w, "version", d.categories_version);
  KeyStr(w, "sha256", d.categories_sha256);
  w.EndObject();
  Key(w, "lists");
  w.StartArray();
  for (const ListRecord& l : d.lists) {
    w.StartObject();
    KeyStr(w, "id", l.id);
    KeyStr(w, "version", l.version);
    KeyStr(w, "kind", l.kind);
    KeyStr(w, "status", l.status);
    KeyStr(w, "sha256", l.sha256);
    Key(w, "applied");
    w.Bool(l.applied);
    KeyStr(w, "reason", l.reason);
    w.EndObject();
  }
  w.EndArray();
  Key(w, "resources");
  w.StartArray();
  for (const ResourceRecord& r : d.resources) {
    w.StartObject();
    KeyStr(w, "name", r.name);
    KeyStr(w, "path", r.path);
    if (!r.parts.empty()) {
      Key(w, "parts");
      w.StartArray();
      for (const std::string& p : r.parts) w.String(p);
      w.EndArray();
    }
    KeyStr(w, "sha256", r.sha256);
    w.EndObject();
  }
  w.EndArray();
  Key(w, "data");
  w.StartObject();
  Key(w, "verified"); w.Bool(d.data.verified);
  if (d.data.verified) {
    Key(w, "resources");
    w.StartArray();
    for (const DataRecord::Resource& r : d.data.resources) {
      w.StartObject();
      KeyStr(w, "name", r.name);
      Key(w, "bytes"); w.Uint64(r.bytes);
      KeyStr(w, "sha256", r.sha256);
      KeyStr(w, "format", r.format);
      Key(w, "read"); w.Bool(r.read);
      Key(w, "rows"); w.Uint64(r.rows);
      Key(w, "columns"); w.Uint64(r.columns);
      // Columns longer than the content sample (rules/README.md): their
      // detectors ran on a sample of their values, not on every one.
      if (r.sampled_columns > 0) {
        Key(w, "sampledColumns"); w.Uint64(r.sampled_columns);
      }
      w.EndObject();
    }
    w.EndArray();
    Key(w, "personsCounted"); w.Bool(d.data.persons_counted);
    Key(w, "measured");
    w.StartObject();
    Key(w, "personal"); w.Uint64(d.data.personal);
    Key(w, "sensitive"); w.Uint64(d.data.sensitive);
    Key(w, "sequencingSubjects"); w.Uint64(d.data.sequencing_subjects);
    w.EndObject();
  }
  w.EndObject();
  Key(w, "counts");
  w.StartObject();
  Key(w, "personal"); w.Uint64(d.counts.personal);
  Key(w, "sensitive"); w.Uint64(d.counts.sensitive);
  Key(w, "priorPersonal"); w.Uint64(d.counts.prior_personal);
  Key(w, "priorSensitive"); w.Uint64(d.counts.prior_sensitive);
  Key(w, "cumulativePersonal"); w.Uint64(d.counts.cumulative_personal);
  Key(w, "cumulativeSensitive"); w.Uint64(d.counts.cumulative_sensitive);
  Key(w, "year"); w.Int(d.counts.year);
  KeyStr(w, "source", d.counts.source);
  w.EndObject();
  if (d.ledger) {
    Key(w, "ledger");
    w.StartObject();
    KeyStr(w, "head", d.ledger->head);
    Key(w, "entries"); w.Uint64(d.ledger->entries);
    Key(w, "recorded"); w.Bool(d.ledger->recorded);
    w.EndObject();
  }
  Key(w, "presence");
  w.StartObject();
  Key(w, "personalInformation"); w.Bool(d.pi_present);
  Key(w, "sensitivePersonalInformation"); w.Bool(d.spi_present);
  Key(w, "hgrInformation"); w.Bool(d.hgr_present);
  Key(w, "importantData"); w.Bool(d.important_data);
  w.EndObject();
  Key(w, "exemption");
  if (d.exemption.claimed.empty()) {
    w.Null();
  } else {
    w.StartObject();
    KeyStr(w, "claimed", d.exemption.claimed);
    Key(w, "applied"); w.Bool(d.exemption.applied);
    w.EndObject();
  }
  Key(w, "clearance"); w.Bool(d.clearance);
  KeyStr(w, "verdict", VerdictName(d.verdict));
  KeyStr(w, "baselineVerdict", VerdictName(d.baseline_verdict));
  Key(w, "mayProceed"); w.Bool(d.may_proceed);
  Key(w, "exitCode"); w.Int(d.exit_code);
  Key(w, "obligations");
  w.StartArray();
  for (const Obligation& o : d.obligations) {
    w.StartObject();
    KeyStr(w, "id", o.id);
    Key(w, "satisfied"); w.Bool(o.satisfied);
    Key(w, "satisfiedBy");
    if (o.satisfied_by.empty()) {
      w.Null();
    } else {
      w.String(o.satisfied_by);
    }
    KeyStr(w, "rule", o.rule);
    KeyStr(w, "citation", o.citation);
    w.EndObject();
  }
  w.EndArray();
  Key(w, "matches");
  w.StartArray();
  for (const Match& m : d.matches) WriteMatch(w, m);
  w.EndArray();
  Key(w, "relieved");
  w.StartArray();
  for (const Match& m : d.relieved) WriteMatch(w, m);
  w.EndArray();
  Key(w, "fields");
  w.StartArray();
  for (FieldTable::Record f : d.fields) {
    w.StartObject();
    KeyStr(w, "pointer", f.pointer());
    KeyStr(w, "name", f.name());
    Strings(w, "categories", f.categories());
    KeyStr(w, "source", f.source());
    if (FieldTable::Texts patterns = f.patterns(); !patterns.empty()) {
      KeyStr(w, "pattern", patterns.front());
      Strings(w, "patterns", patterns);
    }
    if (FieldTable::Texts labels = f.labels(); !labels.empty()) Strings(w, "labels", labels);
    Key(w, "personal"); w.Bool(f.personal());
    Key(w, "sensitive"); w.Bool(f.sensitive());
    Key(w, "hgr"); w.Bool(f.hgr());
    if (f.content_size() > 0) {
      Key(w, "content");
      w.StartArray();
      for (size_t i = 0; i < f.content_size(); ++i) {
        const ContentRecord& c = f.content_begin()[i];
        w.StartObject();
        KeyStr(w, "category", c.category);
        KeyStr(w, "detector", c.detector);
        Key(w, "matched"); w.Uint64(c.matched);
        Key(w, "values"); w.Uint64(c.values);
        // Which count fired (docs/data.md "Content share"); for the third,
        // how many of the values some detector recognises.
        KeyStr(w, "shareOf", ShareOfName(c.count));
        if (c.count == ShareCount::kRecognised) {
          Key(w, "recognised"); w.Uint64(c.recognised);
        }
        if (c.sample_level > 0) {  // matched and values are those of the sample
          Key(w, "sampleOneIn"); w.Uint64(uint64_t{1} << c.sample_level);
        }
        w.EndObject();
      }
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray();
  if (d.fields.size() < d.field_count) {
    // More fields than a decision lists (docs/limits.md): all of them, grouped.
    Key(w, "fieldCount");
    w.Uint64(d.field_count);
    Key(w, "fieldGroups");
    w.StartArray();
    for (const FieldGroup& g : d.field_groups) {
      w.StartObject();
      Strings(w, "categories", g.categories);
      KeyStr(w, "source", g.source);
      Key(w, "count"); w.Uint64(g.count);
      Key(w, "personal"); w.Bool(g.personal);
      Key(w, "sensitive"); w.Bool(g.sensitive);
      Key(w, "hgr"); w.Bool(g.hgr);
      w.EndObject();
    }
    w.EndArray();
    if (d.field_groups_omitted > 0) {
      Key(w, "fieldGroupsOmitted");
      w.Uint64(d.field_groups_omitted);
    }
  }
  Key(w, "warnings");
  w.StartArray();
  for (const DecisionWarning& wn : d.warnings) {
    w.StartObject();
    KeyStr(w, "code", wn.code);
    KeyStr(w, "message", wn.message);
    KeyStr(w, "pointer", wn.pointer);
    w.EndObject();
  }
  w.EndArray();
  if (d.warnings_omitted > 0) {
    Key(w, "warningsOmitted");
    w.Uint64(d.warnings_omitted);
  }
  w.EndObject();
}

// The document is written into a buffer kept per thread, then copied into
// the caller's string (of its exact size when it is a new one): the buffer is
// allocated and zero-filled once per thread, not per decision, and a caller
// that keeps many decisions (a batch) keeps no slack. A buffer grown past
// kKeptBuffer by a large decision is given back after it.
constexpr size_t kInitialBuffer = 32 << 10;  // the bench's 20-field decision is 15 kB
constexpr size_t kKeptBuffer = 1 << 20;

template <bool kPretty>
void Write(const Decision& d, std::string* out) {
  thread_local std::string buf;
  if (buf.size() < kInitialBuffer) buf.resize(kInitialBuffer);
  JsonOut<kPretty> w(&buf);
  WriteDecision(w, d);
  if (kPretty) w.Byte('\n');
  out->assign(w.text());
  if (buf.size() > kKeptBuffer) std::string().swap(buf);
}

// The bytes WriteMatchHead writes where WriteDecision writes a match: in an
// object in an array in the top object.
template <bool kPretty>
std::string RenderMatchHead(const Match& m) {
  std::string buf;
  JsonOut<kPretty> w(&buf);
  w.StartObject();
  w.Key("matches");
  w.StartArray();
  w.StartObject();
  const size_t start = w.text().size();
  WriteMatchHead(w, m);
  return std::string(w.text().substr(start));
}

}  // namespace

void PrepareDecisionHeads(RuleSet* rules) {
  for (RuleList& l : *rules->mutable_lists()) {
    for (Rule& r : l.rules) {
      Match m;
      SetMatchHead(l, r, &m);
      r.decision_head[0] = RenderMatchHead<false>(m);
      r.decision_head[1] = RenderMatchHead<true>(m);
    }
  }
}

std::string DecisionToJson(const Decision& d) {
  std::string out;
  Write<true>(d, &out);
  return out;
}

std::string DecisionToCompactJson(const Decision& d) {
  std::string out;
  Write<false>(d, &out);
  return out;
}

void DecisionToJson(const Decision& d, std::string* out) { Write<true>(d, out); }

void DecisionToCompactJson(const Decision& d, std::string* out) { Write<false>(d, out); }

}  // namespace dxcheck
