// ValueForms: the other spellings of one value that the content detectors
// also test (column_sample.cc), so that formatting does not hide a value.
//
// An ID number in full-width digits (１１０１…, as Chinese input methods
// type them), with a zero-width space or a byte-order mark inside it, an
// Excel text marker (a leading apostrophe), in groups ("110101 19900307
// 1233"), a mobile number written "(+86)138.0013.8000" or exported as
// "13800138000.0" or "1.3800138e10": each is the same value to a reader, and
// was a different one to the detectors. The forms are:
//   - canonical: Excel's ="..." and quotes around the whole value dropped
//     (a dialect declared with another quote character leaves them in);
//     full-width ASCII (U+FF01..U+FF5E) folded to ASCII; the Unicode spaces
//     (no-break, thin, narrow, ideographic, U+2000..U+200A) to a space;
//     hyphens and dashes (U+2010..U+2015) to '-'; zero-width characters,
//     direction marks and U+FEFF, U+00AD dropped; a leading apostrophe
//     dropped; a number in decimal or exponent notation whose value is an
//     integer written as its digits;
//   - compact: of a canonical form made only of digits, spaces, line breaks,
//     tabs, '-', '.', '(' and ')', with a leading '+' and a final X: those
//     characters without the separators ("+8613800138000",
//     "11010119900307123X") — but not of a plain decimal number (a sign,
//     digits, one point: "1.3940549709" is a measurement).
// A detector matches the value when it matches any form. ColumnDetectors
// also tests the pieces of a value between commas, semicolons, tabs, bars
// and line breaks (a dialect declared with another delimiter leaves a whole
// record in one value; a label and a value share a cell). Only the values a
// column's sample tests get here, so the cost is bounded per column.
#ifndef DXCHECK_DATA_VALUE_FORMS_H_
#define DXCHECK_DATA_VALUE_FORMS_H_

#include <string>
#include <string_view>

namespace dxcheck {

class ValueForms {
 public:
  // `value` must outlive the forms.
  explicit ValueForms(std::string_view value);
  // Not copied or moved: the forms are views into this object's strings.
  ValueForms(const ValueForms&) = delete;
  ValueForms& operator=(const ValueForms&) = delete;
  // The value itself, then each form that differs from those before it.
  size_t size() const { return n_; }
  std::string_view operator[](size_t i) const { return forms_[i]; }

 private:
  std::string canonical_, compact_;
  std::string_view forms_[3];
  size_t n_ = 0;
};

}  // namespace dxcheck

#endif  // DXCHECK_DATA_VALUE_FORMS_H_
