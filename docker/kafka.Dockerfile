# Apache Kafka (broker, and ZooKeeper for the original topology) from the same Maven jars and the same
# configuration files as scripts/stack: the version is the one of stack/kafka/pom.xml, the settings
# are stack/kafka/*.in, filled in by docker/kafka-entrypoint.
FROM debian:bookworm AS jars
COPY stack/kafka/pom.xml /stack/kafka/pom.xml
# The jars scripts/docker-prepare copied from the host's cache, or nothing (then Maven fetches them).
COPY docker/cache/ /cache/
RUN v=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' /stack/kafka/pom.xml) \
 && if [ -f "/cache/jars/kafka-$v/.complete" ]; then cp -a "/cache/jars/kafka-$v" /jars; \
    else apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends maven \
      && mvn -B -q -f /stack/kafka/pom.xml org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
           -DoutputDirectory=/jars; \
    fi \
 && rm -f /jars/.complete && ls /jars/kafka_2.13-"$v".jar

FROM debian:bookworm
# The JRE layer is the same in the Cassandra image (shared); kcat and nc are the healthchecks' clients.
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless kcat netcat-openbsd \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10002 --home-dir /var/lib/kafka --create-home kafka \
 && install -d -o kafka /var/lib/zookeeper /opt/kafka/conf
COPY --from=jars /jars /opt/kafka/lib
COPY stack/kafka/ /opt/kafka/stack/
COPY docker/kafka-entrypoint /usr/local/bin/
USER kafka
ENTRYPOINT ["/usr/local/bin/kafka-entrypoint"]
CMD ["broker"]
