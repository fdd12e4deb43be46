#pragma once

// Builds OfferFacts for tests the way facts_from_json would, without writing JSON.
#include <string>
#include <vector>

#include "analytics/offer_facts.hpp"

namespace jobstream::analytics::testing {

inline Timestamp at(const char* iso) {
  auto t = parse_timestamp(iso);
  if (!t) throw std::invalid_argument(std::string("bad test time ") + iso);
  return *t;
}

inline Day day(const char* ymd) {
  auto d = parse_day(ymd);
  if (!d) throw std::invalid_argument(std::string("bad test day ") + ymd);
  return *d;
}

struct FactsBuilder {
  OfferFacts f;
  explicit FactsBuilder(std::string id, const char* created) {
    f.id = std::move(id);
    f.created_at = f.updated_at = at(created);
  }
  FactsBuilder& updated(const char* t) {
    f.updated_at = at(t);
    return *this;
  }
  FactsBuilder& withdrawn(const char* t) {
    f.withdrawn_at = at(t);
    return *this;
  }
  FactsBuilder& place(const char* commune, const char* libelle) {
    f.place = offer::locate(commune, libelle);
    return *this;
  }
  FactsBuilder& rome(const char* code, const char* label = "") {
    f.rome_code = code;
    f.rome_label = label;
    return *this;
  }
  FactsBuilder& contract(const char* code) {
    f.contract_type = code;
    return *this;
  }
  FactsBuilder& salary(const char* text) {
    f.salary = parse_salary(text);
    return *this;
  }
  FactsBuilder& skills(std::vector<std::string> s) {
    f.skills = std::move(s);
    return *this;
  }
  FactsBuilder& employer(const char* name) {
    f.employer = name;
    return *this;
  }
  FactsBuilder& posts(std::uint16_t n) {
    f.posts = n;
    return *this;
  }
  FactsBuilder& experience(const char* code) {
    f.experience = code;
    return *this;
  }
  FactsBuilder& sector(const char* code, const char* label) {
    f.sector = code;
    f.sector_label = label;
    return *this;
  }
  FactsBuilder& remote(bool r) {
    f.remote = r;
    return *this;
  }
  operator OfferFacts() const { return f; }  // NOLINT: builder reads naturally at call sites
};

}  // namespace jobstream::analytics::testing
