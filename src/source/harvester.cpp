#include "source/harvester.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "source/source_error.hpp"
#include "source/source_metrics.hpp"
#include "source/stop_wait.hpp"
#include "source/sweep_sanity.hpp"

// The harvester's cycles: what a sweep and a poll ask for and conclude, and when each is due.
// Paging through slices is in harvester_slices.cpp, what is durable in harvester_acknowledgements.cpp.
namespace jobstream::source {

std::int64_t requests_lower_bound(std::int64_t total, int page_size) {
  return page_size <= 0 ? 0 : (total + page_size - 1) / page_size;
}

Slice poll_window(Seconds watermark, Seconds now, std::chrono::seconds overlap, std::chrono::seconds ahead) {
  return Slice{std::min(watermark, now) - overlap, std::max(watermark, now) + ahead, {}, false, {}, 0, 0};
}

std::uint64_t fingerprint(std::string_view raw) {
  std::uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : raw) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

Harvester::Harvester(SourceSettings settings, OfferSink& sink, HarvesterOptions options, std::stop_token stop)
    : _settings(std::move(settings)),
      _sink(sink),
      _options(options),
      _stop(std::move(stop)),
      _journal(_settings.state_file) {
  _settings.validate();
  auto tokens = std::make_shared<TokenProvider>(_settings);
  auto limiter = std::make_shared<RateLimiter>(_settings.requests_per_second, _settings.burst);
  _api = std::make_unique<ApiClient>(_settings, std::move(tokens), std::move(limiter), _stop);
  if (!_settings.state_file.empty()) _committed = _journal.load();
  // A state written before states named their source is adopted as it is.
  if (!_committed.source.empty() && _committed.source != _settings.owner()) {
    throw std::invalid_argument(fmt::format(
        "the source state {} holds the harvest of {}, not of {}: point JOBSTREAM_SOURCE_STATE_FILE at another "
        "file for this source (or delete that one to harvest from scratch)",
        _settings.state_file, _committed.source, _settings.owner()));
  }
  _committed.source = _settings.owner();
  _known = _committed.known;
  _watermark = _committed.watermark;
  _epoch = _committed.sweep_epoch;
  _sweep_position = _committed.sweep;
  if (!_known.empty() || _watermark) {
    spdlog::info("source: state {} loaded: {} known offers, watermark {}", _settings.state_file,
                 _known.size(), _watermark ? format_api_time(*_watermark) : std::string("none"));
  }
}

Harvester::~Harvester() = default;

PlannerConfig Harvester::planner_config() const {
  PlannerConfig c;
  c.cap = _settings.result_cap;
  c.overlap = std::chrono::duration_cast<std::chrono::seconds>(_settings.window_overlap);
  c.departements = _departements;
  c.rome_codes = _rome_codes;
  return c;
}

void Harvester::load_reference_lists() {
  if (!_departements.empty()) return;
  // Only needed when one second holds more than the cap; a failure here must not stop a sweep.
  try {
    for (const auto& e : _api->referentiel("departements")) _departements.push_back(e.code);
    for (const auto& e : _api->referentiel("metiers")) _rome_codes.push_back(e.code);
  } catch (const SourceError& e) {
    if (e.kind() == SourceErrorKind::auth) throw;
    // A stop during these requests is not an error: the sweep sees the stop and ends, incomplete.
    if (e.kind() == SourceErrorKind::cancelled) return;
    spdlog::warn("source: reference lists unavailable ({}); one-second windows over the cap will be capped",
                 e.what());
  }
}

HarvestReport Harvester::full_sweep() {
  HarvestReport report;
  _started = std::chrono::steady_clock::now();
  _progress.start();
  _requests_at_start = _api->stats().requests;
  load_reference_lists();
  bool resumed = false;
  {
    std::lock_guard lock(_mutex);
    resumed = _sweep_position && !_sweep_position->pending.empty();
    if (!resumed) {
      const auto now = api_now();
      const auto end = now + std::chrono::duration_cast<std::chrono::seconds>(_settings.sweep_end_ahead);
      _sweep_position = SweepProgress{
          ++_epoch, now, {Slice{*parse_api_time(_settings.sweep_start), end, {}, false, {}, 0, 0}}, 0};
    } else {
      _epoch = _sweep_position->epoch;
      spdlog::info("source: resuming sweep {} with {} slices left", _epoch, _sweep_position->pending.size());
    }
  }
  const auto epoch = _epoch;
  const auto started = _sweep_position->started;
  report.expected_total = _sweep_position->expected_total;
  SlicePlanner planner(planner_config(), _sweep_position->pending);
  _record_total = report.expected_total == 0;
  harvest(planner, epoch, report, true);
  {
    std::lock_guard lock(_mutex);
    if (_sweep_position) _sweep_position->expected_total = report.expected_total;
  }
  if (!report.complete && !_stop.stop_requested() && planner.pending().empty()) {
    // Every slice was tried and some were abandoned (logged): no withdrawals from this sweep,
    // and the next one waits for the usual interval instead of starting again at once.
    std::lock_guard lock(_mutex);
    _sweep_position.reset();
    _committed.last_sweep_started = started;
  }
  std::int64_t found_this_epoch = 0;
  if (report.complete) {
    // Sanity bounds: an API on a bad day must not withdraw the whole market.
    // Counted over the whole epoch: a sweep resumed after a restart found offers before it too.
    std::int64_t missing = 0;
    for (const auto& [id, k] : _known) missing += k.sweep_epoch != epoch ? 1 : 0;
    SweepTally tally;
    tally.found = static_cast<std::int64_t>(_known.size()) - missing;
    tally.known_before = static_cast<std::int64_t>(_known.size()) - report.created;
    tally.known_found = tally.known_before - missing;
    found_this_epoch = tally.found;
    {
      std::lock_guard lock(_mutex);
      tally.last_complete_total = _committed.last_complete_total;
    }
    if (const auto why = suspect_sweep(tally, _settings.sweep_max_drop)) {
      report.complete = false;
      report.suspect = true;
      spdlog::error("source: sweep {} is SUSPECT: {}. Nothing is withdrawn; the next sweep tries again "
                    "(JOBSTREAM_SWEEP_MAX_DROP={})",
                    epoch, *why, _settings.sweep_max_drop);
      std::lock_guard lock(_mutex);
      _sweep_position.reset();
      _committed.last_sweep_started = started;
    }
  }
  if (report.complete) {
    detect_withdrawals(epoch, report);
    std::lock_guard lock(_mutex);
    _committed.last_complete_total = found_this_epoch;
    _sweep_position.reset();
    _committed.last_sweep_started = started;
    _watermark = std::max(_watermark.value_or(Seconds{}), started);
    _ledger.acknowledge(_ledger.append(LedgerEntry{0, "", std::nullopt, started, std::nullopt, false}));
    release_locked();
  }
  report.requests = _api->stats().requests - _requests_at_start;
  report.lower_bound_requests = requests_lower_bound(report.expected_total, _settings.page_size);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - _started).count();
  checkpoint();
  source_metrics().cycle(HarvestCycle::sweep, report);
  spdlog::info(
      "source: sweep {} {}: {} offers of {} announced ({} new, {} updated, {} withdrawn, {} malformed), "
      "{} slices ({} walks, {} splits), {} requests (lower bound {}), {:.1f}s",
      epoch, report.complete ? "complete" : "INCOMPLETE", report.distinct_offers, report.expected_total,
      report.created, report.updated, report.withdrawn, report.malformed, report.slices, report.walks,
      report.splits, report.requests, report.lower_bound_requests, report.seconds);
  // The whole window's total is the API's own count: finding fewer distinct offers than that
  // (beyond what the changes during the sweep explain) points at offers the slicing cannot reach.
  if (report.complete && !resumed && report.distinct_offers < report.expected_total) {
    spdlog::warn("source: sweep {} found {} offers fewer than the API announced at its start ({} best-effort "
                 "slices over the cap)",
                 epoch, report.expected_total - report.distinct_offers, report.best_effort_slices);
  }
  return report;
}

