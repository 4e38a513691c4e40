#include "checker/data/header_guess.h"

#include <doctest/doctest.h>

namespace dxcheck {

TEST_CASE("outline: runs of digits, letters and other bytes with their lengths") {
  CHECK(Outline("S-001") == "a1-93");
  CHECK(Outline("S-002") == Outline("S-001"));
  CHECK(Outline("VISIT1") != Outline("B3"));
  CHECK(Outline("2024-01-05") == "94-92-92");
  CHECK(Outline("") == "");
}

TEST_CASE("a header row told from a row of data") {
  using Row = std::vector<std::string>;
  // Data: an ID-like value over another, a personal value, a number, every column alike.
  CHECK(FirstRowIsData(Row{"S-001", "张伟", "F"}, Row{"S-002", "李娜", "M"}));
  CHECK(FirstRowIsData(Row{"110101199003071233", "batch"}, Row{}));
  CHECK(FirstRowIsData(Row{"x", "42"}, Row{"y", "43"}));
  CHECK(FirstRowIsData(Row{"张伟", "F"}, Row{"李娜", "M"}));
  CHECK(FirstRowIsData(Row{"张伟", "男", "高血压"}, Row{"欧阳娜娜", "女", "糖尿病"}));  // lengths differ
  // Headers.
  CHECK_FALSE(FirstRowIsData(Row{"USUBJID", "AGE", "SEX"}, Row{"S0001", "42", "F"}));
  CHECK_FALSE(FirstRowIsData(Row{"ID", "VISIT1"}, Row{"A2", "B3"}));
  CHECK_FALSE(FirstRowIsData(Row{"ICD10"}, Row{"E11"}));
  CHECK_FALSE(FirstRowIsData(Row{"姓名", "性别"}, Row{"张伟", "男"}));
  CHECK_FALSE(FirstRowIsData(Row{"姓名", "诊断", "年龄"}, Row{"欧阳娜娜", "高血压", "34岁"}));
  CHECK_FALSE(FirstRowIsData(Row{"USUBJID", "AETERM"}, Row{}));  // no row to compare with
}

TEST_CASE("column names that look like values are not shown") {
  CHECK(NameLooksLikeValue("S-001"));
  CHECK(NameLooksLikeValue("2024-01"));
  CHECK(NameLooksLikeValue("13812345678"));
  CHECK(NameLooksLikeValue(std::string(129, 'A')));
  CHECK_FALSE(NameLooksLikeValue("VISIT_1"));
  CHECK_FALSE(NameLooksLikeValue("身份证号"));
  CHECK_FALSE(NameLooksLikeValue("EXTRA"));
  // A full-width ID number is a value too.
  std::string wide;
  for (char c : std::string("110101199003071233")) wide += std::string("\xEF\xBC") + static_cast<char>(0x90 + (c - '0'));
  CHECK(NameLooksLikeValue(wide));
}

TEST_CASE("a matched field name proves a header when it is 3+ bytes and 2+ characters") {
  CHECK(MatchProvesHeader("AGE"));
  CHECK(MatchProvesHeader("性别"));
  CHECK_FALSE(MatchProvesHeader("F"));
  CHECK_FALSE(MatchProvesHeader("ID"));
  CHECK_FALSE(MatchProvesHeader("男"));  // 3 bytes, one character
}

TEST_CASE("the shape of a Chinese name: 2 to 4 ideographs") {
  CHECK(LooksLikeChineseName("张伟"));
  CHECK(LooksLikeChineseName("欧阳娜娜"));
  CHECK_FALSE(LooksLikeChineseName("张"));
  CHECK_FALSE(LooksLikeChineseName("中华人民共和国"));
  CHECK_FALSE(LooksLikeChineseName("AGE"));
  CHECK_FALSE(LooksLikeChineseName("张伟1"));
}

}  // namespace dxcheck
