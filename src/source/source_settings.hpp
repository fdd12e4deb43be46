#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "common/settings_reader.hpp"

namespace jobstream::source {

/// Everything the France Travail client and the harvester need, read and validated in one place
/// (`from_environment` or `validate`). Formatting the struct never shows the secret.
struct SourceSettings {
  // --- API access (contract §1, §2) ---
  std::string client_id;         ///< FT_CLIENT_ID
  common::Secret client_secret;  ///< FT_CLIENT_SECRET
  /// FT_TOKEN_URL: full URL, query string (realm) included.
  std::string token_url =
      "https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=%2Fpartenaire";
  /// FT_API_URL: base up to and including `/partenaire/offresdemploi/v2`.
  std::string api_url = "https://api.francetravail.io/partenaire/offresdemploi/v2";
  std::string scope = "api_offresdemploiv2 o2dsoffre";  ///< FT_SCOPE

  // --- pacing and robustness ---
  double requests_per_second = 4.0;  ///< FT_RATE_LIMIT: sustained quota (contract: 10/s recent, 3/s older)
  int burst = 2;                     ///< FT_RATE_BURST: requests allowed back to back
  std::chrono::milliseconds request_timeout{std::chrono::seconds(30)};  ///< FT_REQUEST_TIMEOUT, one attempt
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};  ///< FT_CONNECT_TIMEOUT
  std::chrono::milliseconds call_deadline{
      std::chrono::minutes(5)};                 ///< FT_CALL_DEADLINE: all attempts of one call
  int max_attempts = 8;                         ///< FT_MAX_ATTEMPTS per call
  std::chrono::milliseconds backoff_base{500};  ///< FT_BACKOFF_BASE
  std::chrono::milliseconds backoff_max{std::chrono::seconds(30)};  ///< FT_BACKOFF_MAX
  std::chrono::milliseconds max_retry_after{
      std::chrono::seconds(120)};  ///< FT_MAX_RETRY_AFTER: clamp on Retry-After
  std::chrono::milliseconds token_refresh_margin{std::chrono::seconds(60)};  ///< FT_TOKEN_REFRESH_MARGIN
  /// FT_MAX_RESPONSE_BYTES: the most an answer may take once decoded (gzip included); a page of
  /// 150 offers is about 1 MB, so a bigger answer is refused rather than held in memory.
  std::int64_t max_response_bytes = std::int64_t{32} * 1024 * 1024;

  // --- harvesting (contract §2.1, §5) ---
  int page_size = 150;    ///< FT_PAGE_SIZE: items per `range` (API maximum 150)
  int result_cap = 3150;  ///< FT_RESULT_CAP: results reachable per query (`range` end ≤ 3149)
  std::string sweep_start = "2000-01-01T00:00:00Z";  ///< FT_SWEEP_START: oldest creation date swept
  /// FT_SWEEP_END_AHEAD: the newest window ends this far in the future, because the API reads
  /// date bounds as Paris local time (contract §0).
  std::chrono::milliseconds sweep_end_ahead{std::chrono::hours(24)};
  /// FT_WINDOW_OVERLAP: each window starts this much before its neighbour ends, so an offer at a
  /// bound is seen whatever the API's inclusivity and sub-second precision.
  std::chrono::milliseconds window_overlap{std::chrono::seconds(1)};
  /// JOBSTREAM_POLL_INTERVAL. One minute: a poll re-reads the 3 h overlap (about 45 requests at
  /// 40,000 new offers a day), so polling costs under 8% of the API's 10 requests/s, and an offer
  /// is stored at most about a minute after it appears (bench/source/freshness.sh, README).
  std::chrono::milliseconds poll_interval{std::chrono::minutes(1)};
  std::chrono::milliseconds poll_overlap{std::chrono::hours(3)};         ///< JOBSTREAM_POLL_OVERLAP
  std::chrono::milliseconds full_sweep_interval{std::chrono::hours(6)};  ///< JOBSTREAM_FULL_SWEEP_INTERVAL
  /// JOBSTREAM_CONFIRM_WITHDRAWALS_MAX: offers missing from a sweep are confirmed one by one
  /// with GET /offres/{id} up to this many; beyond, an offer must be missing from two sweeps.
  int confirm_withdrawals_max = 2000;
  /// JOBSTREAM_SWEEP_MAX_DROP: a sweep finding fewer offers than the last complete one by more than
  /// this share (or none of the known offers) is suspect: it withdraws nothing.
  double sweep_max_drop = 0.3;
  /// JOBSTREAM_SWEEP_REQUEST_BUDGET: a sweep stops, incomplete, after this many times the requests
  /// its announced total needs (ceil(total / page size)), plus 1,000.
  double sweep_request_budget = 4.0;
  std::string state_dir;   ///< JOBSTREAM_STATE_DIR: the harvest state and the refused offers (read_state_dir)
  std::string state_file;  ///< JOBSTREAM_SOURCE_STATE_FILE (default <JOBSTREAM_STATE_DIR>/source-state.json)
  bool state_file_given = false;  ///< JOBSTREAM_SOURCE_STATE_FILE was set rather than derived from state_dir
  /// The source the state file's harvest belongs to (empty: api_url). A state of another source is
  /// refused: its watermark and known offers would skip a backfill and withdraw offers that were
  /// never the new source's.
  std::string state_owner;

  /// Throws std::invalid_argument listing every problem (never a secret's value).
  void validate() const;
  /// True when both credentials are set.
  bool has_credentials() const { return !client_id.empty() && !client_secret.empty(); }
  /// state_owner, or api_url when it is empty.
  const std::string& owner() const { return state_owner.empty() ? api_url : state_owner; }

  /// Reads every FT_* / JOBSTREAM_* variable above, then validates.
  static SourceSettings from_environment(common::SettingsReader& env);
  /// The same, recording the problems in `env` without throwing: a command reads all it will use,
  /// then calls env.throw_if_invalid() once, before doing anything.
  static SourceSettings read(common::SettingsReader& env);
};

/// JOBSTREAM_STATE_DIR, or $XDG_STATE_HOME/jobstream, ~/.local/state/jobstream, .jobstream-state.
/// For a command that needs the state directory without the API's settings (produce --replay).
std::string read_state_dir(common::SettingsReader& env);

}  // namespace jobstream::source
