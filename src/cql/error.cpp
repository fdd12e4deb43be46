#include "cql/error.hpp"

#include "cql/wire.hpp"

namespace jobstream::cql {

const char* error_name(ErrorCode code) {
  switch (code) {
#define JOBSTREAM_CQL_NAME(name, code, text, rule) \
  case ErrorCode::name:                            \
    return text;
    JOBSTREAM_CQL_ERRORS(JOBSTREAM_CQL_NAME)
#undef JOBSTREAM_CQL_NAME
  }
  return "Unknown_error";
}

RetryRule retry_rule(ErrorCode code) {
  switch (code) {
#define JOBSTREAM_CQL_RULE(name, code, text, rule) \
  case ErrorCode::name:                            \
    return RetryRule::rule;
    JOBSTREAM_CQL_ERRORS(JOBSTREAM_CQL_RULE)
#undef JOBSTREAM_CQL_RULE
  }
  return RetryRule::never;
}

bool is_retryable(ErrorCode code) { return retry_rule(code) != RetryRule::never; }

CqlError::CqlError(ErrorCode code, std::string message)
    : std::runtime_error(std::string(error_name(code)) + ": " + message),
      _code(code),
      _message(std::move(message)) {}

namespace {
const char* consistency_name(std::uint16_t c) {
  static const char* names[] = {"ANY",          "ONE",         "TWO",    "THREE",        "QUORUM",   "ALL",
                                "LOCAL_QUORUM", "EACH_QUORUM", "SERIAL", "LOCAL_SERIAL", "LOCAL_ONE"};
  return c < 11 ? names[c] : "?";
}
}  // namespace

CqlError decode_error_body(std::span<const std::uint8_t> body) {
  Reader r(body);
  auto code = static_cast<ErrorCode>(r.i32());
  std::string msg = r.string();
  // Extra fields are folded into the message so that logs carry them; a truncated
  // extra section keeps the code and message rather than failing the whole decode.
  std::vector<std::uint8_t> id;
  try {
    switch (code) {
      case ErrorCode::unavailable: {
        auto cl = r.u16();
        auto req = r.i32();
        auto alive = r.i32();
        msg += " [consistency " + std::string(consistency_name(cl)) + ", required " + std::to_string(req) +
               ", alive " + std::to_string(alive) + "]";
        break;
      }
      case ErrorCode::write_timeout: {
        auto cl = r.u16();
        auto rec = r.i32();
        auto bf = r.i32();
        auto wt = r.string();
        msg += " [consistency " + std::string(consistency_name(cl)) + ", received " + std::to_string(rec) +
               ", blockfor " + std::to_string(bf) + ", write type " + wt + "]";
        break;
      }
      case ErrorCode::read_timeout: {
        auto cl = r.u16();
        auto rec = r.i32();
        auto bf = r.i32();
        auto dp = r.u8();
        msg += " [consistency " + std::string(consistency_name(cl)) + ", received " + std::to_string(rec) +
               ", blockfor " + std::to_string(bf) + ", data present " + (dp ? "yes" : "no") + "]";
        break;
      }
      case ErrorCode::read_failure:
      case ErrorCode::write_failure: {
        auto cl = r.u16();
        auto rec = r.i32();
        auto bf = r.i32();
        auto nf = r.i32();
        msg += " [consistency " + std::string(consistency_name(cl)) + ", received " + std::to_string(rec) +
               ", blockfor " + std::to_string(bf) + ", failures " + std::to_string(nf);
        if (code == ErrorCode::write_failure) msg += ", write type " + r.string();
        msg += "]";
        break;
      }
      case ErrorCode::function_failure: {
        auto ks = r.string();
        auto fn = r.string();
        auto args = r.string_list();
        msg += " [function " + ks + "." + fn + "]";
        break;
      }
      case ErrorCode::already_exists: {
        auto ks = r.string();
        auto table = r.string();
        msg += " [" + ks + (table.empty() ? "" : "." + table) + "]";
        break;
      }
      case ErrorCode::unprepared:
        id = r.short_bytes();
        break;
      default:
        break;
    }
  } catch (const DecodeError&) {
    msg += " [extra error fields truncated]";
  }
  CqlError e(code, msg);
  e.unprepared_id = std::move(id);
  return e;
}

}  // namespace jobstream::cql
