#include "offer/offer_record.hpp"

#include <fmt/format.h>
#include <simdjson.h>
#include <nlohmann/json.hpp>

#include "common/iso_time.hpp"

namespace jobstream::offer {
namespace {

// A JSON string literal for metadata values (ids and sources are short, escaping via nlohmann is fine).
std::string json_string(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }

std::string envelope_head(std::string_view kind, const std::string& id, const std::string& source,
                          SysTime harvested_at) {
  return fmt::format(R"({{"schema":"{}","kind":"{}","id":{},"source":{},"harvested_at":"{}")",
                     offer_record_schema, kind, json_string(id), json_string(source),
                     format_time(harvested_at));
}

RecordError error(std::string reason) { return RecordError{std::move(reason)}; }

}  // namespace

std::optional<std::string_view> offer_id_problem(std::string_view id) {
  // France Travail ids are short alphanumerics ("180HSFM"); allow some slack, refuse garbage.
  if (id.empty()) return "empty id";
  if (id.size() > 64) return "id longer than 64 characters";
  for (unsigned char c : id) {
    if (c < 0x21 || c > 0x7e) return "id has a blank, a control or a non-ASCII character";
  }
  return std::nullopt;
}

std::string format_time(SysTime t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:03d}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                     hms.subseconds().count());
}

bool parse_time(std::string_view s, SysTime& out) {
  const auto t = common::parse_iso8601(s);
  if (!t) return false;
  out = *t;
  return true;
}

std::string encode_record(const OfferUpsert& u) {
  std::string out = envelope_head("upsert", u.id, u.source, u.harvested_at);
  out.reserve(out.size() + u.offer_json.size() + 16);
  out += R"(,"offer":)";
  out += u.offer_json;
  out += '}';
  return out;
}

std::string encode_record(const OfferWithdrawal& w) {
  return envelope_head("withdrawal", w.id, w.source, w.harvested_at) +
         fmt::format(R"(,"withdrawn_at":"{}"}})", format_time(w.withdrawn_at));
}

const std::string& record_id(const OfferRecord& record) {
  return std::visit([](const auto& r) -> const std::string& { return r.id; }, record);
}

std::variant<OfferRecord, RecordError> decode_record(std::string_view key, std::string_view value) {
  // Two passes: the DOM parser validates the whole value (a truncated value, trailing bytes or a bad
  // number anywhere is refused before any field is trusted), then the on-demand parser cuts the offer's
  // text from the original bytes, untouched. Parsers are reused per thread: they keep their buffers.
  thread_local simdjson::dom::parser validator;
  thread_local simdjson::ondemand::parser parser;
  const simdjson::padded_string padded(value);
  simdjson::dom::element checked;
  if (const auto err = validator.parse(padded).get(checked); err != simdjson::SUCCESS) {
    // Tell "not JSON at all" (someone wrote text to the topic) from "broken JSON" (truncated, corrupt).
    const auto first = value.find_first_not_of(" \t\r\n");
    const bool looks_like_json =
        first != std::string_view::npos && (value[first] == '{' || value[first] == '[');
    return error(looks_like_json ? "value is not valid JSON" : "value is not JSON");
  }
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc) != simdjson::SUCCESS) return error("value is not valid JSON");
  simdjson::ondemand::object root;
  if (doc.get_object().get(root) != simdjson::SUCCESS) return error("value is not a JSON object");

  std::string_view schema, kind, id, source, harvested, withdrawn, offer_raw;
  bool has_offer = false;
  for (auto field : root) {
    std::string_view name;
    if (field.unescaped_key().get(name) != simdjson::SUCCESS) return error("value is not valid JSON");
    auto v = field.value();
    const auto read_string = [&](std::string_view& target) {
      return v.get_string().get(target) == simdjson::SUCCESS;
    };
    if (name == "schema") {
      if (!read_string(schema)) return error("field 'schema' is not a string");
    } else if (name == "kind") {
      if (!read_string(kind)) return error("field 'kind' is not a string");
    } else if (name == "id") {
      if (!read_string(id)) return error("field 'id' is not a string");
    } else if (name == "source") {
      if (!read_string(source)) return error("field 'source' is not a string");
    } else if (name == "harvested_at") {
      if (!read_string(harvested)) return error("field 'harvested_at' is not a string");
    } else if (name == "withdrawn_at") {
      if (!read_string(withdrawn)) return error("field 'withdrawn_at' is not a string");
    } else if (name == "offer") {
      simdjson::ondemand::object offer;
      if (v.get_object().get(offer) != simdjson::SUCCESS) return error("field 'offer' is not an object");
      if (offer.raw_json().get(offer_raw) != simdjson::SUCCESS)
        return error("field 'offer' is not valid JSON");
      has_offer = true;
    }
    // Unknown fields are allowed (forward compatibility): the iteration skips them.
  }
  if (schema.empty()) return error("field 'schema' is missing");
  if (schema != offer_record_schema) return error(fmt::format("unknown schema '{}'", schema.substr(0, 40)));
  if (id.empty()) return error("field 'id' is missing");
  if (offer_id_problem(id)) return error("field 'id' is not a valid offer id");
  if (key != id) return error("message key differs from the record id");
  SysTime harvested_at{};
  if (harvested.empty() || !parse_time(harvested, harvested_at))
    return error("field 'harvested_at' is missing or not a time");

  if (kind == "upsert") {
    if (!has_offer) return error("upsert without field 'offer'");
    return OfferRecord{
        OfferUpsert{std::string(id), std::string(source), harvested_at, std::string(offer_raw)}};
  }
  if (kind == "withdrawal") {
    SysTime withdrawn_at{};
    if (withdrawn.empty() || !parse_time(withdrawn, withdrawn_at))
      return error("field 'withdrawn_at' is missing or not a time");
    return OfferRecord{OfferWithdrawal{std::string(id), std::string(source), harvested_at, withdrawn_at}};
  }
  return error(kind.empty() ? "field 'kind' is missing" : "unknown kind");
}

}  // namespace jobstream::offer
