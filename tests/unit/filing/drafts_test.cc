// The filing drafts (checker/filing): which drafts an obligation set calls
// for, what is filled and from where, what is left to be completed, and
// that both renderings are deterministic and safe (escaped, no script).
#include "checker/filing/drafts.h"

#include <doctest/doctest.h>

#include "checker/base/file_io.h"
#include "checker/filing/form_html.h"
#include "rapidjson/document.h"
#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

using test::ManifestBuilder;

constexpr char kFiling[] = R"({
  "transferMethod": "SFTP <encrypted>",
  "retentionAbroad": {"from": "2026-12-01", "to": "2031-11-30"},
  "storagePlaceAbroad": "Frankfurt, DE",
  "onwardRecipients": [],
  "recipients": [{"name": "Acme Inc.", "address": "1 Main St, Boston", "contact": "dpo@acme.example"}],
  "legalRepresentative": "张三", "filingAgent": "李四", "dataSecurityOfficer": "王五"
})";

CheckedTransfer Checked(const std::string& json, const std::string& at = "2026-12-01") {
  DiagnosticList diags;
  CheckOptions o;
  o.evaluation.at = *Date::Parse(at);
  Result<CheckedTransfer> t = CheckTransfer(json, "m.json", test::ShippedRules(), o, &diags);
  REQUIRE_MESSAGE(t.ok(), diags.RenderAll());
  return std::move(t).value();
}

ManifestBuilder ContractManifest() {
  ManifestBuilder m;
  m.Fields("[" + test::TaggedField("NAME", "pi.basic") + "," + test::TaggedField("DIAG", "pi.health") + "]")
      .Set("/dxcheck/subjects", R"({"personal": 150000, "sensitive": 5000})");
  return m;
}

const Form* FindForm(const DraftSet& d, const std::string& id) {
  for (const Form& f : d.forms) {
    if (f.id == id) return &f;
  }
  return nullptr;
}

const FormField* FindField(const Form& f, const std::string& section, const std::string& id) {
  for (const FormSection& s : f.sections) {
    if (s.id != section) continue;
    for (const FormField& x : s.fields) {
      if (x.id == id) return &x;
    }
  }
  return nullptr;
}

TEST_CASE("a contract transfer: the contract filing and the PIPIA, consent has no draft") {
  CheckedTransfer t = Checked(ContractManifest().Json());
  DraftSet d = BuildDrafts(t, test::ShippedRules().categories(), false);
  REQUIRE(d.forms.size() == 2);
  CHECK(d.forms[0].id == "pi_impact_assessment");
  CHECK(d.forms[1].id == "standard_contract_filing");
  REQUIRE(d.without_draft.size() == 1);
  CHECK(d.without_draft[0] == "separate_consent");
  const Form& c = *FindForm(d, "standard_contract_filing");
  CHECK(c.obligation_rule.rfind("cn-baseline/art8-", 0) == 0);
  const FormField* purpose = FindField(c, "annex1", "purpose");
  REQUIRE(purpose != nullptr);
  CHECK(purpose->state == FieldState::kFilled);
  CHECK(purpose->values[0].text == "testing");
  CHECK(purpose->values[0].source == "/dxcheck/transfer/purpose");
  const FormField* persons = FindField(c, "annex1", "persons");
  REQUIRE(persons != nullptr);
  CHECK(*persons->values[0].number == 150000);
  CHECK(persons->values[0].source == "/dxcheck/subjects/personal");
  const FormField* cats = FindField(c, "annex1", "categories");
  REQUIRE(cats != nullptr);
  REQUIRE(cats->values.size() == 2);
  CHECK(cats->values[0].code == "pi.basic");
  CHECK(cats->values[0].text == "个人基本资料");  // the code list's Chinese title
  CHECK(cats->values[1].source == "/resources/0/schema/fields/1");
  const FormField* sens = FindField(c, "annex1", "sensitiveCategories");
  REQUIRE(sens->values.size() == 1);
  CHECK(sens->values[0].code == "pi.health");
  // Not stated: each names the key that would state it; judgment parts are never filled.
  const FormField* method = FindField(c, "annex1", "transferMethod");
  CHECK(method->state == FieldState::kNotStated);
  CHECK(method->hint == "dxcheck.filing.transferMethod");
  CHECK(FindField(c, "annex1", "onwardRecipients")->state == FieldState::kNotStated);
  CHECK(FindField(c, "annex1", "method")->state == FieldState::kJudgment);
  CHECK(FindField(c, "annex1", "otherMatters")->state == FieldState::kJudgment);
  CHECK(FindField(c, "parties", "legalRepresentative")->state == FieldState::kNotStated);
}

