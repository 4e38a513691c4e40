// ShareCount: which of a content detector's three counts fired on a column.
//
// ColumnDetectors::ShareOf (column_sample.h) decides it; a ContentFinding
// (data_scan.h) carries it to the data profile and the decision's field table
// (checker/eval/field_table.h), whose "shareOf" names it (docs/data.md
// "Content share"). Its own header so that the decision need not include the
// scanner's.
#ifndef DXCHECK_DATA_SHARE_COUNT_H_
#define DXCHECK_DATA_SHARE_COUNT_H_

namespace dxcheck {

// kValues: `matched` of all `values` in the sample. kUnrecognised: `matched`
// of the values no other detector recognises. kRecognised: `claimed` of all
// `values` are values some detector recognises, `matched` of them this
// detector's alone.
enum class ShareCount { kValues, kUnrecognised, kRecognised };

}  // namespace dxcheck

#endif  // DXCHECK_DATA_SHARE_COUNT_H_
