// DSSE envelopes (Dead Simple Signing Envelope, v1): the signature is over
// PAE(payloadType, payload) of the raw payload bytes, never over a
// re-serialisation. Parsing is strict: exactly the envelope's keys, no
// duplicates, no trailing data, base64 in either alphabet.
#ifndef DXCHECK_ATTEST_DSSE_H_
#define DXCHECK_ATTEST_DSSE_H_

#include <string>
#include <string_view>
#include <vector>

#include "checker/base/diagnostic.h"
#include "checker/base/status.h"

namespace dxcheck {

constexpr const char kInTotoPayloadType[] = "application/vnd.in-toto+json";

// "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in ASCII decimal.
std::string Pae(std::string_view payload_type, std::string_view payload);

struct DsseSignature {
  std::string keyid;  // may be empty (DSSE makes it optional)
  std::string sig;    // decoded bytes
};

struct DsseEnvelope {
  std::string payload_type;
  std::string payload;  // decoded bytes
  std::vector<DsseSignature> signatures;
  // Optional, outside the signed bytes: the signer's X.509 chain (DER, leaf
  // first), as "x509CertificateChain": [base64 DER, ...]. It is trusted only
  // through `verify --ca`, never by itself.
  std::vector<std::string> cert_chain;
  // Reserved: "signingTimeEvidence" (an object, outside the signed bytes) will
  // carry a trusted timestamp or a transparency-log inclusion proof of when
  // the signature was made. Nothing writes it yet; ParseEnvelope refuses it
  // (E1403) so that no verification silently rests on evidence it ignored.
};

// Pretty-printed JSON with standard base64, ending in a newline.
std::string SerializeEnvelope(const DsseEnvelope& e);

// Strict parse. Every problem goes to `sink`; InvalidInput when any.
Result<DsseEnvelope> ParseEnvelope(const std::string& bytes, const std::string& file,
                                   DiagnosticSink* sink);

}  // namespace dxcheck

#endif  // DXCHECK_ATTEST_DSSE_H_