HarvestReport Harvester::poll_once() {
  if (!_watermark) {
    std::unique_lock lock(_mutex);
    // After a sweep that abandoned some slices, poll from its start; with no sweep, sweep.
    if (!_committed.last_sweep_started) {
      lock.unlock();
      return full_sweep();
    }
    _watermark = _committed.last_sweep_started;
  }
  HarvestReport report;
  _started = std::chrono::steady_clock::now();
  _progress.start();
  _requests_at_start = _api->stats().requests;
  const auto now = api_now();
  // The overlap covers the API reading bounds as Paris time (up to 2 h behind UTC), offers that
  // become visible some time after their creation, and bound inclusivity; duplicates are dropped.
  const auto window =
      poll_window(*_watermark, now, std::chrono::duration_cast<std::chrono::seconds>(_settings.poll_overlap),
                  std::chrono::duration_cast<std::chrono::seconds>(_settings.sweep_end_ahead));
  const auto from = window.min;
  const auto to = window.max;
  SlicePlanner planner(planner_config(), {window});
  _record_total = true;
  harvest(planner, 0, report, false);
  if (report.complete) {
    _watermark = now;
    std::lock_guard lock(_mutex);
    _ledger.acknowledge(_ledger.append(LedgerEntry{0, "", std::nullopt, now, std::nullopt, false}));
    release_locked();
  }
  report.requests = _api->stats().requests - _requests_at_start;
  report.lower_bound_requests = requests_lower_bound(report.expected_total, _settings.page_size);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - _started).count();
  source_metrics().cycle(HarvestCycle::poll, report);
  spdlog::info("source: poll {}..{} {}: {} offers ({} new, {} updated), {} requests", format_api_time(from),
               format_api_time(to), report.complete ? "complete" : "INCOMPLETE", report.distinct_offers,
               report.created, report.updated, report.requests);
  return report;
}

void Harvester::run() {
  using Clock = std::chrono::steady_clock;
  const auto sweep_due = [&] {
    std::lock_guard lock(_mutex);
    if ((_sweep_position && !_sweep_position->pending.empty()) || !_committed.last_sweep_started) return true;
    return api_now() - *_committed.last_sweep_started >=
           std::chrono::duration_cast<std::chrono::seconds>(_settings.full_sweep_interval);
  };
  while (!_stop.stop_requested()) {
    const auto cycle_start = Clock::now();
    if (sweep_due()) full_sweep();
    else poll_once();
    checkpoint();
    if (!wait_until_or_stopped(cycle_start + _settings.poll_interval, _stop)) break;
  }
  checkpoint();
}

void Harvester::draw_progress(const HarvestReport& report, const SlicePlanner& planner, bool final_line) {
  _progress.draw({report.slices, planner.pending().size(), report.distinct_offers, report.expected_total,
                  _api->stats().requests - _requests_at_start},
                 final_line);
}

}  // namespace jobstream::source
