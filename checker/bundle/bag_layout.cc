#include "checker/bundle/bag_layout.h"

#include <algorithm>
#include <iterator>

#include "checker/attest/x509.h"
#include "checker/base/digest.h"
#include "checker/bundle/report_html.h"
#include "checker/filing/drafts.h"
#include "checker/filing/form_html.h"
#include "checker/rules/rule_set.h"
#include "checker/rules/verdict.h"

namespace dxcheck {
namespace {

// The tag files tagmanifest-sha256.txt lists (every tag file but itself).
const char* const kListedTagFiles[] = {"VERIFY.md", "bag-info.txt", "bagit.txt",
                                       "manifest-sha256.txt"};

// A bag-info.txt value on one line: a control character (a newline would
// start a new, forged tag) becomes a space.
std::string OneLine(const std::string& s) {
  std::string out = s;
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return out;
}

// "<sha256>  <path>\n" for every file of `files` selected, in path order.
std::string ChecksumLines(const std::map<std::string, BagFile>& files, bool payload) {
  std::string out;
  for (const auto& [path, f] : files) {
    bool is_payload = path.rfind("data/", 0) == 0;
    if (is_payload != payload) continue;
    if (!payload && std::find(std::begin(kListedTagFiles), std::end(kListedTagFiles), path) ==
                        std::end(kListedTagFiles)) {
      continue;
    }
    out += Sha256Hex(f.bytes) + "  " + path + "\n";
  }
  return out;
}

// The openssl command that checks the signature over $w/pae.bin, for `alg`.
std::string OpensslVerifyLine(KeyAlgorithm alg) {
  switch (alg) {
    case KeyAlgorithm::kEd25519:
      return "openssl pkeyutl -verify -pubin -inkey ../signer.pub -rawin -in \"$w/pae.bin\" -sigfile \"$w/sig.bin\"";
    case KeyAlgorithm::kP256:
      return "openssl dgst -sha256 -verify ../signer.pub -signature \"$w/sig.bin\" \"$w/pae.bin\"";
    case KeyAlgorithm::kSm2:
      return std::string("openssl pkeyutl -verify -pubin -inkey ../signer.pub -rawin -digest sm3 -pkeyopt distid:") +
             kDefaultSm2Id + " -in \"$w/pae.bin\" -sigfile \"$w/sig.bin\"";
  }
  return "";
}

// VERIFY.md. Section 2's sh block is run as written, line by line, by the
// bundle test (tests/e2e/bundle.py), with nothing on PATH but sh, coreutils,
// tar, gzip and openssl: it relies on the canonical envelope's layout
// (SerializeEnvelope: payloadType on line 2, payload on line 3, the one
// signature on line 5), which verification enforces byte for byte.
std::string VerifyMd(const std::string& root, const std::string& keyid, KeyAlgorithm alg,
                     const std::string& manifest_name, bool has_forms) {
  const std::string dir = root.substr(0, root.size() - 1);
  return "# How to verify this bundle / 如何验证本证据包\n\n"
         "This bag holds a transfer manifest, the signed dxcheck decision about it, the lists it was "
         "evaluated against and the signer's public key. Pin the signer's key from a source you trust "
         "(not from this bag). Signer key id (sha256 of DER SubjectPublicKeyInfo): `" + keyid + "`; "
         "signature algorithm: " + SignatureAlgorithmText(alg) + ".\n\n"
         "`bag-info.txt`'s Bagging-Date is the evaluation date recorded in the signed decision, not the "
         "day the bag was packed (nothing signed binds a packing date, so the bag does not record one).\n\n"
         "## 1. With dxbundle\n\n```sh\ndxbundle verify " + dir + ".tar.gz --key signer.pub   # or "
         "--trust DIR, --ca ROOTS\n```\n\n"
         "It checks the bag (every checksum, nothing missing or extra), the signature, the statement's "
         "subjects, that re-evaluating the bundled manifest against the bundled lists at the recorded "
         "date reproduces the decision, and that every file of the bag is bound to the signed decision "
         "(this file, bag-info.txt and report.html" +
         std::string(has_forms ? ", and the filing drafts under data/forms/," : "") +
         " are regenerated and compared byte for byte).\n\n"
         "## 2. With coreutils and openssl alone\n\n"
         "In a directory holding the bundle (" + dir + ".tar.gz, or .tar) and the signer's public key, "
         "saved as `signer.pub` from a source you trust, run these lines in a POSIX shell. They need "
         "tar, sha256sum, mktemp, head, tail, cut, base64, printf, wc, cat and openssl, nothing else.\n\n"
         "```sh\n"
         "tar xf " + dir + ".tar.gz\n"
         "cd " + dir + "\n"
         "sha256sum -c manifest-sha256.txt tagmanifest-sha256.txt\n"
         "w=$(mktemp -d)\n"
         "t=$(head -n 2 data/decision.dsse.json | tail -n 1 | cut -d '\"' -f 4)\n"
         "head -n 3 data/decision.dsse.json | tail -n 1 | cut -d '\"' -f 4 | base64 -d > \"$w/payload.json\"\n"
         "head -n 5 data/decision.dsse.json | tail -n 1 | cut -d '\"' -f 8 | base64 -d > \"$w/sig.bin\"\n"
         "printf 'DSSEv1 %d %s %d ' ${#t} \"$t\" $(wc -c < \"$w/payload.json\") > \"$w/pae.bin\"\n"
         "cat \"$w/payload.json\" >> \"$w/pae.bin\"\n" +
         OpensslVerifyLine(alg) + "\n"
         "cat \"$w/payload.json\"; echo\n"
         "for f in data/manifest/* data/rules/*.json; do h=$(sha256sum < \"$f\" | cut -c 1-64); "
         "case $(cat \"$w/payload.json\") in *\"\\\"sha256\\\":\\\"$h\\\"\"*) echo \"signed: $f\";; "
         "*) echo \"NOT SIGNED: $f\";; esac; done\n"
         "rm -r \"$w\"\n"
         "```\n\n"
         "Line by line: unpack and check the BagIt checksums; read the envelope's payload type, payload "
         "and signature (the bundled envelope is in canonical form, one value per line, which `dxbundle "
         "verify` enforces); build DSSE's PAE, `DSSEv1 <length of type> <type> <length of payload> "
         "<payload>`, with printf, wc -c and cat; check the signature with the signer's key (the "
         "openssl line prints `" +
         std::string(alg == KeyAlgorithm::kP256 ? "Verified OK" : "Signature Verified Successfully") +
         "`); print the signed statement (in-toto Statement v1; `jq . \"$w/payload.json\"` pretty-prints "
         "it where jq is installed); and look up the sha256 of the manifest (" + manifest_name +
         "), the code list and every list in it: each line must say `signed:`. The checksums are not a "
         "signature: only the files the signature covers this way (the envelope, the manifest, the lists "
         "and the code list) are attested; the other files are readable copies made from them.\n\n"
         "## 3. With another DSSE / in-toto verifier\n\n"
         "`data/decision.dsse.json` is a standard DSSE envelope (payloadType application/vnd.in-toto+json) "
         "carrying an in-toto Statement v1 (predicateType https://dxcheck.dev/attestation/decision/v1). "
         "Any DSSE verifier given the signer's public key checks it; sigstore's `@sigstore/verify` with a "
         "caller-supplied key is tested against dxcheck's envelopes in this project's CI. With cosign "
         "(untested: no test of this project runs cosign):\n\n"
         "```sh\ncosign verify-blob-attestation --key signer.pub --signature data/decision.dsse.json "
         "--type https://dxcheck.dev/attestation/decision/v1 --insecure-ignore-tlog data/manifest/" +
         manifest_name + "\n```\n";
}

}  // namespace

std::string SignatureAlgorithmText(KeyAlgorithm alg) {
  switch (alg) {
    case KeyAlgorithm::kEd25519:
      return "Ed25519";
    case KeyAlgorithm::kP256:
      return "ECDSA P-256 with SHA-256";
    case KeyAlgorithm::kSm2:
      return std::string("SM2 with SM3 (GB/T 32918; distinguishing ID ") + kDefaultSm2Id +
             " unless the signer chose another)";
  }
  return "";
}

std::string BagRootFor(const std::string& transfer_id) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string enc;
  for (char ch : transfer_id) {
    unsigned char c = static_cast<unsigned char>(ch);
    bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == '-';
    if (keep) {
      enc += ch;
    } else {
      enc += '%';
      enc += kHex[c >> 4];
      enc += kHex[c & 15];
    }
  }
  if (enc.size() > kMaxEncodedTransferId) {
    // Keep a readable head (never half a %XX) and name the whole id by digest:
    // '~' never occurs in an encoding, so these names differ from every
    // untruncated one.
    size_t keep = kTruncatedTransferIdHead;
    if (enc[keep - 1] == '%') keep -= 1;
    if (enc[keep - 2] == '%') keep -= 2;
    enc = enc.substr(0, keep) + "~" + Sha256Hex(transfer_id).substr(0, 32);
  }
  return "dxbundle-" + enc;
}

