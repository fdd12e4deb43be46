// jobstream: France Travail job offers -> Kafka -> Cassandra -> job-market figures.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "cli/commands.hpp"
#include "common/dotenv.hpp"
#include "common/log.hpp"
#include "common/version.hpp"

namespace {

int run(int argc, char** argv) {
  CLI::App app{"jobstream: harvests France Travail job offers into Kafka and Cassandra, "
               "and turns the stream into job-market figures."};
  app.set_version_flag("--version", std::string("jobstream ") + jobstream::version);
  app.require_subcommand(0, 1);

  std::string env_file = ".env";
  std::string log_level = "info";
  auto* env_file_option = app.add_option("--env-file", env_file,
                                         "Settings file read before the environment (the environment wins)")
                              ->capture_default_str();
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error, critical or off")
      ->capture_default_str();

  int exit_code = 0;
  jobstream::cli::CommandTable commands;
  // Subcommands, in the order data flows.
  jobstream::cli::register_harvest(app, commands);
  jobstream::cli::register_produce(app, commands);
  jobstream::cli::register_init_db(app, commands);
  jobstream::cli::register_consume(app, commands);
  jobstream::cli::register_stats(app, commands);
  jobstream::cli::register_serve(app, commands);
  jobstream::cli::register_run(app, commands);
  jobstream::cli::register_emulate_api(app, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    jobstream::common::init_logging(log_level);
    // The default .env is optional; a file named on purpose must exist.
    using jobstream::common::IfMissing;
    const bool named = env_file_option->count() > 0;
    jobstream::common::load_dotenv(env_file, named ? IfMissing::fail : IfMissing::skip);
    // After .env, which may set it; the lines before (none on success) stay in the default format.
    const char* log_format = std::getenv("JOBSTREAM_LOG_FORMAT");
    jobstream::common::set_log_format(jobstream::common::parse_log_format(log_format ? log_format : ""));
    if (app.get_subcommands().empty()) {
      std::cout << app.help();
      return 0;
    }
    if (const auto* action = commands.chosen()) return (*action)();
    // A subcommand run from its parse callback left its result in exit_code.
    return exit_code;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // What run() lets through was thrown while the command line was being set up (a bug, or no
  // memory): it ends with a message and exit code 1 rather than std::terminate.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jobstream: %s\n", e.what());
  } catch (...) {
    std::fputs("jobstream: unknown error\n", stderr);
  }
  return 1;
}