TEST_CASE("dxcheck.filing fills the same drafts, field by field, with its pointers") {
  CheckedTransfer plain = Checked(ContractManifest().Json());
  CheckedTransfer filled = Checked(ContractManifest().Set("/dxcheck/filing", kFiling).Json());
  DraftSet a = BuildDrafts(plain, test::ShippedRules().categories(), false);
  DraftSet b = BuildDrafts(filled, test::ShippedRules().categories(), false);
  REQUIRE(a.forms.size() == b.forms.size());
  const Form& c = *FindForm(b, "standard_contract_filing");
  CHECK(FindField(c, "annex1", "transferMethod")->values[0].text == "SFTP <encrypted>");
  CHECK(FindField(c, "annex1", "transferMethod")->values[0].source == "/dxcheck/filing/transferMethod");
  CHECK(FindField(c, "annex1", "retentionAbroad.to")->values[0].text == "2031-11-30");
  const FormField* onward = FindField(c, "annex1", "onwardRecipients");
  CHECK(onward->state == FieldState::kFilled);  // [] states "none"
  CHECK(onward->values.empty());
  CHECK(FindField(c, "parties", "recipients/0/contact")->values[0].text == "dpo@acme.example");
  CHECK(FindField(c, "parties", "filingAgent")->values[0].source == "/dxcheck/filing/filingAgent");
  CHECK(CountToComplete(c) < CountToComplete(*FindForm(a, "standard_contract_filing")));
  // The same fields in the same order: only their states differ.
  for (size_t i = 0; i < a.forms.size(); ++i) {
    REQUIRE(a.forms[i].sections.size() == b.forms[i].sections.size());
    for (size_t s = 0; s < a.forms[i].sections.size(); ++s) {
      REQUIRE(a.forms[i].sections[s].fields.size() == b.forms[i].sections[s].fields.size());
      for (size_t k = 0; k < a.forms[i].sections[s].fields.size(); ++k) {
        CHECK(a.forms[i].sections[s].fields[k].id == b.forms[i].sections[s].fields[k].id);
      }
    }
  }
}

TEST_CASE("--all drafts satisfied obligations too, and the checklist says what is provided") {
  ManifestBuilder m = ContractManifest();
  m.Set("/dxcheck/status", R"({"standardContract": {"reference": "SC-2026-7", "filedOn": "2026-11-20"},
                               "piImpactAssessment": {"completedOn": "2026-11-01"}, "separateConsent": true})");
  CheckedTransfer t = Checked(m.Json());
  CHECK(BuildDrafts(t, test::ShippedRules().categories(), false).forms.empty());
  DraftSet all = BuildDrafts(t, test::ShippedRules().categories(), true);
  const Form* c = FindForm(all, "standard_contract_filing");
  REQUIRE(c != nullptr);
  CHECK(c->obligation_satisfied);
  const FormSection& list = c->sections.back();
  REQUIRE(list.id == "checklist");
  for (const ChecklistItem& i : list.checklist) {
    INFO(i.id);
    bool provided = i.id == "signedContract" || i.id == "piImpactAssessment";
    CHECK((i.state == ItemState::kProvided) == provided);
  }
  CHECK(list.checklist[5].note == "SC-2026-7");
  CHECK(list.checklist[5].source == "/dxcheck/status/standardContract/reference");
}

