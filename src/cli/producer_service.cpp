#include "cli/producer_service.hpp"

#include <spdlog/spdlog.h>

#include <atomic>

#include "pipeline/offer_publisher.hpp"
#include "source/harvester.hpp"
#include "source/source_metrics.hpp"

namespace jobstream::cli {

int run_producer(const kafka::KafkaSettings& kafka_settings, const source::SourceSettings& source_settings,
                 const ProducerRun& run, std::stop_token stop) {
  const auto& source_name = run.source_name;
  source::source_metrics().intervals(source_settings);
  // The publisher acknowledges to the harvester from its delivery thread; the pointer is set while
  // the harvester lives and cleared before it goes.
  std::atomic<source::Harvester*> harvester_ptr{nullptr};
  pipeline::OfferPublisher publisher(
      kafka_settings, source_name,
      [&](std::uint64_t seq) {
        if (auto* h = harvester_ptr.load()) h->acknowledge(seq);
      },
      pipeline::refused_offers_file(source_settings.state_dir), stop);
  spdlog::info("produce: publishing to {} on {} (source {})", kafka_settings.topic,
               kafka_settings.bootstrap_servers, source_name);
  int code = 0;
  {
    source::Harvester harvester(source_settings, publisher,
                                source::HarvesterOptions{/*auto_ack=*/false, run.progress}, stop);
    harvester_ptr.store(&harvester);
    if (run.once) {
      const auto report = harvester.full_sweep();
      spdlog::info("produce: sweep {}: {} offers ({} created, {} updated, {} withdrawn, {} malformed), "
                   "{} requests (lower bound {})",
                   report.complete ? "complete" : "INCOMPLETE", report.distinct_offers, report.created,
                   report.updated, report.withdrawn, report.malformed, report.requests,
                   report.lower_bound_requests);
      if (!report.complete) code = 2;
    } else {
      harvester.run();
    }
    // Everything sent must be acknowledged before the final checkpoint records it as harvested;
    // what is not will be harvested again.
    if (!await_acknowledgements(publisher)) code = 1;
    harvester.checkpoint();
    harvester_ptr.store(nullptr);
  }
  return report_deliveries(publisher) != 0 ? 1 : code;
}

bool await_acknowledgements(pipeline::OfferPublisher& publisher) {
  if (publisher.flush(std::chrono::minutes(5))) return true;
  spdlog::error("produce: some offers were not acknowledged by Kafka within 5 minutes");
  return false;
}

int report_deliveries(const pipeline::OfferPublisher& publisher) {
  spdlog::info("produce: {} messages delivered, {} failed", publisher.delivered(), publisher.failed());
  if (publisher.refused() > 0) {
    spdlog::warn("produce: {} offers refused, kept in {}", publisher.refused(),
                 publisher.refused_file().string());
  }
  return publisher.failed() > 0 ? 1 : 0;
}

}  // namespace jobstream::cli
