#pragma once

// A small loopback stand-in for the offers API, for protocol edge cases the project's emulator
// does not produce on demand (scripted answers, exact Content-Range forms, token revocation).
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "source/api_time.hpp"
#include "source/source_settings.hpp"

namespace jobstream::source::testing {

struct FakeOffer {
  std::string id;
  Seconds created{};
  std::string departement;
  std::string json;  // the exact text served
};

struct ScriptedAnswer {
  int status = 200;
  std::string body;
  std::multimap<std::string, std::string> headers;
};

class FakeApi {
 public:
  FakeApi() {
    _server.Post("/token",
                 [this](const httplib::Request& req, httplib::Response& res) { on_token(req, res); });
    _server.Get("/v2/offres/search",
                [this](const httplib::Request& req, httplib::Response& res) { on_search(req, res); });
    _server.Get(R"(/v2/offres/([^/]+))",
                [this](const httplib::Request& req, httplib::Response& res) { on_offer(req, res); });
    _server.Get("/v2/referentiel/departements", [this](const httplib::Request& req, httplib::Response& res) {
      if (!authorized(req, res)) return;
      res.set_content(
          R"([{"code":"01","libelle":"Ain"},{"code":"2A","libelle":"Corse-du-Sud"},{"code":"75","libelle":"Paris"}])",
          "application/json");
    });
    _server.Get("/v2/referentiel/typesContrats", [this](const httplib::Request& req, httplib::Response& res) {
      if (!authorized(req, res)) return;
      res.set_content(R"([{"code":"CDI","libelle":"Contrat à durée indéterminée"}])", "application/json");
    });
    _port = _server.bind_to_any_port("127.0.0.1");
    _thread = std::thread([this] { _server.listen_after_bind(); });
    // stop() is ignored until the accept loop runs, so wait for it (bounded) before handing out.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!_server.is_running() && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  }
  ~FakeApi() {
    _server.stop();
    _thread.join();
  }
  FakeApi(const FakeApi&) = delete;
  FakeApi& operator=(const FakeApi&) = delete;

  std::string token_url() const {
    return "http://127.0.0.1:" + std::to_string(_port) + "/token?realm=%2Fpartenaire";
  }
  std::string api_url() const { return "http://127.0.0.1:" + std::to_string(_port) + "/v2"; }

  void put(FakeOffer offer) {
    std::lock_guard lock(_mutex);
    _offers[offer.id] = std::move(offer);
  }
  void remove(const std::string& id) {
    std::lock_guard lock(_mutex);
    _offers.erase(id);
  }
  /// Answers given, in order, to the next search requests instead of the corpus.
  void script(std::vector<ScriptedAnswer> answers) {
    std::lock_guard lock(_mutex);
    for (auto& a : answers) _script.push_back(std::move(a));
  }
  void revoke_tokens() {
    std::lock_guard lock(_mutex);
    _valid_tokens.clear();
  }
  /// Random faults on search requests (after the script is used up).
  void faults(double rate_429, double rate_500, double rate_truncated) {
    std::lock_guard lock(_mutex);
    _rate_429 = rate_429;
    _rate_500 = rate_500;
    _rate_truncated = rate_truncated;
  }

  std::atomic<int> cap{300};
  std::atomic<int> token_ttl{1499};
  std::atomic<int> token_requests{0};
  std::atomic<int> search_requests{0};
  std::atomic<int> offer_requests{0};
  std::atomic<int> unauthorized{0};
  /// Simulates the API reading date bounds as Paris time: bounds are shifted back this much.
  std::atomic<int> bound_shift_hours{1};
  // A hostile or broken API, on demand.
  std::atomic<bool> answer_204{false};          ///< every search and offer answers 204 (an emptied index)
  std::atomic<bool> ignore_filters{false};      ///< searches answer as if no filter had been sent
  std::atomic<int> claimed_total{0};            ///< > 0: the Content-Range claims this total
  std::atomic<bool> omit_content_range{false};  ///< 206 pages without Content-Range
  std::atomic<bool> token_down{false};          ///< the token endpoint answers 503
  std::atomic<bool> oldest_first{false};        ///< searches ignore sort=1: oldest offers first

  std::string last_token_form() const {
    std::lock_guard lock(_mutex);
    return _last_form;
  }
  std::string last_token_query() const {
    std::lock_guard lock(_mutex);
    return _last_token_query;
  }
  std::vector<std::string> search_queries() const {
    std::lock_guard lock(_mutex);
    return _queries;
  }

 private:
  bool authorized(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(_mutex);
    const auto auth = req.get_header_value("Authorization");
    if (!auth.starts_with("Bearer ") || !_valid_tokens.count(auth.substr(7))) {
      ++unauthorized;
      res.status = 401;
      return false;
    }
    return true;
  }

  void on_token(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(_mutex);
    ++token_requests;
    if (token_down) {
      res.status = 503;
      return;
    }
    _last_form = req.body;
    _last_token_query = req.get_param_value("realm");
    if (req.get_param_value("client_secret") != "the-secret" ||
        req.get_param_value("grant_type") != "client_credentials") {
      res.status = 400;
      res.set_content(R"({"error":"invalid_client","error_description":"Client authentication failed"})",
                      "application/json");
      return;
    }
    const std::string token = "tok" + std::to_string(token_requests.load());
    _valid_tokens.insert(token);
    res.set_header("Cache-Control", "no-store");
    res.set_content(R"({"access_token":")" + token +
                        R"(","scope":"api_offresdemploiv2 o2dsoffre","token_type":"Bearer","expires_in":)" +
                        std::to_string(token_ttl.load()) + "}",
                    "application/json");
  }

