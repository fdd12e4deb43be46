#include "emulator/api_emulator.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "emulator/reference_lists.hpp"

namespace jobstream::emulator {
namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* json_type = "application/json;charset=UTF-8";
constexpr const char* api_prefix = "/partenaire/offresdemploi/v2";

void json_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(nlohmann::json{{"codeHttp", status}, {"message", message}}.dump(), json_type);
}

std::string random_token(std::mt19937_64& rng) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string token;
  for (int i = 0; i < 27; ++i) token.push_back(alphabet[rng() % 64]);
  return token;
}

/// The scope must name the offers API and its o2dsoffre scope, in any order, possibly with the
/// legacy `application_<id>` (contract §1).
bool scope_accepted(std::string_view scope) {
  bool api = false, o2ds = false;
  while (!scope.empty()) {
    const auto space = scope.find(' ');
    const auto word = scope.substr(0, space);
    api |= word == "api_offresdemploiv2";
    o2ds |= word == "o2dsoffre";
    if (!word.empty() && word != "api_offresdemploiv2" && word != "o2dsoffre" &&
        !word.starts_with("application_")) {
      return false;
    }
    if (space == std::string_view::npos) break;
    scope.remove_prefix(space + 1);
  }
  return api && o2ds;
}

}  // namespace

struct ApiEmulator::Impl {
  EmulatorConfig config;
  std::shared_ptr<OfferCatalog> catalog;
  httplib::Server server;
  std::thread thread;
  std::map<std::string, std::string> references;  // name -> JSON array text

  mutable std::mutex mutex;  // guards everything below
  struct TokenLife {
    Clock::time_point revoked_at;
  };
  std::map<std::string, TokenLife> tokens;
  EmulatorStats stats;
  FaultRates faults;
  std::mt19937_64 rng;
  double bucket = 0;
  Clock::time_point refilled = Clock::now();
  std::function<std::string()> event_log;

