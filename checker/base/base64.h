// Base64 for DSSE envelopes (RFC 4648).
//
// Output is the standard alphabet with padding. Input accepts the standard and
// the URL-safe alphabet (DSSE allows either), with or without padding, but
// nothing else: no whitespace, no mixed alphabets, no characters after padding.
// Different encodings of the same bytes decode to the same bytes; every check
// is then made on the decoded bytes.
#ifndef DXCHECK_BASE_BASE64_H_
#define DXCHECK_BASE_BASE64_H_

#include <optional>
#include <string>
#include <string_view>

namespace dxcheck {

std::string Base64Encode(std::string_view bytes);
// Base64Encode(bytes) appended to `*out`, without a temporary (an envelope's
// payload is most of its bytes).
void Base64Append(std::string_view bytes, std::string* out);

// The decoded bytes, or nullopt (with `*error` set when given) for anything
// that is not base64 in one of the two alphabets.
std::optional<std::string> Base64Decode(std::string_view text, std::string* error = nullptr);

}  // namespace dxcheck

#endif  // DXCHECK_BASE_BASE64_H_
