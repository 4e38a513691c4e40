// Redaction of ledger URLs and of the messages about them (sql_store.h):
// RedactUrl for what is shown of a URL, UrlPassword for the secret a store
// scrubs, and Scrub for a database library's messages — every spelling of a
// password in a URI or a libpq key=value string, and a short password's
// letters left where they are not the password.
#include <doctest/doctest.h>

#include <string>

#include "checker/ledger/sql_store.h"

namespace dxcheck {
namespace {

TEST_CASE("RedactUrl hides every spelling of a password") {
  // URI userinfo, and a query parameter (a comma in it included).
  CHECK(RedactUrl("postgresql://u:s3cret@h/db") == "postgresql://u:***@h/db");
  CHECK(RedactUrl("postgresql://u:a,b,c@h/db") == "postgresql://u:***@h/db");
  CHECK(RedactUrl("postgresql://u@h/db?password=a,b&sslmode=require") ==
        "postgresql://u@h/db?password=***&sslmode=require");
  CHECK(RedactUrl("postgresql://u@h/db?Password=x") == "postgresql://u@h/db?Password=***");
  CHECK(RedactUrl("postgresql://u@h/db?sslpassword=k3y") == "postgresql://u@h/db?sslpassword=***");
  // libpq key=value strings: spaces around '=', any case, quoted, commas.
  CHECK(RedactUrl("host=h password = x dbname=d") == "host=h password = *** dbname=d");
  CHECK(RedactUrl("host=h password =x") == "host=h password =***");
  CHECK(RedactUrl("host=h Password=x PASSWORD=y") == "host=h Password=*** PASSWORD=***");
  CHECK(RedactUrl("host=h password='a b' dbname=d") == "host=h password=*** dbname=d");
  CHECK(RedactUrl(R"(host=h password='it\'s a b' dbname=d)") == "host=h password=*** dbname=d");
  CHECK(RedactUrl("host=h password=a,b,c dbname=d") == "host=h password=*** dbname=d");
  CHECK(RedactUrl("host=h password='unclosed") == "host=h password=***");
  CHECK(RedactUrl("host=h dbname=d") == "host=h dbname=d");
}

TEST_CASE("UrlPassword finds the secret however it is written") {
  CHECK(UrlPassword("postgresql://u:s3cret@h/db") == "s3cret");
  CHECK(UrlPassword("postgresql://u:a,b@h/db") == "a,b");
  CHECK(UrlPassword("postgresql://u@h/db?PASSWORD=a,b&x=1") == "a,b");
  CHECK(UrlPassword("host=h password = x") == "x");
  CHECK(UrlPassword("host=h password='a b'") == "a b");
  CHECK(UrlPassword(R"(host=h password='it\'s')") == "it's");
  CHECK(UrlPassword("postgresql://u@h/db") == "");
}

TEST_CASE("Scrub: a short password is redacted where it stands, the message kept whole") {
  // The old Scrub replaced every "a" of the message.
  std::string m = "postgresql://u:***@h/db: cannot connect to PostgreSQL: connection to server "
                  "at \"h\" failed: FATAL:  password authentication failed for user \"u\"";
  CHECK(Scrub(m, "a") == m);
  CHECK(Scrub(m, "u") == "postgresql://u:***@h/db: cannot connect to PostgreSQL: connection to "
                         "server at \"h\" failed: FATAL:  password authentication failed for "
                         "user \"***\"");  // a quoted value equal to the password: hidden
  // In key=value and userinfo positions, whatever its length.
  CHECK(Scrub("missing \"=\" after \"x\" in connection info string; password=ab host=h", "ab") ==
        "missing \"=\" after \"x\" in connection info string; password=*** host=h");
  CHECK(Scrub("bad URI postgresql://u:ab@h/db here", "ab") == "bad URI postgresql://u:***@h/db here");
  // A redacted URL in the message keeps what follows it.
  CHECK(Scrub("postgresql://u@h/db?password=***: PostgreSQL: boom", "x") ==
        "postgresql://u@h/db?password=***: PostgreSQL: boom");
  // A URI's userinfo is redacted within the URI only, not up to a later '@'.
  CHECK(Scrub("postgresql://u:***@h/db: FATAL: role \"a@b\" does not exist", "zz") ==
        "postgresql://u:***@h/db: FATAL: role \"a@b\" does not exist");
}

TEST_CASE("Scrub: a long password and its pieces go wherever they occur") {
  CHECK(Scrub("server said s3cretpw twice: s3cretpw", "s3cretpw") == "server said *** twice: ***");
  // Pieces split at ',' (a host list), ':' (a port), '/', '@': quoted by libpq when a password
  // cut its URI short; short ones in quotes, long ones anywhere.
  std::string pw = "pa:ss,longpiece/x@yy";
  std::string m = Scrub("invalid integer value \"ss\" for connection option \"port\"; could not "
                        "translate host name \"longpiece\" to address; user \"pa\"; \"x\" \"yy\"",
                        pw);
  CHECK(m == "invalid integer value \"***\" for connection option \"port\"; could not translate "
             "host name \"***\" to address; user \"***\"; \"***\" \"***\"");
  CHECK(Scrub("host longpiece unquoted", pw) == "host *** unquoted");
  // %-decoded, as libpq decodes a URI's password.
  CHECK(Scrub("echo p@ssword1", "p%40ssword1") == "echo ***");
  CHECK(Scrub("echo 'a b'", "a%20b") == "echo '***'");
}

}  // namespace
}  // namespace dxcheck
