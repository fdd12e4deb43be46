// `jobstream stats`: the job-market figures of the offers stored in Cassandra, printed once as a
// table, JSON (jobstream.figures/1) or CSV. The flags are the HTTP API's filter parameters.
#include <spdlog/spdlog.h>

#include <iostream>
#include <memory>
#include <variant>

#include "analytics/figures_json.hpp"
#include "analytics/figures_render.hpp"
#include "analytics/filter_params.hpp"
#include "cli/cassandra_session.hpp"
#include "cli/commands.hpp"
#include "common/settings_reader.hpp"
#include "store/cassandra_settings.hpp"
#include "web/live_figures.hpp"
#include "web/offer_table_loader.hpp"

namespace jobstream::cli {
namespace {

/// One flag per parse_filter parameter: the flag, the parameter it sets, its help.
struct FilterFlag {
  const char* flag;
  const char* parameter;
  const char* help;
};

constexpr FilterFlag filter_flags[] = {
    {"--from", "from", "First day of the period, YYYY-MM-DD (default: the first creation day held)"},
    {"--to", "to", "Last day of the period, YYYY-MM-DD, inclusive (default: the last day any offer changed)"},
    {"--dept", "dept", "Département codes, e.g. 75,2A,974"},
    {"--region", "region", "INSEE région codes, e.g. 11,94"},
    {"--commune", "commune", "INSEE commune codes, e.g. 75056"},
    {"--rome", "rome", "ROME codes or prefixes: M1805, M18, M"},
    {"--contract", "contract", "Contract types: CDI,CDD,MIS,..."},
    {"--top", "top", "Length of the top lists, 1-1000 (default 20)"},
    {"--commune-limit", "commune_limit", "Longest list of communes; 0 means all (default)"},
    {"--salary-bin-width", "salary_bin_width", "Euros per salary histogram bin, 500-100000 (default 5000)"},
};

struct StatsOptions {
  // One list of values per entry of filter_flags.
  std::vector<std::vector<std::string>> filter_values =
      std::vector<std::vector<std::string>>(std::size(filter_flags));
  std::string format = "table";
  std::size_t rows = 15;

  /// The flags given, as parse_filter's (name, value) pairs.
  std::vector<std::pair<std::string, std::string>> filter_params() const {
    std::vector<std::pair<std::string, std::string>> params;
    for (std::size_t i = 0; i < std::size(filter_flags); ++i) {
      for (const auto& value : filter_values[i]) params.emplace_back(filter_flags[i].parameter, value);
    }
    return params;
  }
};

}  // namespace

void register_stats(CLI::App& app, CommandTable& table) {
  auto options = std::make_shared<StatsOptions>();
  auto* cmd = app.add_subcommand("stats", "Print the job-market figures of the offers stored in Cassandra");
  for (std::size_t i = 0; i < std::size(filter_flags); ++i) {
    // Values keep their commas: parse_filter splits them, as it does for the HTTP API.
    cmd->add_option(filter_flags[i].flag, options->filter_values[i], filter_flags[i].help)->delimiter('\0');
  }
  cmd->add_option("--format", options->format, "table, json (jobstream.figures/1) or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  cmd->add_option("--rows", options->rows, "Lines per list in the table format (json and csv are never cut)")
      ->capture_default_str();
  table.add(cmd, [options] {
    auto parsed = analytics::parse_filter(options->filter_params());
    if (auto* message = std::get_if<std::string>(&parsed)) {
      spdlog::error("stats: {}", *message);
      return 2;
    }

    common::SettingsReader env;
    const auto cassandra_settings = store::CassandraSettings::read(env);
    env.throw_if_invalid();
    auto session = connect_cassandra(cassandra_settings);
    web::LiveFigures figures;
    const auto load = web::load_offer_table(*session, cassandra_settings.keyspace.name, figures);
    spdlog::info("stats: {} offers read from {}.offers in {} ms ({} left out)", load.rows,
                 cassandra_settings.keyspace.name, load.took.count(), load.rejected);

    const auto result = figures.query(std::get<analytics::Filter>(parsed));
    if (options->format == "json") {
      std::cout << analytics::to_json_text(result, 2) << '\n';
    } else if (options->format == "csv") {
      std::cout << analytics::render_csv(result);
    } else {
      std::cout << analytics::render_table(result, options->rows);
    }
    std::cout.flush();
    return std::cout ? 0 : 1;
  });
}

}  // namespace jobstream::cli
