#include "kafka/kafka_security.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace jobstream::kafka {
namespace {

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::map<std::string, std::string>& process_properties() {
  static std::map<std::string, std::string> properties;
  return properties;
}

// Properties with a typed setting of their own: passing them through KAFKA_PROPERTIES would put a
// secret in a setting that is not treated as one, or silently override the typed setting.
constexpr std::array<std::string_view, 9> typed_properties = {
    "security.protocol", "sasl.mechanism",           "sasl.mechanisms",  "sasl.username",   "sasl.password",
    "ssl.ca.location",   "ssl.certificate.location", "ssl.key.location", "ssl.key.password"};

}  // namespace

bool is_secret_property(std::string_view name) {
  return name.find("password") != std::string_view::npos || name.find("secret") != std::string_view::npos ||
         name == "ssl.key.pem" || name == "sasl.oauthbearer.config";
}

std::vector<std::pair<std::string, std::string>> parse_properties(std::string_view text,
                                                                  std::vector<std::string>& problems) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!text.empty()) {
    const auto end = text.find(';');
    const auto part = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    if (trim(part).empty()) continue;
    const auto eq = part.find('=');
    if (eq == std::string_view::npos || trim(part.substr(0, eq)).empty()) {
      // The part is not quoted: it may be a misplaced secret.
      problems.emplace_back("KAFKA_PROPERTIES: each part must be name=value (separated by ';')");
      continue;
    }
    out.emplace_back(trim(part.substr(0, eq)), trim(part.substr(eq + 1)));
  }
  return out;
}

KafkaSecurity KafkaSecurity::from_environment(common::SettingsReader& env) {
  KafkaSecurity s;
  s.protocol = lower(env.text("KAFKA_SECURITY_PROTOCOL", s.protocol));
  s.sasl_mechanism = env.text("KAFKA_SASL_MECHANISM", "");
  s.sasl_username = env.text("KAFKA_SASL_USERNAME", "");
  s.sasl_password = env.secret("KAFKA_SASL_PASSWORD");
  s.ssl_ca_file = env.text("KAFKA_SSL_CA_FILE", "");
  s.ssl_cert_file = env.text("KAFKA_SSL_CERT_FILE", "");
  s.ssl_key_file = env.text("KAFKA_SSL_KEY_FILE", "");
  s.ssl_key_password = env.secret("KAFKA_SSL_KEY_PASSWORD");
  s.ssl_verify_hostname = env.boolean("KAFKA_SSL_VERIFY_HOSTNAME", true);
  std::vector<std::string> problems;
  s.properties = parse_properties(env.text("KAFKA_PROPERTIES", ""), problems);

  if (s.protocol != "plaintext" && s.protocol != "ssl" && s.protocol != "sasl_plaintext" &&
      s.protocol != "sasl_ssl") {
    problems.emplace_back("KAFKA_SECURITY_PROTOCOL must be plaintext, ssl, sasl_plaintext or sasl_ssl");
  }
  if (s.uses_sasl()) {
    if (s.sasl_mechanism != "PLAIN" && s.sasl_mechanism != "SCRAM-SHA-256" &&
        s.sasl_mechanism != "SCRAM-SHA-512") {
      problems.push_back("KAFKA_SASL_MECHANISM must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 with " +
                         s.protocol);
    }
    if (s.sasl_username.empty() || s.sasl_password.empty()) {
      problems.push_back("KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD must be set with " + s.protocol);
    }
  } else if (!s.sasl_mechanism.empty() || !s.sasl_username.empty() || !s.sasl_password.empty()) {
    problems.push_back("KAFKA_SASL_* are set but KAFKA_SECURITY_PROTOCOL is " + s.protocol +
                       ": use sasl_ssl (or sasl_plaintext)");
  }
  if (s.uses_tls()) {
    // Files are checked at start, so that a typo is not found at the first connection.
    for (const auto& [name, path] :
         {std::pair<const char*, const std::string&>{"KAFKA_SSL_CA_FILE", s.ssl_ca_file},
          {"KAFKA_SSL_CERT_FILE", s.ssl_cert_file},
          {"KAFKA_SSL_KEY_FILE", s.ssl_key_file}}) {
      if (!path.empty() && ::access(path.c_str(), R_OK) != 0)
        problems.push_back(std::string(name) + ": cannot read " + path);
    }
    if (s.ssl_cert_file.empty() != s.ssl_key_file.empty()) {
      problems.emplace_back("KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE must be set together");
    }
  } else if (!s.ssl_ca_file.empty() || !s.ssl_cert_file.empty() || !s.ssl_key_file.empty()) {
    problems.push_back("KAFKA_SSL_* files are set but KAFKA_SECURITY_PROTOCOL is " + s.protocol +
                       ": use ssl or sasl_ssl");
  }
  for (const auto& [name, value] : s.properties) {
    if (std::find(typed_properties.begin(), typed_properties.end(), name) != typed_properties.end()) {
      problems.push_back("KAFKA_PROPERTIES: " + name + " has a setting of its own (see .env.example)");
    } else if (is_secret_property(name)) {
      problems.push_back("KAFKA_PROPERTIES: " + name + " holds a secret; it cannot be passed through");
    }
  }
  for (auto& p : problems) env.fail(std::move(p));
  return s;
}

std::map<std::string, std::string> KafkaSecurity::client_properties() const {
  std::map<std::string, std::string> out;
  if (protocol != "plaintext") out["security.protocol"] = protocol;
  if (uses_sasl()) {
    out["sasl.mechanism"] = sasl_mechanism;
    out["sasl.username"] = sasl_username;
    out["sasl.password"] = sasl_password.reveal();
  }
  if (uses_tls()) {
    if (!ssl_ca_file.empty()) out["ssl.ca.location"] = ssl_ca_file;
    if (!ssl_cert_file.empty()) out["ssl.certificate.location"] = ssl_cert_file;
    if (!ssl_key_file.empty()) out["ssl.key.location"] = ssl_key_file;
    if (!ssl_key_password.empty()) out["ssl.key.password"] = ssl_key_password.reveal();
    // librdkafka verifies the broker's certificate by default; the host name check is this one.
    out["ssl.endpoint.identification.algorithm"] = ssl_verify_hostname ? "https" : "none";
  }
  for (const auto& [name, value] : properties) out[name] = value;
  return out;
}

void set_connection_properties(std::map<std::string, std::string> properties) {
  process_properties() = std::move(properties);
}

const std::map<std::string, std::string>& connection_properties() { return process_properties(); }

}  // namespace jobstream::kafka
