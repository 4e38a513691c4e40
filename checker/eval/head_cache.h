// HeadCache: the constant first members of a decision's records, written as
// JSON once per thread and copied into every decision after.
//
// A list record begins with the list's id, version, kind, status and sha256,
// a match with its rule's id, list, outcome, obligations, importantData,
// title, citation and verification: the same bytes in every decision made
// with that rule set, about a third of the tokens of a typical decision. The
// record's `source` (the RuleList or Rule it was made from, set by the
// evaluator) is the key; it is only compared, never dereferenced.
//
// Why a cache of the writer and not text built with the rule set at load:
// the text is the decision document's (its key names, its indentation at a
// given depth), which the rules layer may not know (checker/LAYERS). Why per
// thread: no lock and no shared ownership on the path of every check, and a
// thread only ever sees the few rule sets it checks with.
//
// A cached head is used only when the record's head fields equal the ones it
// was written from (`Same`), so the output never depends on the cache: a
// rule set freed and another loaded at the same address, or a record edited
// after evaluation, gets its own text. Bounded: past kMaxEntries heads the
// thread's cache is emptied and starts again.
#ifndef DXCHECK_EVAL_HEAD_CACHE_H_
#define DXCHECK_EVAL_HEAD_CACHE_H_

#include <cstddef>
#include <string>
#include <unordered_map>

#include "checker/eval/json_out.h"

namespace dxcheck {

// `Record` has a `const void* source`. `Head` says what its head is:
//   static Record Of(const Record& r);  // r with only the head fields kept
//   static bool Same(const Record& a, const Record& b);  // equal head fields
//   template <typename W> static void Write(W& w, const Record& r);  // the members
template <typename Record, typename Head>
class HeadCache {
 public:
  static constexpr size_t kMaxEntries = 4096;

  // Writes the head members of `r` into `w`, as the first members of the
  // record's object (open in `w`, no member written yet).
  template <bool kPretty>
  static void Write(JsonOut<kPretty>& w, const Record& r) {
    if (r.source == nullptr) {  // a decision read back, or made by hand
      Head::Write(w, r);
      return;
    }
    auto& entries = Entries();
    auto it = entries.find(r.source);
    if (it == entries.end()) {
      if (entries.size() >= kMaxEntries) entries.clear();
      it = entries.emplace(r.source, Entry{Head::Of(r), {}, -1}).first;
    } else if (!Head::Same(it->second.record, r)) {
      it->second = Entry{Head::Of(r), {}, -1};
    }
    Entry& e = it->second;
    if (e.depth != w.depth()) {  // written first at another depth: start again
      e.text[0].clear();
      e.text[1].clear();
      e.depth = w.depth();
    }
    std::string& text = e.text[kPretty ? 1 : 0];
    if (text.empty()) {
      std::string buf;
      JsonOut<kPretty> head(&buf, w.depth());
      Head::Write(head, r);
      text.assign(head.text());
    }
    w.SpliceFirst(text);
  }

 private:
  struct Entry {
    Record record;        // the head fields the text was written from
    std::string text[2];  // compact, pretty; empty until first needed
    int depth;
  };
  static std::unordered_map<const void*, Entry>& Entries() {
    thread_local std::unordered_map<const void*, Entry> entries;
    return entries;
  }
};

}  // namespace dxcheck

#endif  // DXCHECK_EVAL_HEAD_CACHE_H_
