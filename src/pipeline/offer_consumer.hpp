#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "kafka/dead_letter_producer.hpp"
#include "kafka/kafka_client.hpp"
#include "kafka/kafka_settings.hpp"
#include "kafka/partition_offsets.hpp"
#include "pipeline/write_tracker.hpp"
#include "store/offer_store.hpp"

namespace jobstream::pipeline {

using kafka::ensure_topics;
using kafka::KafkaError;
using kafka::KafkaMessagePtr;
using kafka::KafkaPtr;
using kafka::make_kafka_client;
using kafka::make_kafka_conf;
using kafka::PartitionListPtr;
using kafka::PartitionOffsets;

using offer::OfferRecord;
using store::OfferStore;
using store::StoreResult;

struct ConsumerOptions {
  int max_in_flight = 256;                          ///< writes started but not yet durable
  std::chrono::milliseconds commit_interval{1000};  ///< how often finished offsets are committed
  bool until_caught_up = false;                     ///< return once the group's lag is zero
  /// With until_caught_up: a zero lag counts only once this says no more messages are coming (an
  /// in-process producer still harvesting would otherwise let the consumer leave too early).
  std::function<bool()> producers_done;
  std::chrono::milliseconds retry_base{200};  ///< first wait before rewriting after a store failure
  std::chrono::milliseconds retry_max{std::chrono::seconds(30)};
  /// Store attempts after which a record that keeps failing while the store takes other records is
  /// sent to the dead-letter topic, so that its partition moves on (see RetryPolicy).
  int max_attempts = 20;
  std::chrono::milliseconds drain_deadline{std::chrono::seconds(30)};  ///< on revoke and shutdown
  std::chrono::milliseconds close_deadline{
      std::chrono::seconds(10)};  ///< leaving the group, flushing dead letters
};

struct ConsumerStats {
  std::uint64_t stored = 0;
  std::uint64_t dead_lettered = 0;
  std::uint64_t retries = 0;
  std::uint64_t commits = 0;
  std::uint64_t rebalances = 0;
};

/// How a commit is made: `periodic` sends the finished offsets asynchronously at most every
/// commit_interval; `now` sends them at once and waits for the coordinator (revoke, caught-up
/// check, shutdown).
enum class CommitMode { periodic, now };

/// The consumer service: reads the offers topic in a consumer group and writes every record to the
/// store, many writes in flight at once. An offset is committed only after the store made every
/// record up to it durable, so a crash at any moment replays at most the unfinished tail, which the
/// idempotent store absorbs. Poison messages go to the dead-letter topic with the reason and their
/// origin in headers; a store that fails is retried with backoff while the partitions are paused:
/// nothing is dropped and nothing is committed past it. The decisions are the WriteTracker's; this
/// class is the shell that polls, writes, sends dead letters, commits and pauses.
///
/// @locality run(), the rebalance callback, dead-letter reports and every commit: the calling
/// thread. Store callbacks: any thread; they only enqueue completions.
class OfferConsumer {
 public:
  OfferConsumer(const kafka::KafkaSettings& settings, OfferStore& store, const ConsumerOptions& options);
  ~OfferConsumer();
  OfferConsumer(const OfferConsumer&) = delete;
  OfferConsumer& operator=(const OfferConsumer&) = delete;

  /// Consumes until `stop` (or until caught up), then finishes in-flight work within the drain
  /// deadline, commits what is durable and leaves the group within the close deadline.
  ConsumerStats run(std::stop_token stop);

 private:
  struct Completion {
    MessageKey where;
    StoreResult result;
  };

  void handle(const rd_kafka_message_t& message);
  void dispatch();
  void send_dead_letter(MessageKey where, const TrackedMessage& message);
  void complete(Completion c);  // any thread
  void drain_completions(std::chrono::milliseconds wait);
  void commit(CommitMode mode);
  void update_pause();
  bool assignment_caught_up();
  bool group_caught_up();
  void close();
  void on_rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);
  void drain_partitions(const std::vector<std::int32_t>& partitions);
  static void rebalance_cb(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts,
                           void* opaque);

  kafka::KafkaSettings _settings;
  OfferStore& _store;
  ConsumerOptions _options;
  KafkaPtr _consumer;
  std::unique_ptr<kafka::DeadLetterProducer> _dead_letters;

  // Calling thread only.
  WriteTracker _tracker;
  std::vector<std::int32_t> _assigned;
  bool _paused = false;
  ConsumerStats _stats;
  std::chrono::steady_clock::time_point _last_commit{}, _last_report{}, _last_lag_check{};

  std::mutex _mutex;  // guards _completions
  std::condition_variable _completed;
  std::vector<Completion> _completions;
};

}  // namespace jobstream::pipeline