std::string BagitTxtProblem(const std::string& bytes) {
  if (bytes.rfind("\xEF\xBB\xBF", 0) == 0) {
    return "starts with a byte-order mark, which RFC 8493 forbids in the bag declaration";
  }
  // Lines end with LF, CR or CRLF (RFC 8493 allows each in text tag files).
  std::vector<std::string> lines;
  std::string line;
  bool open = false;
  for (size_t i = 0; i < bytes.size(); ++i) {
    char c = bytes[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
      lines.push_back(line);
      line.clear();
      open = false;
    } else {
      line += c;
      open = true;
    }
  }
  if (open) return "its last line has no line ending (LF, CR or CRLF)";
  static const char* const kWant[] = {"BagIt-Version: 1.0", "Tag-File-Character-Encoding: UTF-8"};
  for (size_t i = 0; i < lines.size() && i < 2; ++i) {
    if (lines[i] != kWant[i]) {
      return "line " + std::to_string(i + 1) + " is \"" + lines[i].substr(0, 80) + "\", not \"" +
             kWant[i] + "\"" +
             (i == 0 && lines[i].rfind("BagIt-Version: ", 0) == 0 ? " (dxbundle reads BagIt 1.0)"
                                                                  : "");
    }
  }
  if (lines.size() != 2) {
    return std::to_string(lines.size()) + " line(s); a bag declaration has exactly two (\"" +
           kWant[0] + "\", \"" + kWant[1] + "\")";
  }
  return "";
}

