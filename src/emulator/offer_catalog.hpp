#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "emulator/offer_generator.hpp"
#include "emulator/possible_filters.hpp"

namespace jobstream::emulator {

/// What a search selects (contract §2.1). Empty lists do not filter. Date bounds are already
/// converted to UTC instants (see common/paris_time.hpp for how the API reads them).
struct SearchFilter {
  std::optional<Millis> min_created;  ///< inclusive
  std::optional<Millis> max_created;  ///< inclusive, to the second
  std::vector<std::string> departements;
  std::vector<std::string> regions;  ///< INSEE région codes: the offer's département's, or its own
  std::vector<std::string> pays;     ///< paysContinent: "01" (France) holds every emulated offer
  std::vector<std::string> communes;
  std::vector<std::string> rome_codes;
  std::vector<std::string> types_contrat;
  std::vector<char> experiences;
  std::vector<std::string> qualifications;
  std::vector<std::string> natures_contrat;  ///< OR-ed with types_contrat, as the API does (§2.1)
  std::vector<char> origines;                ///< origineOffre
  std::vector<std::string> secteurs;         ///< secteurActivite
  std::optional<Millis> published_after;     ///< from publieeDepuis
  bool operator==(const SearchFilter&) const = default;
};

/// One page of a search: the total the query matches, and the JSON body of the page.
struct SearchPage {
  std::int64_t total = 0;
  std::int64_t first = 0;  ///< index of the first item served
  std::int64_t last = -1;  ///< index of the last item served (-1 when none)
  std::string body;        ///< {"resultats":[...],"filtresPossibles":[...]}, empty when no item
};

/// The open offers the emulator serves, safe for concurrent searches and live changes.
class OfferCatalog {
 public:
  /// Inserts the offer, or replaces the one with the same id.
  void put(EmulatedOffer offer);
  /// Removes an offer (withdrawal); false when it was not there.
  bool remove(const std::string& id);
  /// The JSON text of an open offer.
  std::optional<std::string> find_json(const std::string& id) const;
  /// A copy of the offer, for live updates.
  std::optional<EmulatedOffer> find(const std::string& id) const;
  std::size_t size() const;
  /// Every open id, sorted.
  std::vector<std::string> ids() const;

  /// Items `first`..`last` (inclusive, clamped to the total) of the offers matching `filter`,
  /// newest creation first, ties by id: the stable order `sort=1` promises (contract §2.1).
  SearchPage search(const SearchFilter& filter, std::int64_t first, std::int64_t last) const;

 private:
  using Entry = std::shared_ptr<const EmulatedOffer>;
  /// An offer as the creation indexes hold it: with its filtresPossibles codes.
  struct Hit {
    Entry offer;
    PossibleFilters::Codes codes{};
  };
  using Hits = std::vector<Hit>;
  /// Every offer a filter matches, in order, with its filtresPossibles, as of one state of the
  /// catalog: a run of hits, shared with the results over narrower windows derived from it.
  struct Result {
    SearchFilter filter;
    std::uint64_t generation = 0;
    std::shared_ptr<const Hits> all;
    std::size_t begin = 0, end = 0;  ///< this result's hits are all[begin, end)
    std::string facets;
  };
  /// The result of `filter`. One pass over the window, then the next pages of the same window
  /// (a harvester reads up to 21) come from it while no offer changes; so does a window within it
  /// and otherwise the same filter (the older rest of a walked window, a harvester's next slice),
  /// by two binary searches, where a new pass could read most of the catalog.
  std::shared_ptr<const Result> result_for(const SearchFilter& filter) const;
  /// The offers of a window, in order, by a pass over the indexes. Under the read lock.
  Hits scan(const SearchFilter& filter) const;

  /// Offers by (creation, id): a window of creation dates is a range of it, read backwards
  /// for the newest-first order.
  using CreatedIndex = std::map<std::pair<Millis, std::string>, Hit>;
  void index(const Entry& entry);
  void unindex(const Entry& entry);

  mutable std::shared_mutex _mutex;
  std::map<std::string, Entry> _by_id;
  CreatedIndex _by_created;
  /// The same per département: a sweep's windows mostly name one, and a pass over the whole
  /// country's window for each would cost the emulator more than the API's rate allows.
  std::map<std::string, CreatedIndex, std::less<>> _by_departement;
  PossibleFilters _possible_filters;
  std::uint64_t _generation = 0;  ///< changes with every put and remove
  mutable std::mutex _results_mutex;
  mutable std::vector<std::shared_ptr<const Result>> _results;  ///< the last few, newest last
};

}  // namespace jobstream::emulator
