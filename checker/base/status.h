// Status and Result<T>: how every fallible call in dxcheck_core reports failure.
//
// The core library never throws, prints or exits. A call that can fail returns a
// Status (or a Result<T> carrying either a value or a Status); problems in user
// input that should all be reported in one run go to a DiagnosticSink instead
// (see diagnostic.h), and the call's Status then says only whether it succeeded.
#ifndef DXCHECK_BASE_STATUS_H_
#define DXCHECK_BASE_STATUS_H_

#include <optional>
#include <string>
#include <utility>

namespace dxcheck {

// Canonical codes, chosen so the CLI can map each to one sysexits exit code.
enum class StatusCode {
  kOk = 0,
  kInvalidInput,     // a manifest, list or argument is malformed (EX_DATAERR 65)
  kNotFound,         // an input file cannot be opened (EX_NOINPUT 66)
  kIoError,          // reading or writing failed midway (EX_IOERR 74)
  kPermission,       // a key or file permission problem (EX_NOPERM 77)
  kInternal,         // a bug or a resource limit inside dxcheck (EX_SOFTWARE 70)
};

class Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string m) { return {StatusCode::kInvalidInput, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status Permission(std::string m) { return {StatusCode::kPermission, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Either a T or a non-OK Status.
// REQUIRES: value() only when ok(); constructing from an OK Status is a bug and
// is turned into kInternal so it cannot pass silently.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    if (status_.ok()) status_ = Status::Internal("Result constructed from an OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }
  T& operator*() { return *value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace dxcheck

#endif  // DXCHECK_BASE_STATUS_H_
