#include "checker/categories/code_suggest.h"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/unit/test_util.h"

namespace dxcheck {
namespace {

const CategoryList& Codes() { return test::ShippedRules().categories(); }

TEST_CASE("edit distance: bounded, with transpositions") {
  CHECK(BoundedEditDistance("health", "health", 2) == 0);
  CHECK(BoundedEditDistance("helth", "health", 2) == 1);
  CHECK(BoundedEditDistance("haelth", "health", 2) == 1);  // adjacent transposition
  CHECK(BoundedEditDistance("abc", "xyz", 2) == 3);        // past the cap: cap + 1
  CHECK(BoundedEditDistance("a", "abcdefgh", 2) == 3);     // lengths alone exceed the cap
  CHECK(BoundedEditDistance("", "ab", 2) == 2);
}

TEST_CASE("suggestions for unknown codes") {
  CHECK(SuggestCategoryCode(Codes(), "lab") == "clinical.lab");  // a trailing segment
  CHECK(SuggestCategoryCode(Codes(), "clinical.lba") == "clinical.lab");
  CHECK(SuggestCategoryCode(Codes(), "genomic") == "hgr.genomic");
  CHECK(SuggestCategoryCode(Codes(), "person.email") == "");
  CHECK(SuggestCategoryCode(Codes(), std::string(100000, 'a')) == "");  // bounded work
}

TEST_CASE("misspelt extensions are told from real ones") {
  CHECK(MisspeltExtension(Codes(), "pi.helth") == "pi.health");
  CHECK(MisspeltExtension(Codes(), "clinical.labs") == "clinical.lab");
  CHECK(MisspeltExtension(Codes(), "pi.location.precis") == "pi.location.precise");
  CHECK(MisspeltExtension(Codes(), "pi.health.diagnosis") == "");  // a real extension
  CHECK(MisspeltExtension(Codes(), "pi.health") == "");            // listed
  CHECK(MisspeltExtension(Codes(), "pi.wearable_steps") == "");    // far from every sibling
}

TEST_CASE("likeliest codes for an unclassified field") {
  std::vector<std::string> w = LikelyCodes(Codes(), "PATIENT_WEIGHT_KG", "");
  REQUIRE_FALSE(w.empty());
  CHECK(w[0] == "pi.health");  // "weight" is rarer in the code list than "patient"
  CHECK(w.size() <= 3);
  CHECK(LikelyCodes(Codes(), "ZZQX", "").empty());
  CHECK(LikelyCodes(Codes(), "x", "the subject's mobile").front() == "pi.contact");
  CHECK(LikelyCodes(Codes(), "kinMobileNo", "")[0] == "pi.contact");  // camelCase split
  CHECK(LikelyCodes(Codes(), std::string(1 << 20, 'q'), "").empty());  // bounded
}

TEST_CASE("the likeliest-code index answers from its cache as it searches") {
  LikelyCodeIndex index(Codes());
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"PATIENT_WEIGHT_KG", ""}, {"x", "the subject's mobile"}, {"kinMobileNo", ""},
      {"ZZQX", ""}, {"ab", "c"}, {"a", "bc"}, {"身份证号", "患者身份证号码"}};
  for (int round = 0; round < 2; ++round) {  // the second round hits the cache
    for (const auto& [name, description] : fields) {
      CHECK(*index.Likely(name, description) == index.Search(name, description, 3));
      CHECK(*index.Likely(name, description, 1) == index.Search(name, description, 1));
      CHECK(*index.Likely(name, description) == LikelyCodes(Codes(), name, description));
    }
  }
  CHECK(index.Likely("PATIENT_WEIGHT_KG", "", 1)->size() == 1);  // max is part of the key
  // A cached answer is shared, not copied.
  CHECK(index.Likely("PATIENT_WEIGHT_KG", "").get() == index.Likely("PATIENT_WEIGHT_KG", "").get());
  CHECK(index.Likely("PATIENT_WEIGHT_KG", "")->size() > 1);
  // Only the first 256 bytes are read: texts that differ past them share an answer.
  std::string weight = std::string(250, ' ') + "weight";
  CHECK(*index.Likely(weight + "patient", "") == index.Search(weight, "", 3));
  CHECK(*index.Likely(weight + "mobile", "") == index.Search(weight + "mobile", "", 3));
  // Past the cache's budget it is emptied and still answers the same.
  for (int i = 0; i < 4000; ++i) {
    std::string name = "mobile_" + std::to_string(i) + std::string(300, 'x');
    REQUIRE(*index.Likely(name, "") == index.Search(name, "", 3));
  }
  CHECK(index.Likely("PATIENT_WEIGHT_KG", "")->front() == "pi.health");
}

TEST_CASE("one likeliest-code index shared by threads answers each as the search does") {
  LikelyCodeIndex index(Codes());
  std::vector<std::string> names;
  for (int i = 0; i < 200; ++i) {
    names.push_back((i % 2 ? "kinMobileNo_" : "PATIENT_WEIGHT_") + std::to_string(i % 50));
  }
  std::vector<std::vector<std::string>> expected;
  for (const std::string& n : names) expected.push_back(index.Search(n, "", 3));
  std::vector<int> wrong(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 3; ++round) {
        for (size_t i = 0; i < names.size(); ++i) {
          if (*index.Likely(names[i], "") != expected[i]) ++wrong[static_cast<size_t>(t)];
        }
      }
    });
  }
  for (std::thread& th : threads) th.join();
  CHECK(wrong == std::vector<int>(4, 0));
}

TEST_CASE("lists name listed codes and families only") {
  CHECK(IsListedCodeOrFamily(Codes(), "pi.health"));
  CHECK(IsListedCodeOrFamily(Codes(), "clinical"));
  CHECK_FALSE(IsListedCodeOrFamily(Codes(), "pi.helth"));
  CHECK_FALSE(IsListedCodeOrFamily(Codes(), "pi.health.diagnosis"));
}

}  // namespace
}  // namespace dxcheck
