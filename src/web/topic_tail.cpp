#include "web/topic_tail.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string_view>

namespace jobstream::web {
namespace {

constexpr std::size_t max_batch = 1000;
constexpr int poll_ms = 200;

}  // namespace

TopicTail::TopicTail(const kafka::KafkaSettings& settings, LiveFigures& figures)
    : _settings(settings), _figures(figures) {
  _consumer = kafka::make_kafka_client(
      RD_KAFKA_CONSUMER,
      kafka::make_kafka_conf({
          {"bootstrap.servers", settings.bootstrap_servers},
          // A group id of its own, used for nothing: assign() joins no group and nothing is committed.
          {"group.id", settings.group_id + ".serve"},
          {"client.id", "jobstream-serve-tail"},
          {"enable.auto.commit", "false"},
          {"enable.auto.offset.store", "false"},
          {"enable.partition.eof", "false"},
          // Bounds the memory a large backlog takes while the engine catches up (librdkafka's
          // default prefetch is 64 MB; 8 MB still follows 200,000 records in about 6 s).
          {"queued.max.messages.kbytes", "8192"},
      }));
  rd_kafka_poll_set_consumer(_consumer.get());
}

void TopicTail::run(std::stop_token stop, const std::vector<PartitionLag>& from, const BatchDone& on_batch) {
  // A partition read from its beginning is at 0 until its first record: "everything from offset 0
  // is still to apply", which never claims a record that was not applied.
  std::vector<TopicPosition> positions;
  positions.reserve(from.size());
  for (const auto& p : from) positions.push_back({p.partition, std::max<std::int64_t>(p.committed, 0)});
  const auto advance = [&positions](std::int32_t partition, std::int64_t offset) {
    for (auto& p : positions) {
      if (p.partition == partition) p.next = std::max(p.next, offset + 1);
    }
  };
  kafka::PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(from.size())));
  for (const auto& p : from) {
    auto* elem = rd_kafka_topic_partition_list_add(list.get(), _settings.topic.c_str(), p.partition);
    elem->offset = p.committed >= 0 ? p.committed : RD_KAFKA_OFFSET_BEGINNING;
  }
  if (const auto err = rd_kafka_assign(_consumer.get(), list.get())) {
    throw kafka::KafkaError("assigning the partitions of " + _settings.topic, err);
  }
  std::int64_t behind = 0;
  for (const auto& p : from) behind += std::max<std::int64_t>(0, p.end - std::max(p.committed, p.start));
  // The offsets are the group's commits after a table read, or a snapshot's positions.
  spdlog::info("serve: following {} from the offsets noted ({} partitions, {} records behind)",
               _settings.topic, from.size(), behind);

  std::vector<offer::OfferRecord> batch;
  std::uint64_t undecodable = 0;
  while (!stop.stop_requested()) {
    batch.clear();
    // The first poll waits; the rest take what is already fetched, up to a batch.
    for (int wait = poll_ms; batch.size() < max_batch; wait = 0) {
      kafka::KafkaMessagePtr message(rd_kafka_consumer_poll(_consumer.get(), wait));
      if (!message) break;
      if (message->err) {
        spdlog::warn("serve: {}: {}", _settings.topic, rd_kafka_message_errstr(message.get()));
        continue;
      }
      advance(message->partition, message->offset);
      const std::string_view key(static_cast<const char*>(message->key), message->key ? message->key_len : 0);
      const std::string_view value(static_cast<const char*>(message->payload),
                                   message->payload ? message->len : 0);
      auto decoded = offer::decode_record(key, value);
      if (auto* record = std::get_if<offer::OfferRecord>(&decoded)) {
        batch.push_back(std::move(*record));
      } else if (++undecodable % 1000 == 1) {
        // The consumer dead-letters these; here they are only counted.
        spdlog::warn("serve: {} [{}] offset {}: not an offer record ({}); {} so far", _settings.topic,
                     message->partition, message->offset, std::get<offer::RecordError>(decoded).reason,
                     undecodable);
      }
    }
    for (const auto& reason : _figures.apply_records(batch)) {
      spdlog::debug("serve: an offer of {} was left out of the figures: {}", _settings.topic, reason);
    }
    // Every record below `positions` is applied now (a batch holds whole prefixes of partitions).
    if (on_batch) on_batch(positions, Last::no);
  }
  rd_kafka_consumer_close(_consumer.get());
  if (on_batch) on_batch(positions, Last::yes);
}

}  // namespace jobstream::web