TEST_CASE("security assessment and HGR prior report drafts") {
  ManifestBuilder m;
  m.Fields("[" + test::TaggedField("NAME", "pi.basic") + "," + test::TaggedField("GT", "hgr.genomic") + "]")
      .Set("/dxcheck/subjects", R"({"personal": 1200000, "sensitive": 600})")
      .Set("/dxcheck/hgr", R"({"information": true, "sequencingSubjects": 600})")
      .Set("/resources/0/dxcheck", R"({"records": 4242})");
  CheckedTransfer t = Checked(m.Json());
  DraftSet d = BuildDrafts(t, test::ShippedRules().categories(), false);
  const Form* sa = FindForm(d, "security_assessment");
  REQUIRE(sa != nullptr);
  CHECK(FindField(*sa, "declaration", "ciio")->values[0].boolean == false);
  CHECK(*FindField(*sa, "declaration", "cumulativePersons")->values[0].number == 1200000);
  CHECK(FindField(*sa, "declaration", "cumulativePersons")->values[0].source == "decision:/counts/cumulativePersonal");
  CHECK(*FindField(*sa, "declaration", "volumeRecords")->values[0].number == 4242);
  CHECK(FindField(*sa, "selfAssessment", "conclusion")->state == FieldState::kJudgment);
  const FormField* items = FindField(*sa, "selfAssessment", "dataItems");
  REQUIRE(items->values.size() == 2);
  CHECK(items->values[1].text == "GT");
  CHECK(items->values[1].source == "/resources/0/schema/fields/1/name");
  const Form* hgr = FindForm(d, "hgr_prior_report");
  REQUIRE(hgr != nullptr);
  CHECK(*FindField(*hgr, "priorReport", "sequencingSubjects")->values[0].number == 600);
  CHECK(FindField(*hgr, "priorReport", "informationType")->values[0].code == "hgr.genomic");
  CHECK(hgr->sections.back().checklist[0].id == "backup");
  CHECK(FindForm(d, "standard_contract_filing") == nullptr);  // the assessment covers it
}

TEST_CASE("the FTZ filing names the list, its version and the items relied on") {
  Result<std::string> bytes = ReadFile(test::SourcePath("samples/hospital-rwd-beijing-ftz.json"));
  REQUIRE(bytes.ok());
  CheckedTransfer t = Checked(*bytes);
  DraftSet d = BuildDrafts(t, test::ShippedRules().categories(), false);
  const Form* ftz = FindForm(d, "ftz_filing");
  REQUIRE(ftz != nullptr);
  const FormField* id = FindField(*ftz, "zoneFiling", "list.id");
  REQUIRE(id != nullptr);
  CHECK(id->values[0].text == "bj-ftz-2024-pharma");
  CHECK(id->values[0].source.rfind("decision:/lists/", 0) == 0);
  const FormField* items = FindField(*ftz, "zoneFiling", "itemsReliedOn");
  REQUIRE(items->state == FieldState::kFilled);
  CHECK(!items->values.empty());
  CHECK(FindField(*ftz, "zoneFiling", "zone")->values[0].text == "CN-BJ-FTZ");
}

TEST_CASE("JSON and HTML: deterministic, escaped, no script, A4, both languages") {
  CheckedTransfer t = Checked(ContractManifest()
                                  .Set("/dxcheck/transfer/purpose", "\"<script>alert(1)</script> & 'q'\"")
                                  .Set("/dxcheck/filing", kFiling)
                                  .Json());
  DraftSet d = BuildDrafts(t, test::ShippedRules().categories(), false);
  for (const Form& f : d.forms) {
    std::string json = FormToJson(f), html = RenderFormHtml(f);
    CHECK(json == FormToJson(f));
    CHECK(html == RenderFormHtml(f));
    rapidjson::Document doc;
    doc.Parse(json.c_str());
    REQUIRE(!doc.HasParseError());
    CHECK(std::string(doc["form"].GetString()) == f.id);
    CHECK(doc["toBeCompleted"].GetUint64() == CountToComplete(f));
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;q&#39;") != std::string::npos);
    CHECK(html.find("@page{size:A4") != std::string::npos);
    CHECK(html.find("Noto Sans CJK SC") != std::string::npos);
    CHECK(html.find("http://") == std::string::npos);
    CHECK(html.find("https://") == std::string::npos);
    CHECK(html.find("待填写") != std::string::npos);
    CHECK(html.find(f.title.zh) < html.find(f.title.en));  // Chinese first
  }
}

}  // namespace
}  // namespace dxcheck