  double draw() { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

  void count(int status) {
    std::lock_guard lock(mutex);
    ++stats.by_status[status];
  }

  void on_token(const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    res.set_header("Pragma", "no-cache");
    std::unique_lock lock(mutex);
    ++stats.token_requests;
    const bool realm = req.get_param_value("realm") == "/partenaire";
    const bool grant = req.get_param_value("grant_type") == "client_credentials";
    const bool client = req.get_param_value("client_id") == config.client_id &&
                        req.get_param_value("client_secret") == config.client_secret;
    if (!realm || !grant || !client) {
      lock.unlock();
      res.status = 400;
      res.set_content(R"({"error":"invalid_client","error_description":"Client authentication failed"})",
                      "application/json");
      return;
    }
    if (!scope_accepted(req.get_param_value("scope"))) {
      lock.unlock();
      res.status = 400;
      res.set_content(R"({"error":"invalid_scope","error_description":"Invalid scope"})", "application/json");
      return;
    }
    const auto token = random_token(rng);
    const auto life = faults.token_revoked_after.count() > 0
                          ? std::min<std::chrono::seconds>(faults.token_revoked_after, config.token_lifetime)
                          : config.token_lifetime;
    tokens[token] = TokenLife{Clock::now() + life};
    lock.unlock();
    res.set_content(nlohmann::json{{"access_token", token},
                                   {"scope", "api_offresdemploiv2 o2dsoffre"},
                                   {"token_type", "Bearer"},
                                   {"expires_in", config.token_lifetime.count()}}
                        .dump(),
                    "application/json");
  }

  /// Token, quota and injected faults. False when the answer is already decided.
  bool admit(const httplib::Request& req, httplib::Response& res, bool& truncate, bool& corrupt) {
    const auto auth = req.get_header_value("Authorization");
    std::unique_lock lock(mutex);
    const auto now = Clock::now();
    auto it = auth.starts_with("Bearer ") ? tokens.find(auth.substr(7)) : tokens.end();
    if (it == tokens.end() || now >= it->second.revoked_at) {
      if (it != tokens.end()) tokens.erase(it);
      ++stats.by_status[401];
      lock.unlock();
      json_error(res, 401, "Le jeton d'accès est invalide ou a expiré.");
      return false;
    }
    if (config.rate_limit > 0) {
      const std::chrono::duration<double> elapsed = now - refilled;
      bucket = std::min<double>(config.rate_burst, bucket + elapsed.count() * config.rate_limit);
      refilled = now;
      if (bucket < 1) {
        ++stats.by_status[429];
        lock.unlock();
        res.set_header("Retry-After", "1");
        json_error(res, 429, "Le nombre de requêtes autorisées par seconde est dépassé.");
        return false;
      }
      bucket -= 1;
    }
    const double r = draw();
    double edge = faults.too_many_requests;
    if (r < edge) {
      ++stats.by_status[429];
      ++stats.faults_injected;
      lock.unlock();
      res.set_header("Retry-After", "1");
      json_error(res, 429, "Le nombre de requêtes autorisées par seconde est dépassé.");
      return false;
    }
    if (r < (edge += faults.server_error)) {
      const int status = draw() < 0.5 ? 500 : 503;
      ++stats.by_status[status];
      ++stats.faults_injected;
      lock.unlock();
      json_error(res, status, "Erreur technique, veuillez réessayer ultérieurement.");
      return false;
    }
    truncate = r < (edge += faults.truncated);
    corrupt = !truncate && r < (edge += faults.invalid_json);
    const bool slow = draw() < faults.slow;
    const auto delay = faults.slow_delay;
    if (truncate || corrupt || slow) ++stats.faults_injected;
    lock.unlock();
    if (slow) std::this_thread::sleep_for(delay);
    return true;
  }

  /// Sends `body` (a successful answer), damaged if a fault was drawn for it.
  void send(httplib::Response& res, int status, std::string body, bool truncate, bool corrupt) {
    res.status = status;
    count(status);
    if (corrupt) body.resize(body.size() / 2);
    if (!truncate) {
      res.set_content(body, json_type);
      return;
    }
    // Announce the whole length, send half, then drop the connection: what a proxy timeout does.
    auto shared = std::make_shared<std::string>(std::move(body));
    res.set_content_provider(shared->size(), json_type,
                             [shared](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                               const auto half = shared->size() / 2;
                               if (offset < half) sink.write(shared->data() + offset, half - offset);
                               return offset < half ? true : false;
                             });
  }

  void on_search(const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard lock(mutex);
      ++stats.search_requests;
    }
    bool truncate = false, corrupt = false;
    if (!admit(req, res, truncate, corrupt)) return;
    const auto now =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    auto parsed = parse_search_request(req.params, now, config.limits);
    if (auto* bad = std::get_if<BadRequest>(&parsed)) {
      count(400);
      json_error(res, 400, bad->message);
      return;
    }
    const auto& search = std::get<SearchRequest>(parsed);
    const auto page = catalog->search(search.filter, search.first, search.last);
    res.set_header("Accept-Range", std::to_string(config.limits.page_max));
    if (page.total == 0 || page.last < 0) {
      // No result: `*/0`; a range starting past the end: `-1--1/N` (contract §2.2). Empty body.
      res.set_header("Content-Range", page.total == 0 ? std::string("offres */0")
                                                      : fmt::format("offres -1--1/{}", page.total));
      res.status = 204;
      count(204);
      return;
    }
    res.set_header("Content-Range", fmt::format("offres {}-{}/{}", page.first, page.last, page.total));
    // More beyond this page: 206. The last page is reported both ways in the field, so the
    // emulator answers 200 or 206 depending on the total's parity.
    const bool more = page.last < page.total - 1;
    send(res, more || page.total % 2 == 1 ? 206 : 200, page.body, truncate, corrupt);
  }

  void on_offer(const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard lock(mutex);
      ++stats.offer_requests;
    }
    bool truncate = false, corrupt = false;
    if (!admit(req, res, truncate, corrupt)) return;
    auto json = catalog->find_json(req.matches[1]);
    if (!json) {
      // Unknown or expired ids answer 400 (contract §3).
      count(400);
      json_error(res, 400,
                 fmt::format("Aucune offre ne correspond à l'identifiant {}.", std::string(req.matches[1])));
      return;
    }
    send(res, 200, std::move(*json), truncate, corrupt);
  }

  void on_reference(const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard lock(mutex);
      ++stats.reference_requests;
    }
    bool truncate = false, corrupt = false;
    if (!admit(req, res, truncate, corrupt)) return;
    auto it = references.find(req.matches[1]);
    if (it == references.end()) {
      count(404);
      json_error(res, 404, "Référentiel inconnu.");
      return;
    }
    send(res, 200, it->second, truncate, corrupt);
  }

  void on_stats(httplib::Response& res) {
    std::lock_guard lock(mutex);
    nlohmann::json by_status = nlohmann::json::object();
    for (const auto& [status, n] : stats.by_status) by_status[std::to_string(status)] = n;
    res.set_content(nlohmann::json{{"offers", catalog->size()},
                                   {"token_requests", stats.token_requests},
                                   {"search_requests", stats.search_requests},
                                   {"offer_requests", stats.offer_requests},
                                   {"reference_requests", stats.reference_requests},
                                   {"faults_injected", stats.faults_injected},
                                   {"by_status", by_status}}
                        .dump(),
                    "application/json");
  }
};