  void on_offer(const httplib::Request& req, httplib::Response& res) {
    if (!authorized(req, res)) return;
    ++offer_requests;
    if (answer_204) {
      res.status = 204;
      return;
    }
    std::lock_guard lock(_mutex);
    const auto it = _offers.find(req.matches[1].str());
    if (it == _offers.end()) {
      res.status = 400;
      res.set_content(R"({"message":"Offre inconnue","codeHttp":400})", "application/json");
      return;
    }
    res.set_content(it->second.json, "application/json");
  }

  void on_search(const httplib::Request& req, httplib::Response& res) {
    if (!authorized(req, res)) return;
    ++search_requests;
    std::lock_guard lock(_mutex);
    _queries.push_back(req.target);
    if (answer_204) {
      res.status = 204;
      res.set_header("Content-Range", "offres */0");
      return;
    }
    if (!_script.empty()) {
      auto a = std::move(_script.front());
      _script.pop_front();
      res.status = a.status;
      for (const auto& [k, v] : a.headers) res.set_header(k.c_str(), v);
      if (!a.body.empty()) res.set_content(a.body, "application/json");
      return;
    }
    std::uniform_real_distribution<double> u(0, 1);
    const double roll = u(_rng);
    if (roll < _rate_429) {
      res.status = 429;
      res.set_header("Retry-After", "0");
      return;
    }
    if (roll < _rate_429 + _rate_500) {
      res.status = 500;
      return;
    }
    const bool truncate = roll < _rate_429 + _rate_500 + _rate_truncated;
    int first = 0, last = 149;
    if (req.has_param("range")) std::sscanf(req.get_param_value("range").c_str(), "%d-%d", &first, &last);
    if (last - first + 1 > 150 || last < first || last >= cap.load()) {
      res.status = 400;
      res.set_content(R"({"message":"La plage de résultats demandée est trop importante.","codeHttp":400})",
                      "application/json");
      return;
    }
    std::optional<Seconds> lo, hi;
    if (req.has_param("minCreationDate") != req.has_param("maxCreationDate")) {
      res.status = 400;
      return;
    }
    if (req.has_param("minCreationDate")) {
      lo = parse_api_time(req.get_param_value("minCreationDate"));
      hi = parse_api_time(req.get_param_value("maxCreationDate"));
      if (!lo || !hi) {
        res.status = 400;
        return;
      }
      *lo -= std::chrono::hours(bound_shift_hours.load());
      *hi -= std::chrono::hours(bound_shift_hours.load());
    }
    const auto dep = req.get_param_value("departement");
    std::vector<const FakeOffer*> hits;
    // Every offer here comes from France Travail (origineOffre 1); other filters are not modelled.
    const auto origine = req.get_param_value("origineOffre");
    for (const auto& [id, o] : _offers) {
      if (ignore_filters) {
        hits.push_back(&o);
        continue;
      }
      if (!origine.empty() && origine != "1") continue;
      if (lo && (o.created < *lo || o.created > *hi)) continue;
      if (!dep.empty() && o.departement != dep) continue;
      hits.push_back(&o);
    }
    std::sort(hits.begin(), hits.end(), [](auto* a, auto* b) {
      return a->created != b->created ? a->created > b->created : a->id < b->id;
    });
    if (oldest_first) std::reverse(hits.begin(), hits.end());
    const int total = static_cast<int>(hits.size());
    if (first >= total) {
      res.status = 204;
      res.set_header("Content-Range",
                     total == 0 ? std::string("offres */0") : "offres -1--1/" + std::to_string(total));
      return;
    }
    const int end = std::min(last, total - 1);
    std::string body = R"({"resultats":[)";
    for (int i = first; i <= end; ++i)
      body += (i > first ? "," : "") + hits[static_cast<std::size_t>(i)]->json;
    body += R"(],"filtresPossibles":[]})";
    if (truncate) body.resize(body.size() / 2);
    res.status = end == total - 1 ? 200 : 206;
    if (omit_content_range) {
      res.status = 206;
    } else {
      res.set_header("Content-Range", "offres " + std::to_string(first) + "-" + std::to_string(end) + "/" +
                                          std::to_string(claimed_total > 0 ? claimed_total.load() : total));
    }
    res.set_content(body, "application/json");
  }

  httplib::Server _server;
  int _port = 0;
  std::thread _thread;
  mutable std::mutex _mutex;
  std::map<std::string, FakeOffer> _offers;
  std::deque<ScriptedAnswer> _script;
  std::set<std::string> _valid_tokens;
  std::string _last_form;
  std::string _last_token_query;
  std::vector<std::string> _queries;
  std::mt19937_64 _rng{42};
  double _rate_429 = 0, _rate_500 = 0, _rate_truncated = 0;
};

/// Settings that point a client at `api` with the fake's credentials and no pacing worth waiting
/// for; each test sets its own retries, cap and state on top.
inline SourceSettings fake_api_settings(const FakeApi& api) {
  SourceSettings s;
  s.client_id = "PAR_jobstream_test";
  s.client_secret = common::Secret("the-secret");
  s.token_url = api.token_url();
  s.api_url = api.api_url();
  s.requests_per_second = 1000;
  s.burst = 50;
  return s;
}

}  // namespace jobstream::source::testing
