#include "checker/data/stat_reader.h"

#include <htslib/vcf.h>
#include <readstat.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace dxcheck {
namespace {

struct StatContext {
  TableVisitor* v;
  std::vector<std::string> names;
  bool sent = false;
  int row = -1;
  Status error;

  void Send() {
    if (sent) return;
    sent = true;
    error = v->Columns(names, false);
  }
};

int OnVariable(int index, readstat_variable_t* var, const char*, void* ctx) {
  auto* c = static_cast<StatContext*>(ctx);
  if (c->names.size() >= kMaxColumns) return READSTAT_HANDLER_ABORT;
  const char* name = readstat_variable_get_name(var);
  if (static_cast<size_t>(index) >= c->names.size()) c->names.resize(static_cast<size_t>(index) + 1);
  c->names[static_cast<size_t>(index)] = name ? name : "";
  return READSTAT_HANDLER_OK;
}

int OnValue(int obs, readstat_variable_t* var, readstat_value_t value, void* ctx) {
  auto* c = static_cast<StatContext*>(ctx);
  c->Send();
  if (!c->error.ok()) return READSTAT_HANDLER_ABORT;
  if (obs != c->row) {
    if (c->row >= 0) c->v->RowEnd();
    c->row = obs;
  }
  size_t col = static_cast<size_t>(readstat_variable_get_index(var));
  if (col >= c->names.size() || readstat_value_is_missing(value, var)) return READSTAT_HANDLER_OK;
  if (readstat_value_type(value) == READSTAT_TYPE_STRING) {
    const char* s = readstat_string_value(value);
    c->v->Cell(col, s ? s : "");
  } else {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", readstat_double_value(value));
    c->v->Cell(col, buf);
  }
  return READSTAT_HANDLER_OK;
}

}  // namespace

Status ReadStatFile(const std::string& format, const std::string& path, TableVisitor* v) {
  std::unique_ptr<readstat_parser_t, void (*)(readstat_parser_t*)> p(readstat_parser_init(),
                                                                      readstat_parser_free);
  if (!p) return Status::Internal("ReadStat could not be initialised");
  readstat_set_variable_handler(p.get(), OnVariable);
  readstat_set_value_handler(p.get(), OnValue);
  StatContext c{v, {}, false, -1, {}};
  readstat_error_t e;
  if (format == "xpt") {
    e = readstat_parse_xport(p.get(), path.c_str(), &c);
  } else if (format == "sas7bdat") {
    e = readstat_parse_sas7bdat(p.get(), path.c_str(), &c);
  } else if (format == "sav") {
    e = readstat_parse_sav(p.get(), path.c_str(), &c);
  } else {
    e = readstat_parse_dta(p.get(), path.c_str(), &c);
  }
  if (!c.error.ok()) return c.error;
  if (e != READSTAT_OK) {
    return Status::InvalidInput(std::string("ReadStat: ") + readstat_error_message(e) +
                                (c.row >= 0 ? " (after record " + std::to_string(c.row + 1) + ")"
                                            : ""));
  }
  c.Send();
  if (!c.error.ok()) return c.error;
  if (c.row >= 0) v->RowEnd();
  return Status::Ok();
}

Status ReadVcfFile(const std::string& path, TableVisitor* v, uint64_t* samples) {
  std::unique_ptr<htsFile, int (*)(htsFile*)> fp(hts_open(path.c_str(), "r"), hts_close);
  if (!fp) return Status::InvalidInput("htslib cannot open it as VCF or BCF");
  std::unique_ptr<bcf_hdr_t, void (*)(bcf_hdr_t*)> hdr(bcf_hdr_read(fp.get()), bcf_hdr_destroy);
  if (!hdr) return Status::InvalidInput("no valid VCF/BCF header");
  std::vector<std::string> columns;
  for (int i = 0; i < hdr->nhrec; ++i) {
    const bcf_hrec_t* h = hdr->hrec[i];
    if (h->type != BCF_HL_INFO && h->type != BCF_HL_FMT) continue;
    int k = bcf_hrec_find_key(const_cast<bcf_hrec_t*>(h), "ID");
    if (k >= 0 && columns.size() < kMaxColumns) columns.emplace_back(h->vals[k]);
  }
  Status s = v->Columns(columns, false);
  if (!s.ok()) return s;
  int n = bcf_hdr_nsamples(hdr.get());
  *samples = static_cast<uint64_t>(n);
  for (int i = 0; i < n; ++i) v->Person(hdr->samples[i]);
  std::unique_ptr<bcf1_t, void (*)(bcf1_t*)> rec(bcf_init(), bcf_destroy);
  uint64_t records = 0;
  while (true) {
    int r = bcf_read(fp.get(), hdr.get(), rec.get());
    if (r == -1) break;
    if (r < -1 || rec->errcode != 0) {
      return Status::InvalidInput("record " + std::to_string(records + 1) +
                                  ": malformed or truncated (htslib error " +
                                  std::to_string(rec->errcode) + ")");
    }
    ++records;
    v->RowEnd();
  }
  return Status::Ok();
}

}  // namespace dxcheck
