#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "emulator/offer_catalog.hpp"
#include "emulator/search_request.hpp"

namespace httplib {
class Server;
}

namespace jobstream::emulator {

/// Misbehaviour switched on at will, each a probability per API request (token calls excluded).
struct FaultRates {
  double too_many_requests = 0;  ///< 429 with `Retry-After: 1`
  double server_error = 0;       ///< 500 or 503, half each
  double truncated = 0;          ///< connection cut halfway through the body
  double invalid_json = 0;       ///< a complete 200/206 answer whose JSON is cut short
  double slow = 0;               ///< answer delayed by `slow_delay`
  std::chrono::milliseconds slow_delay{2000};
  /// Tokens stop working this long after they were issued, although `expires_in` promised more
  /// (0: they last their whole lifetime). Clients must renew on 401.
  std::chrono::seconds token_revoked_after{0};
};

struct EmulatorConfig {
  std::string host = "127.0.0.1";
  int port = 0;  ///< 0: any free port
  /// The only credentials the token endpoint accepts. Both must be set: the emulator has no default.
  std::string client_id;
  std::string client_secret;
  std::chrono::seconds token_lifetime{1499};  ///< `expires_in` (contract §1)
  double rate_limit = 10;  ///< requests per second per application (contract §2.3); 0 disables
  int rate_burst = 10;
  RangeLimits limits;
  FaultRates faults;
  std::uint64_t fault_seed = 1;
  int threads = 8;
};

/// Counters, for tests and the note on requests used.
struct EmulatorStats {
  std::int64_t token_requests = 0;
  std::int64_t search_requests = 0;
  std::int64_t offer_requests = 0;
  std::int64_t reference_requests = 0;
  std::map<int, std::int64_t> by_status;  ///< every API answer by HTTP status
  std::int64_t faults_injected = 0;
};

/// The France Travail "Offres d'emploi v2" API as the contract describes it, served on loopback
/// over an OfferCatalog: OAuth2 client credentials, search with `range` paging, the 3150-result
/// cap, 200/206/204/400/401/429 and their headers, offer by id, reference lists, rate limiting,
/// Paris-time date bounds, and fault injection. A test double: the client code never includes it.
///
/// Routes (as on the real hosts):
///   POST /connexion/oauth2/access_token?realm=/partenaire
///   GET  /partenaire/offresdemploi/v2/offres/search
///   GET  /partenaire/offresdemploi/v2/offres/{id}
///   GET  /partenaire/offresdemploi/v2/referentiel/{name}
///   GET  /_emulator/stats   (counters, no token needed)
///   GET  /_emulator/offers  (every open offer as JSON Lines, for checking a harvest's result)
///   GET  /_emulator/events  (the live mode's log of changes)
class ApiEmulator {
 public:
  /// Starts serving at once; throws std::runtime_error when the port cannot be bound.
  ApiEmulator(EmulatorConfig config, std::shared_ptr<OfferCatalog> catalog);
  ~ApiEmulator();
  ApiEmulator(const ApiEmulator&) = delete;
  ApiEmulator& operator=(const ApiEmulator&) = delete;

  int port() const { return _port; }
  /// The values for FT_TOKEN_URL and FT_API_URL.
  std::string token_url() const;
  std::string api_url() const;

  EmulatorStats stats() const;
  void set_faults(const FaultRates& faults);
  /// Extra JSON route for the live mode's event log (GET /_emulator/events).
  void set_event_log_provider(std::function<std::string()> provider);

  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> _impl;
  int _port = 0;
};

}  // namespace jobstream::emulator
