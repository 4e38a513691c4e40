// TransferFacts: what a checked transfer says that a filing draft can use,
// each value with its source (form.h): a JSON pointer into the manifest, a
// pointer into the decision ("decision:/counts/cumulativePersonal"), or
// "measured by --data". A value the manifest does not state comes back
// without a source, and the draft marks its field to be completed.
#ifndef DXCHECK_FILING_TRANSFER_FACTS_H_
#define DXCHECK_FILING_TRANSFER_FACTS_H_

#include <initializer_list>
#include <string>
#include <vector>

#include "checker/categories/category_list.h"
#include "checker/eval/check.h"
#include "checker/filing/form.h"

namespace dxcheck {

enum class CategoryKind { kPersonal, kSensitive, kHgr };

class TransferFacts {
 public:
  // REQUIRES: `t` and `categories` outlive this object.
  TransferFacts(const CheckedTransfer& t, const CategoryList& categories)
      : t_(t), categories_(categories) {}

  const CheckedTransfer& transfer() const { return t_; }

  // The manifest member at `path` under the root ({"dxcheck", "transfer",
  // "purpose"}) as a value: strings as written, counts as numbers, booleans
  // as booleans. No source when the member is absent (a default is not a
  // statement).
  FormValue Member(std::initializer_list<const char*> path) const;
  // A `dxcheck.filing` value.
  static FormValue Filing(const FilingValue& v);

  // The distinct category codes of the classified fields, in the order they
  // first occur: personal codes on personal fields, sensitive codes on
  // sensitive fields, or HGR codes. Each value is the code list's Chinese
  // title (English in `en`, the code in `code`), its source the first field
  // that carries it (its manifest pointer; "measured by --data" for a
  // category a content detector added).
  std::vector<FormValue> Categories(CategoryKind kind) const;

  // Persons whose PI (sensitive PI) the data files hold, as check --data
  // counted them: a value with source "measured by --data", or none.
  FormValue MeasuredPersons(bool sensitive) const;
  // A decision value: `text` (or `number`) with source "decision:" + pointer.
  static FormValue Decided(const std::string& pointer, uint64_t number);
  static FormValue DecidedBool(const std::string& pointer, bool b);
  static FormValue DecidedText(const std::string& pointer, std::string text);

  // One value per recipient (name; country in `code`), per distinct
  // recipient country, per recipient entity type stated.
  std::vector<FormValue> Recipients() const;
  std::vector<FormValue> Countries() const;
  // Onward recipients (name; country in `code`), when the filing states them.
  std::vector<FormValue> OnwardRecipients() const;
  // The data files' declared sizes and record counts (resource name in `of`).
  std::vector<FormValue> ResourceBytes(bool hgr_only) const;
  std::vector<FormValue> ResourceRecords(bool hgr_only) const;
  // Field names, each with its categories in `code` (", "-joined), at most
  // `max`; `*total` is the number of classified fields.
  std::vector<FormValue> DataItems(size_t max, size_t* total) const;

 private:
  bool ResourceHasHgr(size_t resource_index) const;

  const CheckedTransfer& t_;
  const CategoryList& categories_;
};

}  // namespace dxcheck

#endif  // DXCHECK_FILING_TRANSFER_FACTS_H_
