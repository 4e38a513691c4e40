#include "checker/data/jsonl_reader.h"

#include <optional>

#include "checker/base/diagnostic.h"
#include "checker/base/json_parser.h"

namespace dxcheck {
namespace {

// Keeps the first error's code and drops every message: a parser message
// quotes the text it failed on, and that text is data.
class CodeOnlySink : public DiagnosticSink {
 public:
  void Report(Diagnostic d) override {
    if (d.severity == Severity::kError && code_.empty()) code_ = d.code;
  }
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

}  // namespace

Status JsonlReader::Feed(std::string_view bytes) {
  if (!error_.ok()) return error_;
  while (!bytes.empty()) {
    size_t nl = bytes.find('\n');
    std::string_view piece = bytes.substr(0, nl);
    if (partial_.size() + piece.size() > kMaxJsonLineBytes) {
      error_ = Status::InvalidInput("line " + std::to_string(line_ + 1) + ": longer than " +
                                    std::to_string(kMaxJsonLineBytes >> 20) + " MiB");
      return error_;
    }
    if (nl == std::string_view::npos) {
      partial_.append(piece);
      break;
    }
    if (partial_.empty()) {
      error_ = Line(piece);  // the common case: no copy
    } else {
      partial_.append(piece);
      error_ = Line(partial_);
      partial_.clear();
    }
    if (!error_.ok()) return error_;
    bytes.remove_prefix(nl + 1);
  }
  return error_;
}

Status JsonlReader::Finish() {
  if (!error_.ok()) return error_;
  if (!partial_.empty()) error_ = Line(partial_);
  partial_.clear();
  if (error_.ok() && !columns_sent_) {
    columns_sent_ = true;  // an empty file: no columns at all
    error_ = visitor_->Columns({}, false);
  }
  return error_;
}

Status JsonlReader::Line(std::string_view line) {
  ++line_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find_first_not_of(" \t") == std::string_view::npos) return Status::Ok();  // blank
  CodeOnlySink sink;
  JsonParseOptions options;
  options.max_depth = 64;
  // A tree costs some 140 bytes a value: a 16 MiB line of 4 million zeros
  // took 570 MB, and at this bound the same line stops at 95 MB. 262,144
  // values is far more than any record holds.
  options.max_values = kMaxJsonLineValues;
  std::optional<JsonValue> obj = ParseJsonObject(line, "", options, "an object", &sink);
  if (!obj || !sink.code().empty()) {
    return Status::InvalidInput("line " + std::to_string(line_) + ": not one valid JSON object (" +
                                (sink.code().empty() ? "unreadable" : sink.code()) + ")");
  }
  size_t known = names_.size();
  for (const JsonValue& member : obj->items) {
    if (index_.count(member.key)) continue;
    if (names_.size() >= kMaxColumns) {
      return Status::InvalidInput("more than " + std::to_string(kMaxColumns) + " keys");
    }
    index_.emplace(member.key, names_.size());
    names_.push_back(member.key);
  }
  if (!columns_sent_ || names_.size() != known) {
    // The first line's keys, or a later line that adds keys: the visitor
    // gets the whole list again (its first `known` names are unchanged).
    columns_sent_ = true;
    Status s = visitor_->Columns(names_, false);
    if (!s.ok()) return s;
  }
  if (HasNul(*obj)) {
    return Status::InvalidInput("line " + std::to_string(line_) +
                                ": a string holds a NUL character (\\u0000), which would split a "
                                "value so that no content detector sees it whole");
  }
  size_t key = visitor_->KeyColumn();
  for (const JsonValue& member : obj->items) {
    size_t column = index_[member.key];
    if (member.is_array() || member.is_object()) {
      if (column == key) {
        return Status::InvalidInput(
            "line " + std::to_string(line_) + ": the counting key \"" + member.key + "\" holds " +
            (member.is_array() ? "an array" : "an object") +
            ": a person's key must be a string or a number");
      }
      parts_.clear();
      NestedParts(member, &parts_);
      visitor_->CellParts(column, parts_);
      continue;
    }
    bool value = member.is_string() || member.is_number();
    visitor_->Cell(column, value ? std::string_view(member.text) : std::string_view());
  }
  visitor_->RowEnd();
  ++records_;
  return Status::Ok();
}

void JsonlReader::NestedParts(const JsonValue& v, std::vector<std::string_view>* parts) {
  // Depth is bounded by the parser (max_depth), so recursion is too. A
  // nested object's keys are values too ({"110101…": {...}}, records keyed
  // by an ID number or a phone).
  for (const JsonValue& item : v.items) {
    if (v.is_object()) parts->push_back(item.key);
    if (item.is_string() || item.is_number()) {
      parts->push_back(item.text);
    } else if (item.is_array() || item.is_object()) {
      NestedParts(item, parts);
    }
  }
}

bool JsonlReader::HasNul(const JsonValue& v) {
  if (v.is_string() && v.text.find('\0') != std::string::npos) return true;
  if (v.key.find('\0') != std::string::npos) return true;
  for (const JsonValue& item : v.items) {
    if (HasNul(item)) return true;
  }
  return false;
}

}  // namespace dxcheck
