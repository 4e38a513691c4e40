// Manifest: a transfer manifest (spec/manifest.md) as read from its file.
//
// A Frictionless Data Package with a `dxcheck` object at package, resource and
// field level. The structs mirror the spec's tables; absent optional values
// take the spec's defaults. The parsed JSON tree is kept so that evidence and
// later diagnostics can point at the exact member that mattered — except the
// contents of schema.fields arrays: each Field carries its own position.
#ifndef DXCHECK_MANIFEST_MANIFEST_H_
#define DXCHECK_MANIFEST_MANIFEST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/base/date.h"
#include "checker/base/json_value.h"

namespace dxcheck {

struct Recipient {
  std::string name;
  std::string country;
  std::string entity_type;
  bool foreign_judicial_or_enforcement = false;
};

// One `status` entry: a reference and the date that decides whether it counts.
// `date` is filedOn / completedOn / approvedOn (must be on or before the
// evaluation date) or validUntil (must be on or after it), per entry.
struct StatusEntry {
  bool present = false;
  std::string reference;
  Date date;
  std::string pointer;  // "/dxcheck/status/securityAssessment"
};

struct ManifestStatus {
  StatusEntry security_assessment;        // validUntil
  StatusEntry standard_contract;          // filedOn
  StatusEntry certification;              // validUntil
  StatusEntry ftz_filing;                 // filedOn
  StatusEntry pi_impact_assessment;       // completedOn
  StatusEntry hgr_prior_report;           // filedOn
  StatusEntry hgr_security_review;        // approvedOn
  StatusEntry hgr_material_export_approval;  // validUntil
  bool separate_consent = false;
};

// A manifest describes at most this many fields in all (E1118, reported
// before any field is read or classified), and its JSON holds at most
// kMaxManifestValues values (E1008, while it is parsed): together they bound
// the memory and time of a check (docs/limits.md).
constexpr size_t kMaxFields = 100000;
constexpr size_t kMaxManifestValues = 2000000;

// What classification reads is bounded (docs/limits.md): longer names and
// descriptions are input errors (E1117).
constexpr size_t kMaxFieldNameBytes = 1024;
constexpr size_t kMaxFieldDescriptionBytes = 8192;

struct Field {
  // User-provided, so that `fields.emplace_back()` does not zero-fill the
  // whole struct before its members are initialised (json_value.h says why).
  Field() noexcept {}

  std::string name;
  std::string type;
  std::string description;
  bool tagged = false;                  // dxcheck.categories present
  std::vector<std::string> categories;  // as declared (when tagged)
  std::optional<bool> sensitive;        // dxcheck.sensitive override
  // Labels other tools wrote beside the field (crosswalk.h): `tags` (strings,
  // or OpenMetadata objects with "tagFQN") and `infoTypes` (strings).
  std::vector<std::string> tags, info_types;
  // "/resources/0/schema/fields/3": a view into a store Manifest::doc keeps
  // alive (manifest_loader.h), so valid as long as a copy of the manifest is.
  std::string_view pointer;
  int line = 0, column = 0;
};

// The Frictionless CSV dialect keys `check --data` honours (defaults: the
// Frictionless ones; TSV resources default to a tab).
struct CsvDialect {
  std::optional<std::string> delimiter;  // one byte
  char quote_char = '"';
  bool double_quote = true;
  bool header = true;
};

struct Resource {
  std::string name;
  std::string path;                 // the first part
  std::vector<std::string> paths;   // every part, in order ({path} for a single file)
  std::string format;               // Frictionless `format`, lower-cased; "" when absent
  std::string encoding;             // Frictionless `encoding`, lower-cased; "" = utf-8
  CsvDialect dialect;
  uint64_t bytes = 0;
  std::string hash;  // "sha256:<hex>"
  std::optional<uint64_t> records;
  bool has_schema = false;
  std::vector<Field> fields;
  std::string pointer;
};

// `dxcheck.filing` (docs/manifest.md "Filing details"): what the filing drafts
// of `dxcheck forms` ask and the rest of the manifest does not say (DIGEST §6).
// Every member is optional; none is read by a rule, so none changes a
// verdict. `pointer` of each value is where it stands in the manifest.
struct FilingValue {
  std::string value;
  std::string pointer;  // "" when absent
  bool present() const { return !pointer.empty(); }
};

struct FilingRecipient {   // filing.recipients[]: contact of a dxcheck.recipients entry
  std::string name, pointer;
  FilingValue address, contact;
};

struct OnwardRecipient {   // filing.onwardRecipients[]
  std::string name, country, pointer;
};

struct FilingInfo {
  bool present = false;
  std::string pointer;  // "/dxcheck/filing"
  FilingValue transfer_method, storage_place, frequency;
  FilingValue legal_representative, filing_agent, data_security_officer;
  FilingValue retention_from, retention_to;  // YYYY-MM-DD
  bool onward_given = false;                 // onwardRecipients present ([] = none)
  std::string onward_pointer;
  std::vector<OnwardRecipient> onward_recipients;
  std::vector<FilingRecipient> recipients;
};

struct Manifest {
  std::string file;
  std::string sha256;  // of the exact bytes read
  std::shared_ptr<const JsonValue> doc;

  std::string transfer_id;
  struct {
    std::string name, uscc, sector;
    std::optional<std::string> zone;
    bool exports_from_zone = false;
    bool ciio = false;
    bool foreign_controlled = false;
  } exporter;
  std::vector<Recipient> recipients;
  struct {
    std::string scenario, purpose;
    std::string mode = "transfer";
    std::optional<std::string> exemption;
    Date date;
  } transfer;
  struct {
    std::optional<uint64_t> personal, sensitive;
    uint64_t minors_under_14 = 0;
    std::optional<std::string> counting_key;
    uint64_t prior_personal = 0, prior_sensitive = 0;
  } subjects;
  std::string deidentification = "identified";
  struct {
    std::string status = "none";
    std::string authority, reference;
  } important_data;
  bool core_data = false, state_secret = false, export_controlled = false;
  struct {
    bool information = false, materials = false;
    uint64_t sequencing_subjects = 0;
    bool important_pedigree = false, specific_region = false;
  } hgr;
  ManifestStatus status;
  FilingInfo filing;
  std::vector<Resource> resources;
};

// The spec's closed code sets, in the order the spec lists them.
const std::vector<std::string>& ScenarioCodes();
const std::vector<std::string>& ExemptionCodes();

}  // namespace dxcheck

#endif  // DXCHECK_MANIFEST_MANIFEST_H_
