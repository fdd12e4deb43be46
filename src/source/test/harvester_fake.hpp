#pragma once
// What the harvester tests against the loopback fake share: a sink that records every event, a
// corpus of offers spread over 60 days, settings pointing at the fake, and the checks that every
// offer arrived exactly once. Apart so that each theme's tests stay in a file of its own.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "fake_api.hpp"
#include "source/harvester.hpp"

namespace jobstream::source::testing {

using namespace std::chrono_literals;

/// Records every event; acknowledges nothing itself. Read the vectors only once the harvester is
/// idle; withdrawn_ids() may be called while it runs.
class RecordingSink : public OfferSink {
 public:
  void on_offer(const OfferSeen& o) override {
    std::lock_guard lock(mutex);
    seen.push_back(o);
  }
  void on_withdrawn(const OfferWithdrawn& w) override {
    std::lock_guard lock(mutex);
    withdrawn.push_back(w);
  }
  std::set<std::string> withdrawn_ids() {
    std::lock_guard lock(mutex);
    std::set<std::string> ids;
    for (const auto& w : withdrawn) ids.insert(w.id);
    return ids;
  }
  std::mutex mutex;
  std::vector<OfferSeen> seen;
  std::vector<OfferWithdrawn> withdrawn;
};

inline std::string json_for(const std::string& id, Seconds created, int version) {
  return fmt::format(
      R"({{"id":"{}","intitule":"Offre n°{} – version {}","dateCreation":"{}","dateActualisation":"{}"}})",
      id, id, version, format_api_time(created), format_api_time(created + std::chrono::minutes(version)));
}

struct Corpus {
  std::map<std::string, FakeOffer> offers;
};

// Offers spread over 60 days, 1% sharing one creation second (a bulk import), some without département.
inline Corpus make_corpus(FakeApi& fake, int n, std::uint64_t seed) {
  Corpus c;
  std::mt19937_64 rng(seed);
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  for (int i = 0; i < n; ++i) {
    const auto id = fmt::format("{:03}T{:03}", i / 1000, i % 1000);
    const auto created = i % 100 == 0 ? now - std::chrono::hours(30)
                                      : now - std::chrono::seconds(rng() % (std::uint64_t{86400} * 60));
    const std::string dep = i % 17 == 0 ? "" : (i % 3 == 0 ? "2A" : "75");
    FakeOffer o{id, created, dep, json_for(id, created, 1)};
    fake.put(o);
    c.offers.emplace(id, std::move(o));
  }
  return c;
}

inline SourceSettings settings_for(const FakeApi& api, const std::filesystem::path& state) {
  SourceSettings s = fake_api_settings(api);
  s.backoff_base = 5ms;
  s.backoff_max = 20ms;
  s.max_attempts = 10;
  s.result_cap = 300;
  s.page_size = 50;
  s.poll_interval = 1s;
  s.full_sweep_interval = 1s;
  s.state_file = state.string();
  return s;
}

inline std::filesystem::path fresh_state(const std::string& name) {
  auto p =
      std::filesystem::temp_directory_path() / fmt::format("jobstream-harvest-{}-{}.json", ::getpid(), name);
  std::filesystem::remove(p);
  return p;
}

// One complete sweep by a harvester that then goes away, leaving its state file; returns how many
// offers it emitted.
inline std::size_t sweep_into(const FakeApi& fake, const std::filesystem::path& state) {
  RecordingSink sink;
  Harvester h(settings_for(fake, state), sink, {});
  EXPECT_TRUE(h.full_sweep().complete);
  return sink.seen.size();
}

inline void expect_exactly(const RecordingSink& sink, const Corpus& corpus) {
  std::map<std::string, int> count;
  for (const auto& o : sink.seen) {
    ++count[o.id];
    const auto it = corpus.offers.find(o.id);
    ASSERT_NE(it, corpus.offers.end()) << "unknown id " << o.id;
    EXPECT_EQ(o.raw_json, it->second.json);
  }
  EXPECT_EQ(count.size(), corpus.offers.size());
  for (const auto& [id, n] : count) EXPECT_EQ(n, 1) << id;
}

}  // namespace jobstream::source::testing
