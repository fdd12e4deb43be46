#include "source/harvester.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "source/source_error.hpp"
#include "source/source_metrics.hpp"
#include "source/stop_wait.hpp"
#include "source/sweep_sanity.hpp"

namespace jobstream::source {
namespace {

Seconds utc_now() { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return b <= 0 ? 0 : (a + b - 1) / b; }

}  // namespace

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
    if (e.kind() == SourceErrorKind::auth || e.kind() == SourceErrorKind::cancelled) throw;
    spdlog::warn("source: reference lists unavailable ({}); one-second windows over the cap will be capped",
                 e.what());
  }
}

void Harvester::acknowledge(std::uint64_t seq) {
  std::lock_guard lock(_mutex);
  if (_ledger.acknowledge(seq)) release_locked();
}

void Harvester::release_locked() {
  while (auto entry = _ledger.pop_released()) {
    if (!entry->id.empty()) {
      if (entry->offer)
        _committed.known[entry->id] = *entry->offer;
      else
        _committed.known.erase(entry->id);
    }
    if (entry->watermark) {
      _committed.watermark = std::max(_committed.watermark.value_or(Seconds{}), *entry->watermark);
      source_metrics().watermark(_committed.watermark);
    }
    if (entry->slice_token) _unreleased_slices.erase(*entry->slice_token);
  }
}

std::size_t Harvester::unacknowledged() const {
  std::lock_guard lock(_mutex);
  // Markers are acknowledged at once; what stays pending waits on a real event.
  return _ledger.pending();
}

std::optional<Seconds> Harvester::committed_watermark() const {
  std::lock_guard lock(_mutex);
  return _committed.watermark;
}

void Harvester::checkpoint() {
  if (_settings.state_file.empty()) return;
  StateJournal::Batch batch;
  {
    std::lock_guard lock(_mutex);
    _committed.sweep_epoch = _epoch;
    _committed.sweep = _sweep_position;
    if (!_unreleased_slices.empty()) {
      // Harvested slices whose events are not all durable are harvested again after a restart.
      if (!_committed.sweep) _committed.sweep = SweepProgress{_epoch, utc_now(), {}, 0};
      for (const auto& [token, s] : _unreleased_slices) _committed.sweep->pending.push_back(s);
    }
    batch = _journal.prepare(_committed);
  }
  _journal.write(batch);
  _last_checkpoint = std::chrono::steady_clock::now();
}

void Harvester::mark_committed(const std::string& id, std::uint64_t fp, std::uint32_t epoch) {
  std::lock_guard lock(_mutex);
  const auto it = _committed.known.find(id);
  if (it != _committed.known.end() && it->second.fingerprint == fp) {
    it->second.sweep_epoch = std::max(it->second.sweep_epoch, epoch);
    it->second.misses = 0;
  }
}

void Harvester::note_miss(const std::string& id, std::uint32_t misses) {
  std::lock_guard lock(_mutex);
  const auto it = _committed.known.find(id);
  if (it != _committed.known.end()) it->second.misses = misses;
}

void Harvester::emit_seen(OfferItem& item, SeenKind kind, const KnownOffer& state) {
  std::uint64_t seq = 0;
  {
    std::lock_guard lock(_mutex);
    seq = _ledger.append(LedgerEntry{0, item.id, state, std::nullopt, std::nullopt, false});
  }
  OfferSeen event{seq,
                  kind,
                  std::move(item.id),
                  std::move(item.raw_json),
                  std::move(item.date_creation),
                  std::move(item.date_actualisation)};
  _sink.on_offer(event);
  if (_options.auto_ack) acknowledge(seq);
}

void Harvester::emit_withdrawn(const std::string& id) {
  std::uint64_t seq = 0;
  {
    std::lock_guard lock(_mutex);
    seq = _ledger.append(LedgerEntry{0, id, std::nullopt, std::nullopt, std::nullopt, false});
  }
  _sink.on_withdrawn(OfferWithdrawn{seq, id, utc_now()});
  if (_options.auto_ack) acknowledge(seq);
}

