#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <stop_token>
#include <string>
#include <thread>

#include "kafka/kafka_client.hpp"
#include "kafka/kafka_settings.hpp"
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
/// @locality on_offer/on_withdrawn: the harvesting thread. on_durable: the publisher's delivery
/// thread.
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

  kafka::KafkaSettings _settings;
  std::string _source_name;
  std::function<void(std::uint64_t)> _on_durable;
  std::stop_token _stop;
  KafkaPtr _producer;
  std::atomic<std::uint64_t> _delivered{0};
  std::atomic<std::uint64_t> _failed{0};
  RefusedOffers _refused;
  std::jthread _delivery_thread;  // serves delivery reports; stopped before _producer is destroyed
};

}  // namespace jobstream::pipeline
