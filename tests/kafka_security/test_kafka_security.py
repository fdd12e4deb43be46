"""jobstream against a Kafka that requires TLS and SASL.

Starts a private Kafka from scripts/stack (its own name and ports) with a SASL_SSL listener whose
certificate this test makes (its own certificate authority, the broker's certificate for localhost),
creates SCRAM users with Kafka's own kafka-configs tool, then:
  - the pipeline works through it: produce (SCRAM-SHA-256) and consume (SCRAM-SHA-512) into
    Cassandra (the default stack), and PLAIN is accepted too;
  - a wrong password and a certificate signed by another authority each stop `produce` at start
    with a clear message, and no password appears in any output;
  - JOBSTREAM_LOG_FORMAT=json writes one JSON object per line.
The private broker is stopped and wiped at the end.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pipeline"))
from harness import JOBSTREAM, ROOT, unique  # noqa: E402

from cassandra.cluster import Cluster  # noqa: E402

STACK_NAME = "kafka-security-test"
PLAIN_PORT = int(os.environ.get("SECURITY_TEST_KAFKA_PORT", "19492"))
CONTROLLER_PORT = PLAIN_PORT + 1
SASL_SSL_PORT = PLAIN_PORT + 2
CACHE = os.environ.get("JOBSTREAM_CACHE", os.path.expanduser("~/.cache/jobstream"))
PASSWORD_256 = "pw-256-" + unique("s")
PASSWORD_512 = "pw-512-" + unique("s")
PASSWORD_PLAIN = "pw-plain-" + unique("s")
KEYSTORE_PASSWORD = unique("ks")
SECRETS = [PASSWORD_256, PASSWORD_512, PASSWORD_PLAIN, KEYSTORE_PASSWORD]


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=kwargs.pop("timeout", 300), **kwargs)


def make_authority(workdir, name):
    key, cert = os.path.join(workdir, f"{name}.key"), os.path.join(workdir, f"{name}.pem")
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
         "-keyout", key, "-out", cert], check=True)
    return key, cert


def make_broker_keystore(workdir, ca_key, ca_cert):
    """The broker's certificate for localhost and 127.0.0.1, signed by the test's authority, in PKCS12."""
    key, csr, cert = (os.path.join(workdir, n) for n in ("broker.key", "broker.csr", "broker.pem"))
    ext = os.path.join(workdir, "broker.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    run(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", key, "-out", csr],
        check=True)
    run(["openssl", "x509", "-req", "-in", csr, "-CA", ca_cert, "-CAkey", ca_key, "-CAcreateserial", "-days", "2",
         "-extfile", ext, "-out", cert], check=True)
    keystore = os.path.join(workdir, "broker.p12")
    run(["openssl", "pkcs12", "-export", "-in", cert, "-inkey", key, "-certfile", ca_cert, "-name", "broker",
         "-out", keystore, "-passout", f"pass:{KEYSTORE_PASSWORD}"], check=True)
    return keystore


def stack(*args, env_extra=None):
    env = dict(os.environ, JOBSTREAM_STACK_NAME=STACK_NAME, KAFKA_PORT=str(PLAIN_PORT),
               KAFKA_CONTROLLER_PORT=str(CONTROLLER_PORT), KAFKA_HEAP="512M", **(env_extra or {}))
    return run([os.path.join(ROOT, "scripts", "stack"), *args], env=env, timeout=400)


class KafkaSecurityTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="jobstream-kafka-security-")
        ca_key, cls.ca = make_authority(cls.workdir, "jobstream-test-ca")
        _, cls.other_ca = make_authority(cls.workdir, "some-other-ca")
        keystore = make_broker_keystore(cls.workdir, ca_key, cls.ca)
        scram = "org.apache.kafka.common.security.scram.ScramLoginModule required;"
        extra = os.path.join(cls.workdir, "sasl_ssl.properties")
        with open(extra, "w") as f:
            f.write(f"""
