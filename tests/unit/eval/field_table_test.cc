#include "checker/eval/field_table.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

namespace dxcheck {
namespace {

using Strings = std::vector<std::string>;

FieldTable ThreeRecords() {
  FieldTable t;
  t.Reserve(3, 16);  // too small on purpose: the buffer grows and offsets stay right
  t.Start("/resources/0/schema/fields/0", "USUBJID", "pattern", true, false, false);
  t.AddCategory("pi.identity");
  t.AddPattern("unique subject identifier");
  t.Start("/resources/0/schema/fields/1", "", "none", false, false, false);
  t.Start("/resources/1/schema/fields/0", "DNA", "crosswalk", false, true, true);
  t.AddLabel("cdisc:PGx");  // lists may be added in any order within a record
  t.AddCategory("hgr.genetic");
  t.AddCategory("spi.biometric");
  t.AddContent({"hgr.genetic", "vcf-genotype", 9, 10, 2});
  t.AddLabel("tag:PII.Sensitive");
  return t;
}

void CheckThree(const FieldTable& t) {
  REQUIRE(t.size() == 3);
  CHECK(t[0].pointer() == "/resources/0/schema/fields/0");
  CHECK(t[0].name() == "USUBJID");
  CHECK(t[0].source() == "pattern");
  CHECK(t[0].categories().ToVector() == Strings{"pi.identity"});
  CHECK(t[0].patterns().front() == "unique subject identifier");
  CHECK(t[0].labels().empty());
  CHECK(t[0].content_size() == 0);
  CHECK((t[0].personal() && !t[0].sensitive() && !t[0].hgr()));

  CHECK(t[1].name().empty());
  CHECK(t[1].categories().empty());
  CHECK(t[1].patterns().empty());
  CHECK(t[1].labels().empty());
  CHECK(t[1].content_size() == 0);

  CHECK(t[2].categories().ToVector() == Strings{"hgr.genetic", "spi.biometric"});
  CHECK(t[2].categories()[1] == "spi.biometric");
  CHECK(t[2].labels().ToVector() == Strings{"cdisc:PGx", "tag:PII.Sensitive"});
  CHECK(t[2].patterns().size() == 0);
  REQUIRE(t[2].content_size() == 1);
  CHECK(t[2].content_begin()[0].detector == "vcf-genotype");
  CHECK(t[2].content_begin()[0].sample_level == 2);
  CHECK((!t[2].personal() && t[2].sensitive() && t[2].hgr()));
}

TEST_CASE("FieldTable keeps each record's texts and lists apart") {
  FieldTable t = ThreeRecords();
  CheckThree(t);
  std::vector<std::string> names;
  for (FieldTable::Record r : t) names.emplace_back(r.name());
  CHECK(names == Strings{"USUBJID", "", "DNA"});
}

TEST_CASE("a FieldTable copies and moves as a value") {
  FieldTable t = ThreeRecords();
  FieldTable copy = t;
  t = FieldTable();  // the copy owns its texts: offsets, not pointers into t
  CHECK(t.empty());
  CheckThree(copy);
  FieldTable moved = std::move(copy);
  CheckThree(moved);
  std::vector<FieldTable> many(40, moved);  // reallocation moves every table
  for (const FieldTable& m : many) CheckThree(m);
}

TEST_CASE("an empty FieldTable iterates nothing") {
  FieldTable t;
  CHECK(t.size() == 0);
  int n = 0;
  for (FieldTable::Record r : t) n += static_cast<int>(r.name().size()) + 1;
  CHECK(n == 0);
}

}  // namespace
}  // namespace dxcheck
