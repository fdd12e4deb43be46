// How the figures engine scales to a full market: 1,000,000 offers ingested (time and memory),
// then queries with and without filters, plus the cost of normalizing one API offer.
//
// The synthetic market is shaped like the real one: every département (Paris and the big cities
// weighted up), ~35,000 communes, 600 ROME codes, 100,000 employers, 2,000 skills (0-8 per
// offer), the API's salary forms, 40 % of offers withdrawn, dates spread over 120 days.
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "analytics/figures_engine.hpp"
#include "offer/geo_reference.hpp"

namespace {

using namespace jobstream::analytics;
namespace offer = jobstream::offer;

constexpr std::size_t market_offers = 1'000'000;

std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

// Fills an engine with `count` offers; deterministic for a given count.
void build_market(FiguresEngine& engine, std::size_t count) {
  std::mt19937 rng(42);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const auto departements = offer::all_departements();
  std::vector<std::string> employers, skills, romes;
  for (int i = 0; i < 100'000; ++i) employers.push_back("Employeur " + std::to_string(i));
  for (int i = 0; i < 2'000; ++i) skills.push_back("Compétence numéro " + std::to_string(i));
  for (int i = 0; i < 600; ++i) {
    romes.push_back(std::string(1, static_cast<char>('A' + i % 14)) + std::to_string(1100 + i));
  }
  const char* salaries[] = {"Mensuel de 1800.00 Euros à 2000.00 Euros sur 12 mois",
                            "Annuel de 35000,00 Euros à 45000,00 Euros sur 13 mois",
                            "Horaire de 11.65 Euros sur 12 mois",
                            "Mensuel de 2500 Euros sur 12 mois",
                            "",
                            "",
                            "Selon profil",
                            "Annuel de 40000 Euros"};
  std::vector<Salary> parsed_salaries;
  for (const char* s : salaries) parsed_salaries.push_back(parse_salary(s));
  const char* experiences[] = {"D", "S", "E"};
  const char* contracts[] = {"CDI", "CDI", "CDI", "CDD", "CDD", "MIS", "SAI", "LIB"};
  const Timestamp start = *parse_timestamp("2026-08-01T00:00:00Z");

  engine.reserve(count);
  OfferFacts f;
  for (std::size_t i = 0; i < count; ++i) {
    f.id = std::to_string(100000 + i);
    // A quarter of the offers in the 10 biggest départements, the rest anywhere.
    const std::size_t d = pick(4) == 0 ? pick(10) * 7 % departements.size() : pick(departements.size());
    const auto& dept = departements[d];
    const std::string code(dept.code);
    const std::size_t digits = code.size() == 3 ? 2 : 3;
    std::string commune = code + std::to_string(digits == 2 ? 10 + pick(90) : 100 + pick(250));
    f.place.departement = offer::departement_index(code);
    f.place.region = offer::region_of_departement(f.place.departement);
    f.place.commune = std::move(commune);
    f.place.commune_name = "Ville " + f.place.commune;
    const auto& rome = romes[pick(romes.size())];
    f.rome_code = rome;
    f.rome_label = "Métier " + rome;
    f.contract_type = contracts[pick(std::size(contracts))];
    f.experience = experiences[pick(std::size(experiences))];
    f.qualification = std::to_string(1 + pick(9));
    f.sector = std::to_string(10 + pick(80));
    f.sector_label = "Secteur " + f.sector;
    f.employer = pick(5) == 0 ? std::string() : employers[pick(employers.size())];
    f.skills.clear();
    for (std::size_t k = pick(9); k > 0; --k) f.skills.push_back(skills[pick(skills.size())]);
    f.salary = parsed_salaries[pick(parsed_salaries.size())];
    f.posts = static_cast<std::uint16_t>(1 + pick(2));
    f.remote = pick(4) == 0;
    f.part_time = pick(5) == 0;
    f.created_at = start + std::chrono::minutes{pick(std::size_t{120} * 24 * 60)};
    f.updated_at = f.created_at + std::chrono::hours{pick(3) == 0 ? pick(std::size_t{24} * 10) : 0};
    f.withdrawn_at.reset();
    if (pick(5) < 2) f.withdrawn_at = f.updated_at + std::chrono::hours{1 + pick(std::size_t{24} * 40)};
    engine.apply(f);
  }
}

FiguresEngine& market() {
  static FiguresEngine engine = [] {
    FiguresEngine e;
    build_market(e, market_offers);
    return e;
  }();
  return engine;
}

void BM_Ingest1M(benchmark::State& state) {
  for (auto _ : state) {
    const std::size_t rss_before = resident_bytes();
    FiguresEngine engine;
    build_market(engine, market_offers);
    const EngineStats s = engine.stats();
    state.counters["offers"] = static_cast<double>(s.offers);
    state.counters["engine_MB"] = static_cast<double>(s.memory_bytes) / 1e6;
    state.counters["rss_growth_MB"] = static_cast<double>(resident_bytes() - rss_before) / 1e6;
    state.counters["bytes_per_offer"] = static_cast<double>(s.memory_bytes) / static_cast<double>(s.offers);
    benchmark::DoNotOptimize(engine.size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * market_offers));
}
BENCHMARK(BM_Ingest1M)->Unit(benchmark::kMillisecond)->Iterations(1);

// The argument is the threads a query may use (0: the engine's default, one per core), so one
// run shows what the split pass gains on this machine.
void run_query(benchmark::State& state, const Filter& filter) {
  FiguresEngine& engine = market();
  engine.set_query_threads(static_cast<std::size_t>(state.range(0)));
  std::uint64_t offers = 0;
  for (auto _ : state) {
    const Figures fig = engine.query(filter);
    offers = fig.totals.offers;
    benchmark::DoNotOptimize(fig.daily.data());
  }
  state.counters["matching_offers"] = static_cast<double>(offers);
}

Filter september() {
  Filter f;
  f.from = parse_day("2026-09-01");
  f.to = parse_day("2026-09-30");
  return f;
}

void BM_QueryAll(benchmark::State& state) { run_query(state, Filter{}); }
BENCHMARK(BM_QueryAll)->Unit(benchmark::kMillisecond)->ArgName("threads")->Arg(1)->Arg(0)->UseRealTime();

void BM_QueryMonth(benchmark::State& state) { run_query(state, september()); }
BENCHMARK(BM_QueryMonth)->Unit(benchmark::kMillisecond)->ArgName("threads")->Arg(1)->Arg(0)->UseRealTime();

void BM_QueryMonthDepartement(benchmark::State& state) {
  Filter f = september();
  f.departements = {"75"};
  run_query(state, f);
}
BENCHMARK(BM_QueryMonthDepartement)
    ->Unit(benchmark::kMillisecond)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(0)
    ->UseRealTime();

void BM_QueryMonthRegionRomeContract(benchmark::State& state) {
  Filter f = september();
  f.regions = {"84"};
  f.rome_codes = {"M"};
  f.contract_types = {"CDI"};
  run_query(state, f);
}
BENCHMARK(BM_QueryMonthRegionRomeContract)
    ->Unit(benchmark::kMillisecond)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(0)
    ->UseRealTime();

void BM_FactsFromJson(benchmark::State& state) {
  const std::string offer =
      R"J({"id":"180HSFM","intitule":"Développeur C++ (H/F)","description":")J" + std::string(1500, 'x') +
      R"J( Télétravail partiel.","dateCreation":"2024-08-30T16:52:28.632Z","dateActualisation":"2024-09-02T08:15:42Z",)J"
      R"J("lieuTravail":{"libelle":"2A - AJACCIO","latitude":41.92,"longitude":8.73,"codePostal":"20000","commune":"2A004"},)J"
      R"J("romeCode":"M1805","romeLibelle":"Études et développement informatique","entreprise":{"nom":"ACME"},)J"
      R"J("typeContrat":"CDI","experienceExige":"E","competences":[{"code":"1","libelle":"SQL"},{"code":"2","libelle":"C++"}],)J"
      R"J("salaire":{"libelle":"Annuel de 45000,00 Euros à 55000,00 Euros sur 12 mois"},"dureeTravailLibelle":"35H",)J"
      R"J("dureeTravailLibelleConverti":"Temps plein","nombrePostes":1,"qualificationCode":"9","codeNAF":"62.01Z"})J";
  for (auto _ : state) {
    auto facts = facts_from_json(offer);
    benchmark::DoNotOptimize(facts);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(offer.size()));
}
BENCHMARK(BM_FactsFromJson);

}  // namespace

BENCHMARK_MAIN();
