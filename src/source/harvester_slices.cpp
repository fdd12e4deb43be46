#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <optional>

#include "common/paris_time.hpp"
#include "source/harvester.hpp"
#include "source/source_error.hpp"

// Paging: each slice the planner hands out is read page by page (split when it holds more than the
// cap), its offers compared with the known ones, and failed slices retried a bounded number of
// times; after a complete sweep, the known offers it did not see are confirmed gone.
namespace jobstream::source {
namespace {

/// Watches the creation dates of a window's answers, in the order they came: a walk may go on from
/// the oldest one only when none was newer than the one before it, and none far outside the window
/// (its bounds are read as Paris time, up to 2 h behind the offers' UTC dates).
struct NewestFirst {
  Seconds min;
  Seconds max;
  std::optional<Seconds> oldest;
  bool kept = true;
  std::int64_t at_oldest = 0;  // offers read in the oldest second

  void see(Seconds created) {
    if (created < min - std::chrono::hours(2) || created > max || (oldest && created > *oldest)) kept = false;
    at_oldest = oldest && created == *oldest ? at_oldest + 1 : 1;
    oldest = oldest ? std::min(*oldest, created) : created;
  }
};

/// A walked window's rest must answer, first, an offer as new as the oldest the walk read: else the
/// API read the rest's bound earlier than assumed, and the offers in between are read again.
void check_rest(SlicePlanner& planner, const Slice& rest, const std::vector<OfferItem>& first_items) {
  if (!rest.walked_to) return;
  std::optional<Seconds> newest;
  for (const auto& item : first_items) newest = newest ? std::max(*newest, item.created) : item.created;
  if (newest && *newest >= *rest.walked_to) return;
  spdlog::warn(
      "source: the rest {} of a walked window starts before {}, the walk's oldest offer: the API reads "
      "its bounds otherwise than as Paris time; the window above it is read again, split, and "
      "windows over the cap are split from now on",
      rest.query().describe(), format_api_time(*rest.walked_to));
  planner.mend(rest);
}

}  // namespace

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
  check_rest(planner, slice, first_page.page.items);
  // An over-cap window is read newest first up to the cap, when the API keeps that order.
  const bool walk = total > cap && planner.walkable(slice);
  const auto probed_total = total;
  NewestFirst order{slice.min, slice.max, std::nullopt, true, 0};
  for (auto& item : first_page.page.items) {
    order.see(item.created);
    take(item, epoch, report);
  }
  if (!walk && !planner.report(slice, total, first_page.page.facets)) return;  // split: children next

  for (std::int64_t from = page; from < std::min(total, cap); from += page) {
    const auto to = std::min<std::int64_t>(from + page, cap) - 1;
    auto next = _api->search(query, static_cast<int>(from), static_cast<int>(to));
    report.malformed += static_cast<std::int64_t>(next.page.malformed.size());
    for (auto& item : next.page.items) {
      order.see(item.created);
      take(item, epoch, report);
    }
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
  Slice harvested = slice;
  if (walk) {
    if (!order.kept || !order.oldest) {
      spdlog::warn(
          "source: the answers for {} are not newest first (sort=1) or leave its window; windows over "
          "the cap are split from now on",
          query.describe());
      planner.stop_walking();
    }
    // The rest's bound is the walk's oldest second as the API reads it (Paris time, contract §0).
    const auto rest_max = order.oldest ? common::utc_to_paris_wall_clock(*order.oldest) : slice.max;
    const bool burst = order.at_oldest >= page;
    if (!order.kept || !order.oldest ||
        !planner.walked(slice, probed_total, rest_max, *order.oldest, burst)) {
      planner.report(slice, probed_total, first_page.page.facets);  // what was read is kept; split it
      return;
    }
    harvested.min = *order.oldest;  // what a restart must read again if its offers are not all acknowledged
  }
  ++report.slices;
  if (is_sweep) {
    std::lock_guard lock(_mutex);
    const auto token = _next_slice_token++;
    _unreleased_slices.emplace(token, harvested);
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
        _settings.sweep_request_budget *
            static_cast<double>(requests_lower_bound(report.expected_total, _settings.page_size)) +
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
  report.walks = planner.walks();
  report.best_effort_slices = planner.best_effort_slices();
  for (const auto& [slice, total] : planner.best_effort()) {
    report.best_effort.emplace_back(slice.query().describe(), total);
    spdlog::warn(
        "source: best-effort slice {} holds {} offers, over the cap of {}: no filter splits it further, "
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
        if (e.kind() == SourceErrorKind::auth) throw;
        if (e.kind() == SourceErrorKind::cancelled) return;  // stopped: as the check above the request
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

}  // namespace jobstream::source