ApiEmulator::ApiEmulator(EmulatorConfig config, std::shared_ptr<OfferCatalog> catalog)
    : _impl(std::make_unique<Impl>()) {
  if (config.client_id.empty() || config.client_secret.empty()) {
    throw std::invalid_argument("the API emulator needs a client id and secret to accept");
  }
  auto& impl = *_impl;
  impl.config = std::move(config);
  impl.catalog = std::move(catalog);
  impl.faults = impl.config.faults;
  impl.rng.seed(impl.config.fault_seed);
  impl.bucket = impl.config.rate_burst;
  impl.references = reference_lists_json();
  const int threads = impl.config.threads;
  // httplib's new_task_queue hands back a raw pointer that the server owns and deletes.
  impl.server.new_task_queue = [threads] {
    // NOLINTNEXTLINE(cppcoreguidelines-owning-memory): owned by httplib
    return new httplib::ThreadPool(static_cast<std::size_t>(threads));
  };

  using Req = const httplib::Request&;
  using Res = httplib::Response&;
  impl.server.Post("/connexion/oauth2/access_token", [&impl](Req req, Res res) { impl.on_token(req, res); });
  impl.server.Get(std::string(api_prefix) + "/offres/search",
                  [&impl](Req req, Res res) { impl.on_search(req, res); });
  impl.server.Get(std::string(api_prefix) + R"(/offres/([A-Za-z0-9]+))",
                  [&impl](Req req, Res res) { impl.on_offer(req, res); });
  impl.server.Get(std::string(api_prefix) + R"(/referentiel/([A-Za-z]+))",
                  [&impl](Req req, Res res) { impl.on_reference(req, res); });
  impl.server.Get("/_emulator/stats", [&impl](Req, Res res) { impl.on_stats(res); });
  // Every open offer as served, one per line in id order: what a complete harvest must end with.
  impl.server.Get("/_emulator/offers", [&impl](Req, Res res) {
    std::string out;
    for (const auto& id : impl.catalog->ids()) {
      if (auto json = impl.catalog->find_json(id)) {
        out += *json;
        out.push_back('\n');
      }
    }
    res.set_content(out, "application/x-ndjson");
  });
  impl.server.Get("/_emulator/events", [&impl](Req, Res res) {
    std::function<std::string()> log;
    {
      std::lock_guard lock(impl.mutex);
      log = impl.event_log;
    }
    res.set_content(log ? log() : std::string("[]"), "application/json");
  });

  _port = impl.config.port == 0
              ? impl.server.bind_to_any_port(impl.config.host)
              : (impl.server.bind_to_port(impl.config.host, impl.config.port) ? impl.config.port : -1);
  if (_port <= 0) {
    throw std::runtime_error(
        fmt::format("the API emulator cannot listen on {}:{}", impl.config.host, impl.config.port));
  }
  impl.thread = std::thread([&impl] { impl.server.listen_after_bind(); });
  // stop() is ignored until the accept loop runs: wait for it (bounded) before handing out.
  const auto deadline = Clock::now() + std::chrono::seconds(10);
  while (!impl.server.is_running() && Clock::now() < deadline) std::this_thread::yield();
}

ApiEmulator::~ApiEmulator() { stop(); }

void ApiEmulator::stop() {
  if (!_impl->thread.joinable()) return;
  _impl->server.stop();
  _impl->thread.join();
}

std::string ApiEmulator::token_url() const {
  return fmt::format("http://{}:{}/connexion/oauth2/access_token?realm=%2Fpartenaire", _impl->config.host,
                     _port);
}

std::string ApiEmulator::api_url() const {
  return fmt::format("http://{}:{}{}", _impl->config.host, _port, api_prefix);
}

EmulatorStats ApiEmulator::stats() const {
  std::lock_guard lock(_impl->mutex);
  return _impl->stats;
}

void ApiEmulator::set_faults(const FaultRates& faults) {
  std::lock_guard lock(_impl->mutex);
  _impl->faults = faults;
}

void ApiEmulator::set_event_log_provider(std::function<std::string()> provider) {
  std::lock_guard lock(_impl->mutex);
  _impl->event_log = std::move(provider);
}

}  // namespace jobstream::emulator
