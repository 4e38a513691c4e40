// The package-level `dxcheck` object: exporter, recipients, transfer, subjects,
// de-identification, important data, the out-of-regime flags, HGR and status.
// Each sub-object is read by one function with the spec's table in front of it;
// every member read is marked known, and the rest is reported as unknown.
#include "checker/manifest/manifest_loader.h"

#include "checker/base/digest.h"
#include "checker/base/identifiers.h"
#include "checker/base/json_parser.h"

namespace dxcheck {

const std::vector<std::string>& ScenarioCodes() {
  static const std::vector<std::string> kCodes = {
      "clinical_trial", "drug_rd",  "pharmacovigilance", "medical_inquiry",
      "diagnosis_treatment", "hcp_management", "business_partner", "supplier_management",
      "hr", "manufacturing", "trade", "academic", "other"};
  return kCodes;
}

const std::vector<std::string>& ExemptionCodes() {
  static const std::vector<std::string> kCodes = {
      "trade", "transport", "academic", "manufacturing", "marketing", "foreign_origin",
      "contract", "hr", "emergency", "statutory_duty"};
  return kCodes;
}

namespace {

// The smaller closed code sets, built once rather than per manifest read.
const std::vector<std::string>& ModeCodes() {
  static const std::vector<std::string> kCodes = {"transfer", "remote_access"};
  return kCodes;
}

const std::vector<std::string>& ImportantDataCodes() {
  static const std::vector<std::string> kCodes = {"none", "notified", "listed", "self_identified"};
  return kCodes;
}

const std::vector<std::string>& DeidentificationCodes() {
  static const std::vector<std::string> kCodes = {"identified", "pseudonymized", "anonymized"};
  return kCodes;
}

void ReadExporter(const JsonValue& v, const InputContext& ctx, Manifest* m) {
  ObjectReader r(v, ctx);
  if (auto name = r.String("name", true)) m->exporter.name = std::move(*name);
  if (const JsonValue* u = r.Get("uscc", JsonType::kString, true)) {
    std::string problem = CheckUscc(u->text);
    if (!problem.empty()) {
      ctx.Error(*u, "E1110", "invalid unified social credit code \"" + u->text + "\": " + problem);
    }
    m->exporter.uscc = u->text;
  }
  if (const JsonValue* z = r.Get("zone", JsonType::kString, false)) {
    if (IsZoneCode(z->text)) {
      m->exporter.zone = z->text;
    } else {
      ctx.Error(*z, "E1112", "\"" + z->text + "\" is not a zone code (CN-XX-..., e.g. CN-JS-FTZ-SZ)");
    }
  }
  m->exporter.exports_from_zone = r.Bool("exportsFromZone", false).value_or(false);
  m->exporter.ciio = r.Bool("ciio", true).value_or(false);
  if (const JsonValue* s = r.Get("sector", JsonType::kString, true)) {
    if (IsLowerSnake(s->text)) {
      m->exporter.sector = s->text;
    } else {
      ctx.Error(*s, "E1112", "\"" + s->text + "\" is not a sector code (lower_snake, e.g. "
                                              "biomedicine)");
    }
  }
  m->exporter.foreign_controlled = r.Bool("foreignControlled", false).value_or(false);
  r.RejectUnknown("dxcheck.exporter");
}

void ReadRecipients(const JsonValue& arr, const InputContext& ctx, Manifest* m) {
  if (arr.items.empty()) {
    ctx.Error(arr, "E1115", "at least one recipient is required");
    return;
  }
  for (const JsonValue& v : arr.items) {
    if (!v.is_object()) {
      ctx.Error(v, v.is_null() ? "E1104" : "E1102", "expected a recipient object");
      continue;
    }
    ObjectReader r(v, ctx);
    Recipient rec;
    if (auto n = r.String("name", true)) rec.name = std::move(*n);
    if (const JsonValue* c = r.Get("country", JsonType::kString, true)) {
      rec.country = c->text;
      if (c->text == "CN") {
        ctx.Error(*c, "E1207", "recipient country CN: an export goes to a recipient outside the "
                               "mainland (HK, MO and TW count as outside)");
      } else if (!IsAssignedCountryCode(c->text)) {
        ctx.Error(*c, "E1111", "\"" + c->text + "\" is not an assigned ISO 3166-1 alpha-2 code");
      }
    }
    if (auto e = r.String("entityType", false)) rec.entity_type = std::move(*e);
    rec.foreign_judicial_or_enforcement =
        r.Bool("foreignJudicialOrEnforcement", false).value_or(false);
    r.RejectUnknown("a recipient");
    m->recipients.push_back(std::move(rec));
  }
}

void ReadTransfer(const JsonValue& v, const InputContext& ctx, Manifest* m) {
  ObjectReader r(v, ctx);
  if (auto s = r.Enum("scenario", ScenarioCodes(), true)) m->transfer.scenario = std::move(*s);
  if (auto p = r.String("purpose", true)) m->transfer.purpose = std::move(*p);
  if (auto mode = r.Enum("mode", ModeCodes(), false)) {
    m->transfer.mode = std::move(*mode);
  }
  m->transfer.exemption = r.Enum("exemption", ExemptionCodes(), false);
  if (auto d = r.DateValue("date", true)) m->transfer.date = *d;
  r.RejectUnknown("dxcheck.transfer");
}

void ReadSubjects(const JsonValue& v, const InputContext& ctx, Manifest* m) {
  ObjectReader r(v, ctx);
  m->subjects.personal = r.Count("personal", false);
  m->subjects.sensitive = r.Count("sensitive", false);
  m->subjects.minors_under_14 = r.Count("minorsUnder14", false).value_or(0);
  m->subjects.counting_key = r.String("countingKey", false);
  if (const JsonValue* p = r.Get("priorThisYear", JsonType::kObject, false)) {
    ObjectReader pr(*p, ctx);
    m->subjects.prior_personal = pr.Count("personal", false).value_or(0);
    m->subjects.prior_sensitive = pr.Count("sensitive", false).value_or(0);
    pr.RejectUnknown("dxcheck.subjects.priorThisYear");
  }
  r.RejectUnknown("dxcheck.subjects");
}

void ReadImportantData(const JsonValue& v, const InputContext& ctx, Manifest* m) {
  ObjectReader r(v, ctx);
  if (auto s = r.Enum("status", ImportantDataCodes(), false)) {
    m->important_data.status = *s;
  }
  if (auto a = r.String("authority", false)) m->important_data.authority = std::move(*a);
  if (auto ref = r.String("reference", false)) m->important_data.reference = std::move(*ref);
  r.RejectUnknown("dxcheck.importantData");
}

void ReadHgr(const JsonValue& v, const InputContext& ctx, Manifest* m) {
  ObjectReader r(v, ctx);
  m->hgr.information = r.Bool("information", false).value_or(false);
  m->hgr.materials = r.Bool("materials", false).value_or(false);
  m->hgr.sequencing_subjects = r.Count("sequencingSubjects", false).value_or(0);
  m->hgr.important_pedigree = r.Bool("importantPedigree", false).value_or(false);
  m->hgr.specific_region = r.Bool("specificRegion", false).value_or(false);
  r.RejectUnknown("dxcheck.hgr");
}

// One status entry: {reference, <date_key>} or, for piImpactAssessment, only
// the date. Both keys are required when the entry is present.
void ReadStatusEntry(ObjectReader& parent, std::string_view key, std::string_view date_key,
                     bool has_reference, StatusEntry* out) {
  const JsonValue* v = parent.Get(key, JsonType::kObject, false);
  if (v == nullptr) return;
  ObjectReader r(*v, parent.ctx());
  out->pointer = v->Pointer();
  std::optional<std::string> ref;
  if (has_reference) ref = r.String("reference", true);
  std::optional<Date> date = r.DateValue(date_key, true);
  r.RejectUnknown(std::string("dxcheck.status.").append(key));
  if ((has_reference && !ref) || !date) return;
  out->present = true;
  out->reference = ref.value_or("");
  out->date = *date;
}

void ReadStatus(const JsonValue& v, const InputContext& ctx, Manifest* m) {
  ObjectReader r(v, ctx);
  ManifestStatus& s = m->status;
  ReadStatusEntry(r, "securityAssessment", "validUntil", true, &s.security_assessment);
  ReadStatusEntry(r, "standardContract", "filedOn", true, &s.standard_contract);
  ReadStatusEntry(r, "certification", "validUntil", true, &s.certification);
  ReadStatusEntry(r, "ftzFiling", "filedOn", true, &s.ftz_filing);
  ReadStatusEntry(r, "piImpactAssessment", "completedOn", false, &s.pi_impact_assessment);
  ReadStatusEntry(r, "hgrPriorReport", "filedOn", true, &s.hgr_prior_report);
  ReadStatusEntry(r, "hgrSecurityReview", "approvedOn", true, &s.hgr_security_review);
  ReadStatusEntry(r, "hgrMaterialExportApproval", "validUntil", true,
                  &s.hgr_material_export_approval);
  s.separate_consent = r.Bool("separateConsent", false).value_or(false);
  r.RejectUnknown("dxcheck.status");
}

using SubReader = void (*)(const JsonValue&, const InputContext&, Manifest*);

void ReadObject(ObjectReader& r, std::string_view key, bool required, SubReader read,
                Manifest* m) {
  if (const JsonValue* v = r.Get(key, JsonType::kObject, required)) read(*v, r.ctx(), m);
}

void ReadPackageDxcheck(const JsonValue& dx, const InputContext& ctx, Manifest* m) {
  ObjectReader r(dx, ctx);
  if (const JsonValue* ver = r.Get("manifestVersion", JsonType::kString, true)) {
    if (ver->text != "1") {
      ctx.Error(*ver, "E1116", "unsupported manifestVersion \"" + ver->text +
                                   "\": this dxcheck reads version \"1\"");
    }
  }
  if (auto id = r.String("transferId", true)) m->transfer_id = std::move(*id);
  ReadObject(r, "exporter", true, ReadExporter, m);
  if (const JsonValue* rec = r.Get("recipients", JsonType::kArray, true)) {
    ReadRecipients(*rec, ctx, m);
  }
  ReadObject(r, "transfer", true, ReadTransfer, m);
  ReadObject(r, "subjects", false, ReadSubjects, m);
  if (auto d = r.Enum("deidentification", DeidentificationCodes(), false)) {
    m->deidentification = *d;
  }
  ReadObject(r, "importantData", false, ReadImportantData, m);
  m->core_data = r.Bool("coreData", false).value_or(false);
  m->state_secret = r.Bool("stateSecret", false).value_or(false);
  m->export_controlled = r.Bool("exportControlled", false).value_or(false);
  ReadObject(r, "hgr", false, ReadHgr, m);
  ReadObject(r, "status", false, ReadStatus, m);
  ReadObject(r, "filing", false, ReadFiling, m);  // after recipients: it names them
  r.RejectUnknown("the package's dxcheck object");
}

// Each Field has been read with its position and pointer: the tree under
// every schema.fields array is dropped, so a manifest of many fields does not
// keep them twice while it is classified and evaluated.
void DropFieldTrees(JsonValue* doc) {
  JsonValue* resources = doc->Find("resources");
  if (resources == nullptr || !resources->is_array()) return;
  for (JsonValue& rv : resources->items) {
    JsonValue* schema = rv.Find("schema");
    JsonValue* fields = schema != nullptr ? schema->Find("fields") : nullptr;
    if (fields != nullptr) JsonItems().swap(fields->items);
  }
}

}  // namespace

namespace {

// The first chunk of a manifest's JsonArena, per byte of its text: a
// manifest's items take ~8 bytes per byte of text (a JsonValue per ~17 bytes).
constexpr size_t kArenaBytesPerTextByte = 8;

// `dxcheck init` leaves what a person must decide as "TODO: ..." strings: a
// manifest still holding one is not filled in, whatever else it says. Walked
// in document order by the parent links, not by recursion (the depth is the
// input's) nor by a stack (which would allocate per manifest).
void RejectTodos(const JsonValue& dx, const InputContext& ctx) {
  const JsonValue* v = &dx;
  for (;;) {
    if (v->is_string() && v->text.compare(0, 5, "TODO:") == 0) {
      ctx.Error(*v, "E1119", "not filled in: " + v->text);
    }
    if (!v->items.empty()) {
      v = v->items.data();
      continue;
    }
    // A leaf: on to the next sibling of it or of its nearest ancestor that has one.
    for (;;) {
      if (v == &dx) return;
      const JsonValue* p = v->parent;
      if (v + 1 != p->items.data() + p->items.size()) {
        ++v;
        break;
      }
      v = p;
    }
  }
}

}  // namespace

Result<Manifest> LoadManifest(const std::string& bytes, const std::string& file,
                              const CategoryList& categories, DiagnosticSink* sink) {
  Manifest m;
  Status s = LoadManifestInto(bytes, file, categories, sink, &m);
  if (!s.ok()) return s;
  return m;
}

Status LoadManifestInto(const std::string& bytes, const std::string& file,
                        const CategoryList& categories, DiagnosticSink* sink, Manifest* out) {
  DiagnosticList local;
  InputContext ctx{file, &local};
  Manifest& m = *out;
  m.file = file;
  m.sha256 = Sha256Hex(bytes);
  // The tree, the arena of its items and the fields' pointers (texts) in one
  // block: Manifest::doc shares it, and the arena outlives the tree (members
  // are destroyed in reverse).
  struct ParsedDoc {
    explicit ParsedDoc(size_t text_bytes) : arena(text_bytes * kArenaBytesPerTextByte) {}
    JsonArena arena;
    TextStore texts;
    JsonValue value;
  };
  auto parsed = std::make_shared<ParsedDoc>(bytes.size());
  std::optional<JsonValue> doc =
      ParseJsonObject(bytes, file, JsonParseOptions{false, 256, kMaxManifestValues, &parsed->arena},
                      "a Data Package object", &local);
  if (doc) {
    ReadResources(*doc, ctx, categories, &parsed->texts, &m);
    ObjectReader top(*doc, ctx);
    if (const JsonValue* dx = top.Get("dxcheck", JsonType::kObject, true)) {
      ReadPackageDxcheck(*dx, ctx, &m);
      RejectTodos(*dx, ctx);
    }
    DropFieldTrees(&*doc);
    parsed->value = std::move(*doc);
    m.doc = std::shared_ptr<const JsonValue>(parsed, &parsed->value);
  }
  bool failed = !m.doc || local.has_errors();
  local.ForwardSorted(sink);
  if (failed) return Status::InvalidInput(file + ": invalid manifest");
  return Status::Ok();
}

}  // namespace dxcheck
