#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <utility>
#include <vector>

namespace jobstream::cli {

/// A subcommand's work. main() runs it after parsing, once logging and `.env` are set up, and
/// exits with its return value.
using CommandAction = std::function<int()>;

/// The subcommands and what each runs.
class CommandTable {
 public:
  void add(CLI::App* command, CommandAction action) { _entries.emplace_back(command, std::move(action)); }
  /// The action of the subcommand that was parsed, or nullptr.
  const CommandAction* chosen() const {
    for (const auto& [command, action] : _entries) {
      if (command->parsed()) return &action;
    }
    return nullptr;
  }

 private:
  std::vector<std::pair<CLI::App*, CommandAction>> _entries;
};

// One file per subcommand, each registering itself here.

/// `jobstream harvest`: the France Travail source alone, offers printed as JSON Lines.
void register_harvest(CLI::App& app, CommandTable& table);

/// `jobstream produce`: harvests offers into the Kafka topic.
void register_produce(CLI::App& app, CommandTable& table);

/// `jobstream init-db`: the schema step (keyspace, tables, migrations).
void register_init_db(CLI::App& app, CommandTable& table);

/// `jobstream consume`: stores the topic's offers in Cassandra.
void register_consume(CLI::App& app, CommandTable& table);

/// `jobstream stats`: the job-market figures of the stored offers, as a table, JSON or CSV.
void register_stats(CLI::App& app, CommandTable& table);

/// `jobstream serve`: the dashboard and the figures' JSON API, kept live while the pipeline runs.
void register_serve(CLI::App& app, CommandTable& table);

/// `jobstream emulate-api`: serves the France Travail API emulator.
void register_emulate_api(CLI::App& app, CommandTable& table);

/// `jobstream run`: producer and consumer in one process (the local default).
void register_run(CLI::App& app, CommandTable& table);

}  // namespace jobstream::cli
