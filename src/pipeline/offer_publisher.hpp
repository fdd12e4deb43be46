#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "kafka/kafka_client.hpp"
#include "kafka/kafka_settings.hpp"
#include "pipeline/ack_stall_watch.hpp"
#include "pipeline/refused_offers.hpp"
#include "source/offer_sink.hpp"

namespace jobstream::pipeline {

using kafka::ensure_topics;
using kafka::KafkaError;
using kafka::KafkaMessagePtr;
using kafka::KafkaPtr;
using kafka::make_kafka_client;
using kafka::make_kafka_conf;
using kafka::PartitionListPtr;

/// How long Kafka may acknowledge nothing while events wait before the producer says so (log,
/// jobstream_kafka_unacknowledged_seconds, /readyz), and how often it says it again.
inline constexpr std::chrono::seconds acknowledgement_stall{10};
inline constexpr std::chrono::seconds acknowledgement_stall_retell{30};

/// Publishes the harvester's events to the offers topic: key = offer id, value = a
/// jobstream.offer/1 record. The producer is idempotent with acks=all, so a retried send never
/// duplicates or reorders a partition; an event counts as durable (`on_durable(seq)`) only when
/// Kafka acknowledged it, which is what lets the harvest watermark advance.
///
/// An offer that cannot be published (its record is over offer::max_record_bytes, or the broker
/// refuses its size; its id is one the consumer would reject) is refused alone: logged, kept whole
/// in `refused_file` (see RefusedOffers) and then counted durable, so the rest flows on and the
/// watermark does not stay behind it forever.
///
/// When Kafka acknowledges nothing for acknowledgement_stall while events wait (acks=all cannot be
/// met: fewer live in-sync replicas than min.insync.replicas), the delivery thread says so, at most
/// once every acknowledgement_stall_retell, and again when acknowledgements resume. librdkafka keeps
/// retrying meanwhile, and the harvest position stays behind the unacknowledged events.
///
/// @locality on_offer/on_withdrawn: the harvesting thread. on_durable: the publisher's delivery
/// thread (or the thread calling flush).
class OfferPublisher : public source::OfferSink {
 public:
  /// `stop`: a send waiting for room in a full queue gives up when it is requested (the event is
  /// then never acknowledged, so the harvest takes it again next time).
  OfferPublisher(const kafka::KafkaSettings& settings, std::string source_name,
                 std::function<void(std::uint64_t)> on_durable, std::filesystem::path refused_file,
                 std::stop_token stop = {});
  ~OfferPublisher() override;

  OfferPublisher(const OfferPublisher&) = delete;
  OfferPublisher& operator=(const OfferPublisher&) = delete;

  void on_offer(const source::OfferSeen& offer) override;
  void on_withdrawn(const source::OfferWithdrawn& withdrawn) override;

  /// Waits until every sent event is acknowledged or failed, at most `deadline`.
  /// Returns true when nothing is left in flight.
  bool flush(std::chrono::milliseconds deadline);

  std::uint64_t delivered() const { return _delivered.load(); }
  std::uint64_t failed() const { return _failed.load(); }
  /// Offers refused and kept in the refused file.
  std::uint64_t refused() const { return _refused.count(); }
  const std::filesystem::path& refused_file() const { return _refused.file(); }

 private:
  void send(const std::string& key, const std::string& value, std::uint64_t seq);
  void refuse(std::string_view key, std::string_view reason, std::string_view value, std::uint64_t seq);
  static void on_delivery(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque);
  void delivery_failed(std::string_view key, rd_kafka_resp_err_t err);
  /// @locality the delivery thread, after each poll.
  void watch_acknowledgements();

  kafka::KafkaSettings _settings;
  std::string _source_name;
  std::function<void(std::uint64_t)> _on_durable;
  std::stop_token _stop;
  KafkaPtr _producer;
  std::atomic<std::uint64_t> _delivered{0};
  std::atomic<std::uint64_t> _failed{0};
  RefusedOffers _refused;
  AckStallWatch _stall_watch{acknowledgement_stall, acknowledgement_stall_retell};  // delivery thread only
  // Failed deliveries are logged one line per interval, not one per offer: an outage longer than
  // message.timeout.ms fails every queued offer at once.
  std::mutex _failure_log_mutex;
  std::chrono::steady_clock::time_point _failure_logged_at{};
  std::uint64_t _failures_unlogged = 0;
  std::jthread _delivery_thread;  // serves delivery reports; stopped before _producer is destroyed
};

}  // namespace jobstream::pipeline
