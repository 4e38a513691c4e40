// ReadStatFile and ReadVcfFile: the formats read through Debian's libraries
// (spec/data.md "Formats").
//
// SAS transport (.xpt v5 and v8), .sas7bdat, SPSS .sav/.zsav and Stata .dta
// go through ReadStat: variables are the columns (matched to the schema
// case-insensitively by the caller), every value is a cell (numbers as
// %.15g). VCF, .vcf.gz and BCF go through htslib: the INFO and FORMAT ids of
// the header are the columns, the sample ids are persons, and every record is
// read so that a truncated or corrupt file is an error (its sample columns
// are not parsed: the persons are the header's sample ids). The file is read
// once for both the library and its size and SHA-256 (`digest`): ReadStat
// through I/O handlers that hash what it reads, htslib through a socket fed
// by a thread that hashes what it sends (and checks a BCF's declared lengths
// before htslib can allocate them: bcf_gate.h).
#ifndef DXCHECK_DATA_STAT_READER_H_
#define DXCHECK_DATA_STAT_READER_H_

#include <cstdint>
#include <string>

#include "checker/base/status.h"
#include "checker/data/table_reader.h"

namespace dxcheck {

// `format`: "xpt", "sas7bdat", "sav" or "dta". InvalidInput naming ReadStat's
// error when the file cannot be parsed.
// The whole file goes into `digest` whatever the parse's outcome (nullptr:
// no digest, and reading stops with the parse); NotFound
// when it cannot be opened, IoError when reading fails.
Status ReadStatFile(const std::string& format, const std::string& path, TableVisitor* v,
                    ByteDigest* digest);

// Sets `*samples` to the number of sample columns; `digest` as above.
Status ReadVcfFile(const std::string& path, TableVisitor* v, uint64_t* samples,
                   ByteDigest* digest);

}  // namespace dxcheck

#endif  // DXCHECK_DATA_STAT_READER_H_