std::string BagNameProblem(const std::string& name) {
  if (name.empty() || name == "." || name == "..") return "not a file name";
  if (name.size() > 100) return "longer than 100 bytes (the tar format's limit for a name)";
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c == '/') return "a slash";
    if (c == '\\') return "a backslash";
    if (c == '%') return "a percent sign (BagIt would percent-encode it)";
    if (c < 0x20 || c == 0x7f) return "a control character";
    // U+0080..U+009F (C1 controls) are C2 80..C2 9F in UTF-8.
    if (c == 0xc2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) < 0xa0) {
      return "a control character";
    }
  }
  return "";
}

std::string CanonicalEnvelope(DsseEnvelope e, const std::string& keyid) {
  for (DsseSignature& s : e.signatures) s.keyid = keyid;
  return SerializeEnvelope(e);
}

Result<Bag> BuildBag(const BagSources& s) {
  const CheckedTransfer& t = *s.transfer;
  Bag bag;
  bag.root = BagRootFor(t.decision.transfer_id) + "/";
  auto put = [&](const std::string& path, std::string bytes, const std::string& binding) {
    return bag.files.emplace(path, BagFile{std::move(bytes), binding}).second;
  };
  if (std::string why = BagNameProblem(s.manifest_name); !why.empty()) {
    return Status::InvalidInput(
        "the manifest's name \"" + s.manifest_name +
        "\" (as the statement records it) cannot name a file of a bag: " + why);
  }
  put("data/manifest/" + s.manifest_name, s.manifest, "sha256 is the statement's manifest subject");
  put("data/decision.dsse.json", CanonicalEnvelope(s.envelope, s.signer_keyid),
      "the signed envelope, in canonical form");
  put(std::string("data/rules/") + kCategoryListFile, s.categories,
      "sha256 is the code list's in the signed decision");
  for (const auto& [id, bytes] : s.lists) {
    std::string path = "data/rules/" + id + ".json";
    if (!BagNameProblem(id + ".json").empty() ||
        !put(path, bytes, "sha256 is list " + id + "'s in the signed decision")) {
      return Status::InvalidInput(
          "list " + id + " cannot be bundled as " + path +
          ": the name is taken (by the code list or another list) or not portable");
    }
  }
  put("data/keys/signer.pub", s.signer_public_pem, "the trusted key that verified the signature");
  if (!s.envelope.cert_chain.empty()) {
    Result<std::string> pem = CertificatesToPem(s.envelope.cert_chain);
    if (!pem.ok()) {
      return Status::InvalidInput("the envelope's certificate chain: " + pem.status().message());
    }
    put("data/keys/chain.pem", *pem, "the envelope's certificate chain, as PEM");
  }
  put("data/report.html", RenderReportHtml(t, s.signer_keyid, SignatureAlgorithmText(s.signer_algorithm)),
      "regenerated from the signed decision and the manifest, byte for byte");
  if (s.forms && s.categories_list != nullptr) {
    // The drafts of the open obligations, as `dxcheck forms` writes them.
    for (const Form& f : BuildDrafts(t, *s.categories_list, /*all=*/false).forms) {
      const std::string stem = "data/forms/" + DraftFileStem(f);
      const char* binding = "a filing draft regenerated from the signed decision and the manifest, byte for byte";
      put(stem + ".json", FormToJson(f), binding);
      put(stem + ".html", RenderFormHtml(f), binding);
    }
  }
  size_t bytes = 0, count = 0;
  for (const auto& [path, f] : bag.files) bytes += f.bytes.size(), ++count;
  const char* regenerated = "regenerated from the signed decision, byte for byte";
  if (!BagitTxtProblem(s.bagit_txt).empty()) {
    return Status::InvalidInput("bagit.txt: " + BagitTxtProblem(s.bagit_txt));
  }
  put("bagit.txt", s.bagit_txt,
      s.bagit_txt == kBagitTxt ? "BagIt 1.0, byte for byte"
                               : "BagIt 1.0, byte for byte but for its line endings (RFC 8493 allows LF, CR or CRLF)");
  // Bagging-Date is the evaluation date and the agent the signed decision's
  // tool version: everything here follows from signed content, so a verifier
  // can rebuild the file and packing is deterministic. The wall-clock packing
  // date is not recorded: nothing signed binds it, so anyone could change it.
  // Bagging-Date-Source says so in the bag itself.
  const std::string at = t.decision.evaluated_at.ToString();
  put("bag-info.txt",
      "Source-Organization: " + OneLine(t.manifest.exporter.name) + "\n" +
          "External-Identifier: " + OneLine(t.decision.transfer_id) + "\n" +
          "Bagging-Date: " + at + "\n" +
          "Bagging-Date-Source: " + kBaggingDateSource + "\n" +
          "Evaluation-Date: " + at + "\n" +
          "Payload-Oxum: " + std::to_string(bytes) + "." + std::to_string(count) + "\n" +
          "Bag-Software-Agent: dxbundle " + OneLine(s.tool_version) + "\n" +
          "External-Description: cross-border data transfer decision, verdict " +
          VerdictName(t.decision.verdict) + "\n",
      "regenerated from the signed decision and the manifest, byte for byte");
  put("manifest-sha256.txt", ChecksumLines(bag.files, true),
      "the payload's sha256 sums, regenerated");
  bool has_forms = false;
  for (const auto& [path, f] : bag.files) has_forms = has_forms || path.rfind("data/forms/", 0) == 0;
  put("VERIFY.md", VerifyMd(bag.root, s.signer_keyid, s.signer_algorithm, s.manifest_name, has_forms),
      regenerated);
  put("tagmanifest-sha256.txt", ChecksumLines(bag.files, false),
      "the tag files' sha256 sums, regenerated");
  return bag;
}

}  // namespace dxcheck