void Harvester::take(OfferItem& item, std::uint32_t epoch, HarvestReport& report) {
  const auto fp = fingerprint(item.raw_json);
  auto [it, inserted] = _known.try_emplace(item.id);
  KnownOffer& k = it->second;
  const bool first_this_run = inserted || (epoch != 0 && k.sweep_epoch != epoch);
  if (first_this_run) ++report.distinct_offers;
  if (inserted || k.fingerprint != fp) {
    k.fingerprint = fp;
    k.misses = 0;
    if (epoch != 0) k.sweep_epoch = epoch;
    (inserted ? report.created : report.updated)++;
    emit_seen(item, inserted ? SeenKind::created : SeenKind::updated, k);
    return;
  }
  ++report.duplicates;
  if (epoch != 0 && k.sweep_epoch != epoch) {
    k.sweep_epoch = epoch;
    k.misses = 0;
    mark_committed(item.id, fp, epoch);
  }
}

void Harvester::harvest_slice(SlicePlanner& planner, const Slice& slice, std::uint32_t epoch,
                              HarvestReport& report, bool is_sweep) {
  const auto query = slice.query();
  const int page = _settings.page_size;
  const std::int64_t cap = _settings.result_cap;
  auto first_page = _api->search(query, 0, page - 1);
  report.malformed += static_cast<std::int64_t>(first_page.page.malformed.size());
  const auto got = static_cast<std::int64_t>(first_page.page.items.size() + first_page.page.malformed.size());
  // Without a Content-Range, a short page is the whole answer; a full one means "maybe more".
  std::int64_t total = first_page.total.value_or(got < page ? got : cap + 1);
  if (first_page.status == 204 && !first_page.total) total = 0;
  if (_record_total) {
    report.expected_total = total;  // the first probe of a fresh plan covers the whole window
    _record_total = false;
  }
  for (auto& item : first_page.page.items) take(item, epoch, report);
  if (!planner.report(slice, total, first_page.page.facets)) return;  // split: the children are probed next

  for (std::int64_t from = page; from < std::min(total, cap); from += page) {
    const auto to = std::min<std::int64_t>(from + page, cap) - 1;
    auto next = _api->search(query, static_cast<int>(from), static_cast<int>(to));
    report.malformed += static_cast<std::int64_t>(next.page.malformed.size());
    for (auto& item : next.page.items) take(item, epoch, report);
    if (next.total) {
      // The space moves while we read it: follow the newest total, split if it outgrew the cap.
      if (*next.total > cap && !slice.best_effort && total <= cap) {
        spdlog::debug("source: slice {} grew to {} while paging; splitting", query.describe(), *next.total);
        planner.report(slice, *next.total, next.page.facets);
        return;
      }
      total = *next.total;
    } else if (next.page.items.size() + next.page.malformed.size() <
               static_cast<std::size_t>(to - from + 1)) {
      break;
    }
    if (next.status == 204) break;
    if (_options.progress) draw_progress(report, planner, false);
  }
  ++report.slices;
  if (is_sweep) {
    std::lock_guard lock(_mutex);
    const auto token = _next_slice_token++;
    _unreleased_slices.emplace(token, slice);
    _ledger.acknowledge(_ledger.append(LedgerEntry{0, "", std::nullopt, std::nullopt, token, false}));
    release_locked();
  }
}

