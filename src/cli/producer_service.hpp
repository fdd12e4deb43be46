#pragma once

#include <stop_token>
#include <string>

#include "kafka/kafka_settings.hpp"
#include "pipeline/offer_publisher.hpp"
#include "source/source_settings.hpp"

namespace jobstream::cli {

struct ProducerRun {
  bool once = false;      ///< one complete sweep, then return; otherwise sweep and poll until stopped
  bool progress = false;  ///< progress line on stderr
  std::string source_name = "francetravail";  ///< the records' `source` (docs/offer-record.md)
};

/// The producer service: the harvester publishing to Kafka, its watermark advancing only over
/// offers Kafka acknowledged. Returns 0 when everything harvested was acknowledged, 2 when a sweep
/// ended incomplete, 1 when Kafka failed some deliveries (they are harvested again next time).
int run_producer(const kafka::KafkaSettings& kafka_settings, const source::SourceSettings& source_settings,
                 const ProducerRun& run, std::stop_token stop);

/// Waits (bounded) until Kafka acknowledged or refused everything the publisher sent. False, with
/// an error logged, when some offers are still unacknowledged.
bool await_acknowledgements(pipeline::OfferPublisher& publisher);

/// Logs the publisher's delivery counts; 1 when Kafka refused some deliveries, else 0.
int report_deliveries(const pipeline::OfferPublisher& publisher);

}  // namespace jobstream::cli
