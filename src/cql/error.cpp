#include "cql/error.hpp"

#include "cql/wire.hpp"

namespace jobstream::cql {

const char* error_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::server_error: return "Server_error";
    case ErrorCode::protocol_error: return "Protocol_error";
    case ErrorCode::authentication_error: return "Authentication_error";
    case ErrorCode::unavailable: return "Unavailable";
    case ErrorCode::overloaded: return "Overloaded";
    case ErrorCode::is_bootstrapping: return "Is_bootstrapping";
    case ErrorCode::truncate_error: return "Truncate_error";
    case ErrorCode::write_timeout: return "Write_timeout";
    case ErrorCode::read_timeout: return "Read_timeout";
    case ErrorCode::read_failure: return "Read_failure";
    case ErrorCode::function_failure: return "Function_failure";
    case ErrorCode::write_failure: return "Write_failure";
    case ErrorCode::cdc_write_failure: return "CDC_write_failure";
    case ErrorCode::cas_write_unknown: return "CAS_write_unknown";
    case ErrorCode::syntax_error: return "Syntax_error";
    case ErrorCode::unauthorized: return "Unauthorized";
    case ErrorCode::invalid: return "Invalid";
    case ErrorCode::config_error: return "Config_error";
    case ErrorCode::already_exists: return "Already_exists";
    case ErrorCode::unprepared: return "Unprepared";
    case ErrorCode::client_timeout: return "Client_timeout";
    case ErrorCode::connection_lost: return "Connection_lost";
    case ErrorCode::connect_failed: return "Connect_failed";
    case ErrorCode::bad_response: return "Bad_response";
    case ErrorCode::bad_argument: return "Bad_argument";
    case ErrorCode::tls_failed: return "Tls_failed";
  }
  return "Unknown_error";
}

bool is_retryable(ErrorCode code) {
  switch (code) {
    // Transient server states: another attempt (after backoff) may succeed.
    case ErrorCode::unavailable:
    case ErrorCode::overloaded:
    case ErrorCode::is_bootstrapping:
    case ErrorCode::write_timeout:
    case ErrorCode::read_timeout:
    case ErrorCode::truncate_error:
    case ErrorCode::server_error:
    case ErrorCode::client_timeout:
    case ErrorCode::connection_lost:
    case ErrorCode::connect_failed:
    // Handled by re-preparing, then re-sending.
    case ErrorCode::unprepared:
      return true;
    default:
      return false;
  }
}

CqlError::CqlError(ErrorCode code, std::string message)
    : std::runtime_error(std::string(error_name(code)) + ": " + message), _code(code), _message(std::move(message)) {}

namespace {
const char* consistency_name(std::uint16_t c) {
  static const char* names[] = {"ANY", "ONE", "TWO", "THREE", "QUORUM", "ALL", "LOCAL_QUORUM",
                                "EACH_QUORUM", "SERIAL", "LOCAL_SERIAL", "LOCAL_ONE"};
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
        auto cl = r.u16(); auto req = r.i32(); auto alive = r.i32();
        msg += " [consistency " + std::string(consistency_name(cl)) + ", required " + std::to_string(req) +
               ", alive " + std::to_string(alive) + "]";
        break;
      }
      case ErrorCode::write_timeout: {
        auto cl = r.u16(); auto rec = r.i32(); auto bf = r.i32(); auto wt = r.string();
        msg += " [consistency " + std::string(consistency_name(cl)) + ", received " + std::to_string(rec) +
               ", blockfor " + std::to_string(bf) + ", write type " + wt + "]";
        break;
      }
      case ErrorCode::read_timeout: {
        auto cl = r.u16(); auto rec = r.i32(); auto bf = r.i32(); auto dp = r.u8();
        msg += " [consistency " + std::string(consistency_name(cl)) + ", received " + std::to_string(rec) +
               ", blockfor " + std::to_string(bf) + ", data present " + (dp ? "yes" : "no") + "]";
        break;
      }
      case ErrorCode::read_failure:
      case ErrorCode::write_failure: {
        auto cl = r.u16(); auto rec = r.i32(); auto bf = r.i32(); auto nf = r.i32();
        msg += " [consistency " + std::string(consistency_name(cl)) + ", received " + std::to_string(rec) +
               ", blockfor " + std::to_string(bf) + ", failures " + std::to_string(nf);
        if (code == ErrorCode::write_failure) msg += ", write type " + r.string();
        msg += "]";
        break;
      }
      case ErrorCode::function_failure: {
        auto ks = r.string(); auto fn = r.string(); auto args = r.string_list();
        msg += " [function " + ks + "." + fn + "]";
        break;
      }
      case ErrorCode::already_exists: {
        auto ks = r.string(); auto table = r.string();
        msg += " [" + ks + (table.empty() ? "" : "." + table) + "]";
        break;
      }
      case ErrorCode::unprepared: id = r.short_bytes(); break;
      default: break;
    }
  } catch (const DecodeError&) {
    msg += " [extra error fields truncated]";
  }
  CqlError e(code, msg);
  e.unprepared_id = std::move(id);
  return e;
}

}  // namespace jobstream::cql
