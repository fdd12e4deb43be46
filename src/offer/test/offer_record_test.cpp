#include "offer/offer_record.hpp"

#include <gtest/gtest.h>

using namespace jobstream::offer;
using namespace std::chrono_literals;

namespace {

SysTime at(std::string_view text) {
  SysTime t{};
  EXPECT_TRUE(parse_time(text, t)) << text;
  return t;
}

std::string reason_of(std::string_view key, std::string_view value) {
  auto decoded = decode_record(key, value);
  if (auto* e = std::get_if<RecordError>(&decoded)) return e->reason;
  return "decoded";
}

}  // namespace

TEST(OfferRecord, UpsertRoundTripKeepsTheOfferByteForByte) {
  const std::string offer =
      R"j({"id":"180HSFM","intitule":"Développeur C++ (H/F)",  "salaire":{"libelle":"Annuel de 40000,00 Euros"},"x":[1, 2.50e3,null]})j";
  const OfferUpsert in{"180HSFM", "emulator", at("2026-11-24T16:00:00.123Z"), offer};
  const std::string value = encode_record(in);
  EXPECT_EQ(value.rfind(R"({"schema":"jobstream.offer/1","kind":"upsert","id":"180HSFM")", 0), 0u) << value;

  auto decoded = decode_record("180HSFM", value);
  ASSERT_TRUE(std::holds_alternative<OfferRecord>(decoded)) << std::get<RecordError>(decoded).reason;
  const auto& out = std::get<OfferUpsert>(std::get<OfferRecord>(decoded));
  EXPECT_EQ(out.id, "180HSFM");
  EXPECT_EQ(out.source, "emulator");
  EXPECT_EQ(out.harvested_at, in.harvested_at);
  EXPECT_EQ(out.offer_json, offer);
}

TEST(OfferRecord, WithdrawalRoundTrip) {
  const OfferWithdrawal in{"179PPHH", "francetravail", at("2026-11-24T16:00:00Z"),
                           at("2026-11-24T15:59:00.5Z")};
  auto decoded = decode_record("179PPHH", encode_record(in));
  ASSERT_TRUE(std::holds_alternative<OfferRecord>(decoded));
  const auto& out = std::get<OfferWithdrawal>(std::get<OfferRecord>(decoded));
  EXPECT_EQ(out.withdrawn_at, in.withdrawn_at);
  EXPECT_EQ(format_time(out.withdrawn_at), "2026-11-24T15:59:00.500Z");
  EXPECT_EQ(record_id(std::get<OfferRecord>(decoded)), "179PPHH");
}

TEST(OfferRecord, PoisonValuesGiveAReasonNotACrash) {
  const std::string good =
      encode_record(OfferUpsert{"A1", "s", at("2026-01-01T00:00:00Z"), R"({"id":"A1"})"});
  EXPECT_EQ(reason_of("A1", "not json at all"), "value is not JSON");
  EXPECT_EQ(reason_of("A1", "[1,2]"), "value is not a JSON object");
  EXPECT_EQ(reason_of("A1", good.substr(0, good.size() / 2)), "value is not valid JSON");
  EXPECT_EQ(reason_of("A1", good + "{}"), "value is not valid JSON");  // trailing content
  EXPECT_EQ(reason_of("B2", good), "message key differs from the record id");
  EXPECT_EQ(reason_of("A1", R"({"schema":"jobstream.offer/9","kind":"upsert","id":"A1"})"),
            "unknown schema 'jobstream.offer/9'");
  EXPECT_EQ(reason_of("A1", R"({"schema":"jobstream.offer/1","kind":"upsert"})"), "field 'id' is missing");
  EXPECT_EQ(reason_of("A1", R"({"schema":"jobstream.offer/1","kind":"upsert","id":7})"),
            "field 'id' is not a string");
  EXPECT_EQ(
      reason_of(
          "A1",
          R"({"schema":"jobstream.offer/1","kind":"upsert","id":"A1","harvested_at":"2026-01-01T00:00:00Z","offer":"x"})"),
      "field 'offer' is not an object");
  EXPECT_EQ(
      reason_of(
          "A1",
          R"({"schema":"jobstream.offer/1","kind":"upsert","id":"A1","harvested_at":"2026-01-01T00:00:00Z"})"),
      "upsert without field 'offer'");
  EXPECT_EQ(
      reason_of(
          "A1",
          R"({"schema":"jobstream.offer/1","kind":"delete","id":"A1","harvested_at":"2026-01-01T00:00:00Z"})"),
      "unknown kind");
  EXPECT_EQ(
      reason_of(
          "A1",
          R"({"schema":"jobstream.offer/1","kind":"withdrawal","id":"A1","harvested_at":"2026-01-01T00:00:00Z"})"),
      "field 'withdrawn_at' is missing or not a time");
  EXPECT_EQ(
      reason_of(
          "A1",
          R"({"schema":"jobstream.offer/1","kind":"upsert","id":"A1","harvested_at":"yesterday","offer":{}})"),
      "field 'harvested_at' is missing or not a time");
  EXPECT_EQ(reason_of("", ""), "value is not JSON");
  EXPECT_EQ(reason_of("\x01", R"({"schema":"jobstream.offer/1","kind":"upsert","id":"\u0001"})"),
            "field 'id' is not a valid offer id");
}

TEST(OfferRecord, ParsesTheApiTimeForms) {
  EXPECT_EQ(format_time(at("2024-07-29T09:15:42Z")), "2024-07-29T09:15:42.000Z");
  EXPECT_EQ(format_time(at("2024-07-29T09:15:42.1Z")), "2024-07-29T09:15:42.100Z");
  EXPECT_EQ(format_time(at("2024-07-29T09:15:42.123456Z")), "2024-07-29T09:15:42.123Z");
  EXPECT_EQ(format_time(at("2024-07-29T11:15:42+02:00")), "2024-07-29T09:15:42.000Z");
  EXPECT_EQ(format_time(at("2024-07-29T09:15:42")), "2024-07-29T09:15:42.000Z");
  SysTime t{};
  EXPECT_FALSE(parse_time("2024-02-30T00:00:00Z", t));
  EXPECT_FALSE(parse_time("2024-07-29", t));
  EXPECT_FALSE(parse_time("2024-07-29T09:15:42Zjunk", t));
  EXPECT_FALSE(parse_time("2024-07-29T09:15:42.Z", t));
}

// One rule for the producer and the consumer: what decode_record refuses, offer_id_problem names.
TEST(OfferRecord, OfferIdRuleIsTheConsumersRule) {
  for (const std::string& id : std::vector<std::string>{"180HSFM", "A", "179PPHH-2", std::string(64, 'x')}) {
    EXPECT_EQ(offer_id_problem(id), std::nullopt) << id;
  }
  for (const std::string& id :
       std::vector<std::string>{"", "ok 1", "\xc3\xa9", "a\tb", "a\nb", std::string(65, 'x'), "x\x7f"}) {
    EXPECT_NE(offer_id_problem(id), std::nullopt) << id;
    const auto value = encode_record(OfferUpsert{id, "s", SysTime{}, R"({"id":1})"});
    const auto decoded = decode_record(id, value);
    ASSERT_TRUE(std::holds_alternative<RecordError>(decoded)) << id;
  }
}
