#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace jobstream::emulator {

/// Random faults injected into answers of the search and offer-by-id endpoints. Each rate is a
/// probability in [0, 1] drawn per request from a generator seeded by EmulatorConfig::seed.
struct FaultConfig {
  double rate_429 = 0;           ///< 429 with Retry-After, even under the quota
  double rate_500 = 0;           ///< 500 with an error body
  double rate_503 = 0;           ///< 503 with an error body
  double rate_truncated = 0;     ///< the body cut in the middle (status and headers intact)
  double rate_invalid_json = 0;  ///< a body that is not JSON
  double rate_slow = 0;          ///< the answer delayed by slow_delay
  std::chrono::milliseconds slow_delay{2000};
  /// Lifetime of issued tokens (the real API announces 1499 s); a short one invalidates early.
  std::chrono::seconds token_ttl{1499};
};

/// Background changes to the corpus, per second of wall time (0 = off).
struct LiveConfig {
  double creations_per_sec = 0;
  double updates_per_sec = 0;      ///< bumps dateActualisation and changes fields
  double withdrawals_per_sec = 0;  ///< the offer leaves search results and GET /offres/{id}
};

struct EmulatorConfig {
  std::uint64_t seed = 1;
  std::size_t offers = 5000;
  int result_cap = 3150;  ///< results reachable per query: first <= cap - 150, last <= cap - 1
  int max_page = 150;     ///< items per range
  std::string client_id = "jobstream-emulator";
  std::string client_secret = "emulator-secret";
  double requests_per_second = 10;  ///< the documented quota; above it: 429 + Retry-After
  /// The real API reads min/maxCreationDate as Europe/Paris local time despite the `Z` (field
  /// report, contract section 0); on by default so clients are tested against that quirk.
  bool paris_time_windows = true;
  FaultConfig faults;
  LiveConfig live;
};

/// A change made by live mode.
struct OfferEvent {
  enum class Kind { created, updated, withdrawn };
  Kind kind = Kind::created;
  std::string id;
  std::chrono::system_clock::time_point time;
};

/// Counters, for tests that check what the client did.
struct EmulatorStats {
  std::map<std::string, std::uint64_t> requests_per_endpoint;  ///< "token", "search", "offer", "referentiel"
  std::map<int, std::uint64_t> responses_per_status;
  std::uint64_t tokens_issued = 0;
  std::map<std::string, std::uint64_t> faults_injected;  ///< "429", "500", "503", "truncated", ...
};

/// An in-process HTTP server faithful to ../shared/francetravail-api.md, over a deterministic
/// generated corpus. Usable from tests and from `jobstream emulate-api`.
class ApiEmulator {
 public:
  explicit ApiEmulator(EmulatorConfig config);
  ~ApiEmulator();  ///< stops
  ApiEmulator(const ApiEmulator&) = delete;
  ApiEmulator& operator=(const ApiEmulator&) = delete;

  /// Listens on host:port (0 = any free port); returns once the server accepts connections.
  void start(const std::string& host = "127.0.0.1", int port = 0);
  void stop();
  int port() const;
  /// http://127.0.0.1:P/connexion/oauth2/access_token?realm=%2Fpartenaire
  std::string token_url() const;
  /// http://127.0.0.1:P/partenaire/offresdemploi/v2
  std::string api_url() const;

  // Test oracle (thread-safe snapshots).
  std::vector<std::string> open_offer_ids() const;
  /// The exact JSON text served for this offer now; nullopt when unknown or withdrawn.
  std::optional<std::string> offer_json(const std::string& id) const;
  std::vector<OfferEvent> events() const;
  EmulatorStats stats() const;

 private:
  struct State;
  std::unique_ptr<State> _state;
};

}  // namespace jobstream::emulator