void Harvester::harvest(SlicePlanner& planner, std::uint32_t epoch, HarvestReport& report, bool is_sweep) {
  std::map<std::string, int> failures;  // by slice description: bounded re-tries of a slice
  while (auto slice = planner.next()) {
    if (_stop.stop_requested()) {
      planner.requeue(*slice);
      break;
    }
    if (is_sweep) {
      std::lock_guard lock(_mutex);
      if (_sweep_position) {
        _sweep_position->pending = planner.pending();
        _sweep_position->pending.insert(_sweep_position->pending.begin(), *slice);
      }
    }
    try {
      harvest_slice(planner, *slice, epoch, report, is_sweep);
    } catch (const SourceError& e) {
      if (e.kind() == SourceErrorKind::cancelled) {
        planner.requeue(*slice);
        break;
      }
      if (e.kind() == SourceErrorKind::auth || e.kind() == SourceErrorKind::config) throw;
      const auto key = slice->query().describe();
      if (e.retryable() && ++failures[key] <= 3) {
        spdlog::warn("source: slice {} failed ({}); it will be retried", key, e.what());
        planner.requeue(*slice);
      } else {
        ++report.failed_slices;
        planner.drop(*slice);
        spdlog::error("source: slice {} abandoned: {}", key, e.what());
      }
    }
    if (_options.progress) draw_progress(report, planner, false);
    if (planner.distrust()) {
      ++report.failed_slices;
      spdlog::error("source: {} INCOMPLETE: {}; nothing more is asked of it until the next {}",
                    is_sweep ? "sweep" : "poll", *planner.distrust(), is_sweep ? "sweep" : "poll");
      break;
    }
    // A budget per sweep: whatever the API answers, a sweep ends.
    const auto spent = _api->stats().requests - _requests_at_start;
    const auto budget = static_cast<std::int64_t>(
        _settings.sweep_request_budget * static_cast<double>(ceil_div(report.expected_total, _settings.page_size)) +
        1000);
    if (spent > budget) {
      ++report.failed_slices;
      spdlog::error("source: {} INCOMPLETE: {} requests spent, over its budget of {} for {} offers "
                    "(JOBSTREAM_SWEEP_REQUEST_BUDGET); given up until the next one",
                    is_sweep ? "sweep" : "poll", spent, budget, report.expected_total);
      planner.abandon();
      break;
    }
    if (is_sweep && std::chrono::steady_clock::now() - _last_checkpoint > std::chrono::seconds(30))
      checkpoint();
  }
  report.splits = planner.splits();
  report.best_effort_slices = planner.best_effort_slices();
  for (const auto& [slice, total] : planner.best_effort()) {
    report.best_effort.emplace_back(slice.query().describe(), total);
    spdlog::warn("source: best-effort slice {} holds {} offers, over the cap of {}: no filter splits it further, "
                 "the first {} were read",
                 slice.query().describe(), total, _settings.result_cap, _settings.result_cap);
  }
  report.complete = !_stop.stop_requested() && report.failed_slices == 0 && planner.pending().empty();
  if (_options.progress) draw_progress(report, planner, true);
}

void Harvester::detect_withdrawals(std::uint32_t epoch, HarvestReport& report) {
  std::vector<std::string> missing;
  for (const auto& [id, k] : _known) {
    if (k.sweep_epoch != epoch) missing.push_back(id);
  }
  if (missing.empty()) return;
  spdlog::info("source: {} known offers missing from sweep {}; confirming", missing.size(), epoch);
  const auto confirm = static_cast<std::size_t>(_settings.confirm_withdrawals_max);
  std::size_t index = 0;
  for (const auto& id : missing) {
    if (_stop.stop_requested()) return;
    const bool by_request = index++ < confirm;
    auto& k = _known.at(id);
    if (by_request) {
      try {
        if (auto item = _api->offer(id)) {
          // Still open: the search skipped it (pages shift while offers come and go).
          take(*item, epoch, report);
          continue;
        }
      } catch (const SourceError& e) {
        if (e.kind() == SourceErrorKind::auth || e.kind() == SourceErrorKind::cancelled) throw;
        spdlog::warn("source: could not confirm offer {} ({}); keeping it for now", id, e.what());
        note_miss(id, ++k.misses);
        continue;
      }
    } else if (++k.misses < 2) {
      note_miss(id, k.misses);
      continue;  // too many to confirm one by one: wait for a second complete sweep
    }
    _known.erase(id);
    ++report.withdrawn;
    emit_withdrawn(id);
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
      const auto now = utc_now();
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
  report.lower_bound_requests = ceil_div(report.expected_total, _settings.page_size);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - _started).count();
  checkpoint();
  source_metrics().cycle(HarvestCycle::sweep, report);
  spdlog::info(
      "source: sweep {} {}: {} offers of {} announced ({} new, {} updated, {} withdrawn, {} malformed), "
      "{} slices, {} requests (lower bound {}), {:.1f}s",
      epoch, report.complete ? "complete" : "INCOMPLETE", report.distinct_offers, report.expected_total,
      report.created, report.updated, report.withdrawn, report.malformed, report.slices, report.requests,
      report.lower_bound_requests, report.seconds);
  // The whole window's total is the API's own count: finding fewer distinct offers than that
  // (beyond what the changes during the sweep explain) points at offers the slicing cannot reach.
  if (report.complete && !resumed && report.distinct_offers < report.expected_total) {
    spdlog::warn(
        "source: sweep {} found {} offers fewer than the API announced at its start ({} best-effort "
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
  const auto now = utc_now();
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
  report.lower_bound_requests = ceil_div(report.expected_total, _settings.page_size);
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
    return utc_now() - *_committed.last_sweep_started >=
           std::chrono::duration_cast<std::chrono::seconds>(_settings.full_sweep_interval);
  };
  while (!_stop.stop_requested()) {
    const auto cycle_start = Clock::now();
    if (sweep_due())
      full_sweep();
    else
      poll_once();
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
