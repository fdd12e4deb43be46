#pragma once

#include <cstdint>
#include <string>

#include "source/api_time.hpp"

namespace jobstream::source {

/// Why an offer is emitted.
enum class SeenKind {
  created,  ///< first time this harvester sees the id
  updated,  ///< seen before, but its JSON changed
};

/// An open offer, as the API sent it.
struct OfferSeen {
  std::uint64_t seq = 0;  ///< acknowledge this number once the event is safely stored
  SeenKind kind = SeenKind::created;
  std::string id;
  std::string raw_json;  ///< byte-exact text of the offer object
  std::string date_creation;
  std::string date_actualisation;
};

/// An offer that a complete sweep no longer finds (confirmed gone by GET /offres/{id}, or missing
/// from two complete sweeps in a row).
struct OfferWithdrawn {
  std::uint64_t seq = 0;
  std::string id;
  Seconds detected_at{};
};

/// Where the harvester delivers events; the pipeline's Kafka producer implements it.
/// Calls come from the harvesting thread, one at a time, in `seq` order.
/// The sink (or whoever learns that the event is durable, e.g. a Kafka delivery report) then
/// calls Harvester::acknowledge(seq); watermarks and state advance only over acknowledged events.
class OfferSink {
 public:
  virtual ~OfferSink() = default;
  virtual void on_offer(const OfferSeen& offer) = 0;
  virtual void on_withdrawn(const OfferWithdrawn& withdrawn) = 0;
};

}  // namespace jobstream::source