listeners=PLAINTEXT://127.0.0.1:{PLAIN_PORT},CONTROLLER://127.0.0.1:{CONTROLLER_PORT},SASL_SSL://127.0.0.1:{SASL_SSL_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:{PLAIN_PORT},SASL_SSL://localhost:{SASL_SSL_PORT}
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-256,SCRAM-SHA-512,PLAIN
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config={scram}
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config={scram}
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_plainuser="{PASSWORD_PLAIN}";
listener.name.sasl_ssl.ssl.keystore.location={keystore}
listener.name.sasl_ssl.ssl.keystore.password={KEYSTORE_PASSWORD}
listener.name.sasl_ssl.ssl.keystore.type=PKCS12
""")
        stack("down", "--wipe", "kafka")  # leftovers of an interrupted run
        up = stack("up", "kafka", env_extra={"KAFKA_EXTRA_CONFIG": extra})
        if up.returncode != 0:
            raise AssertionError(f"private Kafka did not start:\n{up.stderr[-3000:]}")
        # SCRAM users, with Kafka's own tool, over the plaintext listener the test keeps for itself.
        jars = os.path.join(CACHE, "jars", "kafka-3.9.1", "*")
        tool_log = "file:" + os.path.join(ROOT, "stack", "kafka", "tools-log4j.properties")
        for mechanism, password in (("SCRAM-SHA-256", PASSWORD_256), ("SCRAM-SHA-512", PASSWORD_512)):
            # One mechanism per request: the broker refuses two changes of one user's credentials at once.
            created = run(["java", f"-Dlog4j.configuration={tool_log}", "-cp", jars, "kafka.admin.ConfigCommand",
                           "--bootstrap-server", f"127.0.0.1:{PLAIN_PORT}", "--alter", "--entity-type", "users",
                           "--entity-name", "jobstream", "--add-config", f"{mechanism}=[password={password}]"])
            if created.returncode != 0:
                raise AssertionError(f"kafka-configs failed:\n{created.stdout}\n{created.stderr}")
        open(os.path.join(cls.workdir, "empty.env"), "w").close()  # no settings but the test's
        cls.topic = unique("secured")
        cls.keyspace = unique("kafka_security")
        cls.dump = os.path.join(cls.workdir, "offers.jsonl")
        with open(cls.dump, "w") as f:
            for i in range(40):
                f.write(json.dumps({"id": f"SEC{i:03d}", "intitule": f"Offre {i}",
                                    "dateCreation": "2026-11-20T10:00:00.000Z",
                                    "lieuTravail": {"libelle": "75 - Paris", "commune": "75056"}}) + "\n")

    @classmethod
    def tearDownClass(cls):
        stack("down", "--wipe", "kafka")
        try:
            with Cluster(["127.0.0.1"], port=int(os.environ.get("CASSANDRA_PORT", "9042"))) as cluster:
                cluster.connect().execute(f"DROP KEYSPACE IF EXISTS {cls.keyspace}", timeout=120)
        except Exception as e:  # the keyspace may never have been made
            print(f"cleanup: {e}", file=sys.stderr)

    def env(self, mechanism="SCRAM-SHA-256", username="jobstream", password=None, ca=None, **extra):
        password = password or {"SCRAM-SHA-256": PASSWORD_256, "SCRAM-SHA-512": PASSWORD_512,
                                "PLAIN": PASSWORD_PLAIN}[mechanism]
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KAFKA_", "FT_", "JOBSTREAM_"))}
        env.update(KAFKA_BOOTSTRAP_SERVERS=f"localhost:{SASL_SSL_PORT}", KAFKA_TOPIC=self.topic,
                   KAFKA_PARTITIONS="2", KAFKA_GROUP_ID=self.topic + "-group",
                   KAFKA_SECURITY_PROTOCOL="sasl_ssl", KAFKA_SASL_MECHANISM=mechanism,
                   KAFKA_SASL_USERNAME=username, KAFKA_SASL_PASSWORD=password,
                   KAFKA_SSL_CA_FILE=ca or self.ca, CASSANDRA_KEYSPACE=self.keyspace,
                   JOBSTREAM_STATE_DIR=os.path.join(self.workdir, "state"), **extra)
        return env

    def jobstream(self, args, env, timeout=300):
        started = time.monotonic()
        result = run([JOBSTREAM, "--env-file", os.path.join(self.workdir, "empty.env"), *args], env=env,
                     cwd=self.workdir, timeout=timeout)
        output = result.stdout + result.stderr
        for secret in SECRETS:
            self.assertNotIn(secret, output, f"a password was printed by {args}")
        return result, output, time.monotonic() - started

    def test_1_pipeline_works_over_sasl_ssl(self):
        result, output, _ = self.jobstream(["produce", "--replay", self.dump], self.env("SCRAM-SHA-256"))
        self.assertEqual(result.returncode, 0, output)
        self.assertIn("40 messages delivered, 0 failed", output)

        result, output, _ = self.jobstream(["init-db", "--no-reference-lists"], self.env())
        self.assertEqual(result.returncode, 0, output)
        result, output, _ = self.jobstream(["consume", "--until-caught-up"], self.env("SCRAM-SHA-512"), timeout=600)
        self.assertEqual(result.returncode, 0, output)
        with Cluster(["127.0.0.1"], port=int(os.environ.get("CASSANDRA_PORT", "9042"))) as cluster:
            rows = cluster.connect().execute(f"SELECT id FROM {self.keyspace}.offers", timeout=120)
            self.assertEqual(sorted(r.id for r in rows), [f"SEC{i:03d}" for i in range(40)])

        # PLAIN over TLS too (another user, defined in the broker's JAAS configuration).
        result, output, _ = self.jobstream(["produce", "--replay", self.dump],
                                           self.env("PLAIN", username="plainuser"))
        self.assertEqual(result.returncode, 0, output)

    def test_2_wrong_password_fails_at_start(self):
        result, output, took = self.jobstream(["produce", "--replay", self.dump],
                                              self.env(password="not-the-password"), timeout=120)
        self.assertNotEqual(result.returncode, 0, output)
        self.assertIn("cannot connect to Kafka", output)
        self.assertIn("Authentication failed", output)
        print("refused as expected:", [l for l in output.splitlines() if "cannot connect" in l][-1], file=sys.stderr)
        self.assertLess(took, 30, "a refused password must be reported at once, not after a timeout")

    def test_3_untrusted_certificate_fails_at_start(self):
        result, output, took = self.jobstream(["produce", "--replay", self.dump], self.env(ca=self.other_ca),
                                              timeout=120)
        self.assertNotEqual(result.returncode, 0, output)
        self.assertIn("cannot connect to Kafka", output)
        self.assertIn("certificate verify failed", output)
        print("refused as expected:", [l for l in output.splitlines() if "cannot connect" in l][-1], file=sys.stderr)
        self.assertLess(took, 30)

    def test_4_json_logs(self):
        result, output, _ = self.jobstream(["produce", "--replay", self.dump],
                                           self.env(JOBSTREAM_LOG_FORMAT="json"))
        self.assertEqual(result.returncode, 0, output)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        self.assertTrue(lines)
        for line in lines:
            entry = json.loads(line)  # every line is one object
            for field in ("time", "level", "component", "message"):
                self.assertIn(field, entry, line)
        entries = [json.loads(line) for line in lines]
        self.assertTrue(any(e["component"] == "produce" and "messages delivered" in e["message"] for e in entries),
                        output)


if __name__ == "__main__":
    unittest.main(verbosity=2)
