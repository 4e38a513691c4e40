// Telling a header row from a row of data, for the two places where a
// column name read from a file is shown or written: E1605 (scan_visitor.cc)
// and the manifest `dxcheck init` writes (authoring/manifest_scaffold.cc).
//
// A file without a header row, read as if it had one, has a person's values
// where the names should be: a name, a subject id. No detector knows those,
// so these guesses look at the shape of the names instead. They decide only
// what is shown or written, never what is checked: a wrong guess hides a
// name that was harmless, or (init) scaffolds a file as header-less where a
// person then fixes the dialect.
#ifndef DXCHECK_DATA_HEADER_GUESS_H_
#define DXCHECK_DATA_HEADER_GUESS_H_

#include <string>
#include <string_view>
#include <vector>

namespace dxcheck {

// A value a content detector knows (resident ID, mobile, e-mail, bank card),
// in any of the spellings the detectors see (value_forms.h).
bool LooksPersonal(std::string_view v);
// 2 to 4 CJK ideographs: the shape of a Chinese person's name, and of many
// Chinese column names too ("备注"), so used only where hiding a name costs
// little (E1605 names the column by number instead).
bool LooksLikeChineseName(std::string_view name);
// Digits with only . - + / : and spaces among them: a number, a date, a time.
bool LooksNumberOrDate(std::string_view v);
// A column name that must not be shown or written because it looks like a
// value: LooksPersonal, LooksNumberOrDate, longer than 128 bytes, or ASCII
// digits mixed with separators other than '_' ("S-001", "01-002").
bool NameLooksLikeValue(std::string_view name);
// Whether a file's column name equal to this schema field name shows that
// the file's first row is a header: at least 3 bytes and 2 characters
// ("AGE", "性别"). A value can equal a short field name by chance ("F",
// "男"), so a short match proves nothing (E1605 then shows no name).
bool MatchProvesHeader(std::string_view field_name);
// The shape of a value: each run of digits, of ASCII letters and of other
// non-ASCII bytes as its class and length ("S-001" -> "a1-93"); other bytes
// as they are. Two values of one column in two rows of data mostly agree.
std::string Outline(std::string_view v);
// LooksLikeChineseName and beginning with one of the most common surnames.
bool LooksLikePersonName(std::string_view v);
// Whether `first`, read as a header, is a row of data, given the row after
// it (`second`, empty when the file has no second row): a name looks
// personal or like a number or date; or a column's name has a digit and the
// outline of the value below it ("S-001" over "S-002"); or a column holds a
// person's name over another's (LooksLikePersonName, "张伟" over
// "欧阳娜娜"); or every name has the outline of the value below it ("张伟,F"
// over "李娜,M").
bool FirstRowIsData(const std::vector<std::string>& first, const std::vector<std::string>& second);

}  // namespace dxcheck

#endif  // DXCHECK_DATA_HEADER_GUESS_H_
