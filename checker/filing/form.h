// Form: one filing draft of `dxcheck forms` (docs/forms.md), the model both of
// its renderings share: the JSON document a platform's API reads
// (FormToJson) and the print-ready HTML a person reads (form_html.h).
//
// A draft is sections of fields and checklist items. Every field is either
// filled — each value with the place it came from: a JSON pointer into the
// manifest ("/dxcheck/transfer/purpose"), "measured by --data", or a pointer
// into the decision ("decision:/lists/1/version") — or to be completed
// (待填写): by a person's judgment, or because the manifest does not say (the
// draft then names the key that would say it). Nothing is filled from
// anywhere else: a draft never invents content.
//
// Headings and checklist items follow the regulation digest §6 (filing
// materials); which Chinese wording comes from the digest and which is a
// translation of its English is listed in docs/forms.md.
#ifndef DXCHECK_FILING_FORM_H_
#define DXCHECK_FILING_FORM_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dxcheck {

// The to-be-completed marker, in both languages.
constexpr char kToComplete[] = "待填写";
constexpr char kToCompleteEn[] = "to be completed";

// Where a filled value came from when not a manifest pointer.
constexpr char kMeasuredByData[] = "measured by --data";

struct FormText {
  std::string zh, en;
};

// One value and its source. `number` is set for counts (the JSON carries a
// number, the HTML the digits); `en` is an English rendering beside a Chinese
// value (category names); `code` a code the value names (category codes).
struct FormValue {
  std::string text;
  std::optional<uint64_t> number;
  std::optional<bool> boolean;  // the JSON carries true/false, the HTML 是/否 (yes/no)
  std::string en, code;
  std::string of;  // what the value is about (a resource's name), when a list needs it
  std::string source;
};

enum class FieldState {
  kFilled,      // values set, each with its source
  kNotStated,   // the manifest does not say; `hint` names the key that would
  kJudgment,    // a person's assessment: never pre-filled
};

struct FormField {
  std::string id;
  FormText label;
  FieldState state = FieldState::kNotStated;
  bool list = false;               // the value is a list (possibly empty: "none")
  std::vector<FormValue> values;   // one unless `list`
  std::string hint;                // kNotStated: "dxcheck.filing.transferMethod"
  std::string list_source;         // a list field: where the list itself stands (an empty one: "none")
};

enum class ItemState { kProvided, kToProvide };

// A checklist item: a material the filing needs, provided or to provide.
struct ChecklistItem {
  std::string id;
  FormText label;
  ItemState state = ItemState::kToProvide;
  std::string note;    // what dxcheck knows about it (e.g. the reference)
  std::string source;  // where that came from; "" when nothing
};

struct FormSection {
  std::string id;
  FormText title;
  std::vector<FormField> fields;
  std::vector<ChecklistItem> checklist;
};

struct Form {
  std::string id;  // the obligation's id: "standard_contract_filing"
  FormText title;
  std::string basis;  // the legal basis, as the digest §6 cites it
  // The obligation the draft serves, as the decision records it.
  std::string obligation_rule, obligation_citation;
  bool obligation_satisfied = false;
  std::string transfer_id, manifest_sha256, evaluated_at, tool_version;
  std::vector<FormSection> sections;
};

// Fields to be completed (not stated, or judgment) and items to provide.
size_t CountToComplete(const Form& f);

// The draft as JSON (docs/forms.md "JSON"), UTF-8, two-space indented, ending
// with a newline. Deterministic: the same draft gives the same bytes.
std::string FormToJson(const Form& f);

// Builders used by the draft builders: a filled field of one value (not
// stated when the value has no source: nothing is filled from nowhere), a
// list field, and the two to-be-completed kinds.
FormField Filled(std::string id, FormText label, FormValue v);
FormField FilledList(std::string id, FormText label, std::vector<FormValue> values);
FormField NotStated(std::string id, FormText label, std::string hint);
FormField Judgment(std::string id, FormText label);
// Filled when `v.source` is set, else NotStated with `hint`.
FormField FilledOr(std::string id, FormText label, FormValue v, std::string hint);

}  // namespace dxcheck

#endif  // DXCHECK_FILING_FORM_H_
