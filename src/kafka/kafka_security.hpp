#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/settings_reader.hpp"

namespace jobstream::kafka {

/// How every Kafka client of jobstream reaches the brokers: TLS (a CA file, an optional client
/// certificate, host name verification), SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and any other
/// librdkafka property passed through. Read from the KAFKA_* settings (see .env.example).
struct KafkaSecurity {
  std::string protocol = "plaintext";  ///< KAFKA_SECURITY_PROTOCOL: plaintext, ssl, sasl_plaintext, sasl_ssl
  std::string sasl_mechanism;          ///< KAFKA_SASL_MECHANISM: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512
  std::string sasl_username;           ///< KAFKA_SASL_USERNAME
  common::Secret sasl_password;        ///< KAFKA_SASL_PASSWORD
  std::string ssl_ca_file;             ///< KAFKA_SSL_CA_FILE (PEM; empty: the system's trust store)
  std::string ssl_cert_file;           ///< KAFKA_SSL_CERT_FILE (client certificate, PEM)
  std::string ssl_key_file;            ///< KAFKA_SSL_KEY_FILE (its key, PEM)
  common::Secret ssl_key_password;     ///< KAFKA_SSL_KEY_PASSWORD (when the key is encrypted)
  bool ssl_verify_hostname = true;     ///< KAFKA_SSL_VERIFY_HOSTNAME
  /// KAFKA_PROPERTIES: other librdkafka properties, "name=value;name=value", applied last.
  std::vector<std::pair<std::string, std::string>> properties;

  /// Reads the KAFKA_* security settings; problems go to `env` (never a secret's value).
  static KafkaSecurity from_environment(common::SettingsReader& env);

  bool uses_tls() const { return protocol == "ssl" || protocol == "sasl_ssl"; }
  bool uses_sasl() const { return protocol == "sasl_plaintext" || protocol == "sasl_ssl"; }

  /// The librdkafka properties these settings stand for, passthrough included.
  std::map<std::string, std::string> client_properties() const;
};

/// "a=1;b=x" -> {{"a","1"},{"b","x"}}; blanks around names and values trimmed. A part without '='
/// or with an empty name is reported in `problems`.
std::vector<std::pair<std::string, std::string>> parse_properties(std::string_view text,
                                                                  std::vector<std::string>& problems);

/// Properties every Kafka client of this process starts from (make_kafka_conf applies them before
/// its own): the connection's security. Set once at start, before any client is made.
void set_connection_properties(std::map<std::string, std::string> properties);
const std::map<std::string, std::string>& connection_properties();

/// Whether a librdkafka property holds a secret: its value is never logged, "***" in errors.
bool is_secret_property(std::string_view name);

}  // namespace jobstream::kafka
