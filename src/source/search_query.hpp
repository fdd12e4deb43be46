#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "source/api_time.hpp"

namespace jobstream::source {

/// One search's filters (contract §2.1). Empty fields are not sent.
struct SearchQuery {
  std::optional<Seconds> min_creation;  ///< sent together with max_creation (both required by the API)
  std::optional<Seconds> max_creation;
  std::string departement;
  std::string type_contrat;
  std::string code_rome;
  std::string region;
  /// Further filters, each a parameter and its comma-separated values (the slice planner's cuts).
  std::vector<std::pair<std::string, std::string>> extra;
  std::string sort = "1";  ///< 1 = creation date descending: a stable order while paging

  /// `range=first-last&...`, values percent-encoded except the date colons, which the API wants
  /// raw (contract §0), and list commas.
  std::string to_query_string(int first, int last) const;
  /// Short text for logs and errors ("2024-01-01T00:00:00Z..2024-01-02T00:00:00Z dep=75").
  std::string describe() const;
};

/// One `filtresPossibles` entry of a search answer (contract §4.1): how the whole result splits
/// by the values of one attribute.
struct Facet {
  std::string name;                                          ///< "typeContrat", "experience", ...
  std::vector<std::pair<std::string, std::int64_t>> counts;  ///< value, nbResultats
};

/// Percent-encodes everything but RFC 3986 unreserved characters and the characters in `keep`.
std::string percent_encode(const std::string& value, const std::string& keep = "");

}  // namespace jobstream::source
