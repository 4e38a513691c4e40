// The category code table: every code of the code list with its meaning, its
// defaults (personal, sensitive, HGR information) and examples of what it
// classifies, for `dxcheck lists --codes` and the table in docs/manifest.md
// (which a test compares with this output, so the docs cannot drift).
#ifndef DXCHECK_CATEGORIES_CODE_TABLE_H_
#define DXCHECK_CATEGORIES_CODE_TABLE_H_

#include <string>
#include <vector>

#include "checker/categories/category_list.h"

namespace dxcheck {

// Up to `max` examples of field names a code covers: its patterns that are
// plain words (no regex syntax; Chinese and English), then its crosswalk
// labels ("cdisc:USUBJID").
std::vector<std::string> CodeExamples(const Category& c, size_t max = 4);

// One line per code: code, personal / sensitive / HGR flags, titles, examples.
std::string CodeTableText(const CategoryList& list);
// A Markdown table (the form docs/manifest.md carries).
std::string CodeTableMarkdown(const CategoryList& list);
// {"codeListVersion", "codes": [{code, title: {zh, en}, personal, sensitive,
// hgr, examples: [...]}]}
std::string CodeTableJson(const CategoryList& list);

}  // namespace dxcheck

#endif  // DXCHECK_CATEGORIES_CODE_TABLE_H_
