// `dxcheck.filing`: the optional details the filing drafts ask for
// (docs/manifest.md "Filing details"; regulation digest §6, the standard
// contract's Annex I and the filing checklist). Read like every other
// `dxcheck` object: types checked, unknown keys an error (E1103) with the
// member's JSON pointer. Two checks of their own: a retention period that ends
// before it starts, and a contact for a recipient the manifest does not name
// (E1120); a person's name that is an identity-document number (E1121: the
// filing asks for names only, never ID numbers).
#include <cctype>

#include "checker/base/identifiers.h"
#include "checker/manifest/manifest_loader.h"

namespace dxcheck {
namespace {

// True when `s` holds a run of 15 or more digits (an 18-character resident ID
// number ends in a digit or X): an ID number, not a name.
bool LooksLikeIdNumber(const std::string& s) {
  size_t run = 0;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c)) || ((c == 'X' || c == 'x') && run >= 17)) {
      if (++run >= 15) return true;
    } else {
      run = 0;
    }
  }
  return false;
}

void ReadValue(ObjectReader& r, std::string_view key, FilingValue* out) {
  const JsonValue* v = r.Get(key, JsonType::kString, false);
  if (v == nullptr) return;
  if (v->text.find_first_not_of(" \t\r\n") == std::string::npos) {
    r.ctx().Error(*v, "E1105",
                  "\"" + std::string(key) + "\" is empty: leave it out when it is not known");
    return;
  }
  out->value = v->text;
  out->pointer = v->Pointer();
}

// A person's name (legal representative, filing agent, data-security officer).
void ReadName(ObjectReader& r, std::string_view key, FilingValue* out) {
  ReadValue(r, key, out);
  if (out->present() && LooksLikeIdNumber(out->value)) {
    const JsonValue* v = r.Get(key, JsonType::kString, false);
    r.ctx().Error(*v, "E1121",
                  "\"" + std::string(key) +
                      "\" holds a number of 15 or more digits: the filing details take names only, "
                      "never an identity-document number");
    *out = FilingValue();
  }
}

void ReadRetention(ObjectReader& r, FilingInfo* f) {
  const JsonValue* v = r.Get("retentionAbroad", JsonType::kObject, false);
  if (v == nullptr) return;
  ObjectReader rr(*v, r.ctx());
  std::optional<Date> from = rr.DateValue("from", true);
  std::optional<Date> to = rr.DateValue("to", true);
  rr.RejectUnknown("dxcheck.filing.retentionAbroad");
  if (!from || !to) return;
  if (*to < *from) {
    r.ctx().Error(*v, "E1120", "retentionAbroad ends (" + to->ToString() + ") before it starts (" +
                                   from->ToString() + ")");
    return;
  }
  f->retention_from = {from->ToString(), v->Pointer() + "/from"};
  f->retention_to = {to->ToString(), v->Pointer() + "/to"};
}

void ReadOnward(ObjectReader& r, FilingInfo* f) {
  const JsonValue* arr = r.Get("onwardRecipients", JsonType::kArray, false);
  if (arr == nullptr) return;
  f->onward_given = true;
  f->onward_pointer = arr->Pointer();
  for (const JsonValue& v : arr->items) {
    if (!v.is_object()) {
      r.ctx().Error(v, v.is_null() ? "E1104" : "E1102", "expected an onward recipient object");
      continue;
    }
    ObjectReader o(v, r.ctx());
    OnwardRecipient rec;
    rec.pointer = v.Pointer();
    if (auto n = o.String("name", true)) rec.name = *n;
    if (const JsonValue* c = o.Get("country", JsonType::kString, true)) {
      rec.country = c->text;
      if (!IsAssignedCountryCode(c->text)) {
        r.ctx().Error(*c, "E1111", "\"" + c->text + "\" is not an assigned ISO 3166-1 alpha-2 code");
      }
    }
    o.RejectUnknown("an onward recipient");
    f->onward_recipients.push_back(std::move(rec));
  }
}

void ReadContacts(ObjectReader& r, const Manifest& m, FilingInfo* f) {
  const JsonValue* arr = r.Get("recipients", JsonType::kArray, false);
  if (arr == nullptr) return;
  for (const JsonValue& v : arr->items) {
    if (!v.is_object()) {
      r.ctx().Error(v, v.is_null() ? "E1104" : "E1102", "expected a recipient contact object");
      continue;
    }
    ObjectReader o(v, r.ctx());
    FilingRecipient rec;
    rec.pointer = v.Pointer();
    const JsonValue* name = o.Get("name", JsonType::kString, true);
    ReadValue(o, "address", &rec.address);
    ReadValue(o, "contact", &rec.contact);
    o.RejectUnknown("a filing recipient");
    if (name == nullptr) continue;
    rec.name = name->text;
    bool named = false;
    for (const Recipient& known : m.recipients) named = named || known.name == rec.name;
    if (!named) {
      r.ctx().Error(*name, "E1120", "\"" + rec.name + "\" is not the name of a recipient in "
                                    "dxcheck.recipients: filing.recipients gives the address and "
                                    "contact of those recipients");
      continue;
    }
    for (const FilingRecipient& seen : f->recipients) {
      if (seen.name == rec.name) {
        r.ctx().Error(*name, "E1120", "\"" + rec.name + "\" has a contact entry already (" +
                                          seen.pointer + ")");
        named = false;
      }
    }
    if (named) f->recipients.push_back(std::move(rec));
  }
}

}  // namespace

void ReadFiling(const JsonValue& v, const InputContext& ctx, Manifest* m) {
  ObjectReader r(v, ctx);
  FilingInfo& f = m->filing;
  f.present = true;
  f.pointer = v.Pointer();
  ReadValue(r, "transferMethod", &f.transfer_method);
  ReadRetention(r, &f);
  ReadValue(r, "storagePlaceAbroad", &f.storage_place);
  ReadOnward(r, &f);
  ReadContacts(r, *m, &f);
  ReadName(r, "legalRepresentative", &f.legal_representative);
  ReadName(r, "filingAgent", &f.filing_agent);
  ReadName(r, "dataSecurityOfficer", &f.data_security_officer);
  ReadValue(r, "transferFrequency", &f.frequency);
  r.RejectUnknown("dxcheck.filing");
}

}  // namespace dxcheck
