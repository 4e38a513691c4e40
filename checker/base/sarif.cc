#include "checker/base/sarif.h"

#include <cctype>

#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"

namespace dxcheck {

std::string PathToUriReference(const std::string& path) {
  static const char kHex[] = "0123456789ABCDEF";
  // An absolute path is a file URI; a relative one stays a relative reference
  // (SARIF resolves it against the directory the tool ran in).
  std::string out = !path.empty() && path[0] == '/' ? "file://" : "";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string DiagnosticsToSarif(const std::vector<Diagnostic>& diagnostics, const SarifTool& tool) {
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  w.SetIndent(' ', 2);
  auto str = [&](const std::string& s) {
    w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
  };
  auto key_str = [&](const char* k, const std::string& v) {
    w.Key(k);
    str(v);
  };

  w.StartObject();
  key_str("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  key_str("version", "2.1.0");
  w.Key("runs");
  w.StartArray();
  w.StartObject();
  w.Key("tool");
  w.StartObject();
  w.Key("driver");
  w.StartObject();
  key_str("name", tool.name);
  key_str("version", tool.version);
  if (!tool.information_uri.empty()) key_str("informationUri", tool.information_uri);
  w.EndObject();  // driver
  w.EndObject();  // tool
  key_str("columnKind", "unicodeCodePoints");
  w.Key("results");
  w.StartArray();
  for (const Diagnostic& d : diagnostics) {
    w.StartObject();
    key_str("ruleId", d.code);
    key_str("level", d.severity == Severity::kError ? "error" : "warning");
    w.Key("message");
    w.StartObject();
    key_str("text", d.message);
    w.EndObject();
    w.Key("locations");
    w.StartArray();
    w.StartObject();
    if (!d.file.empty()) {
      w.Key("physicalLocation");
      w.StartObject();
      w.Key("artifactLocation");
      w.StartObject();
      key_str("uri", PathToUriReference(d.file));
      w.EndObject();
      if (d.line > 0) {
        w.Key("region");
        w.StartObject();
        w.Key("startLine");
        w.Int(d.line);
        if (d.column > 0) {
          w.Key("startColumn");
          w.Int(d.column);
        }
        w.EndObject();
      }
      w.EndObject();
    }
    w.Key("logicalLocations");
    w.StartArray();
    w.StartObject();
    // The root pointer is "": SARIF wants a non-empty name, so it says "/" there.
    key_str("fullyQualifiedName", d.json_pointer.empty() ? "/" : d.json_pointer);
    key_str("kind", "element");
    w.EndObject();
    w.EndArray();
    w.EndObject();
    w.EndArray();  // locations
    w.EndObject();
  }
  w.EndArray();  // results
  w.EndObject();  // run
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

}  // namespace dxcheck
