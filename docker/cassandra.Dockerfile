# Apache Cassandra from the same Maven jars and configuration as scripts/stack: the version of
# stack/cassandra/pom.xml, stack/cassandra/cassandra.yaml.in and jvm17-server.options, filled in and
# launched by docker/cassandra-entrypoint.
FROM debian:bookworm AS jars
COPY stack/cassandra/pom.xml /stack/cassandra/pom.xml
COPY docker/cache/ /cache/
RUN v=$(sed -n 's:.*<cassandra.version>\(.*\)</cassandra.version>.*:\1:p' /stack/cassandra/pom.xml) \
 && if [ -f "/cache/jars/cassandra-$v/.complete" ]; then cp -a "/cache/jars/cassandra-$v" /jars; \
    else apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends maven \
      && mvn -B -q -f /stack/cassandra/pom.xml org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
           -DoutputDirectory=/jars; \
    fi \
 && rm -f /jars/.complete && ls /jars/cassandra-all-"$v".jar

FROM debian:bookworm
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      openjdk-17-jre-headless kcat netcat-openbsd \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10003 --home-dir /var/lib/cassandra --create-home cassandra \
 && install -d -o cassandra /var/lib/cassandra/data /var/lib/cassandra/tmp /opt/cassandra/conf
COPY --from=jars /jars /opt/cassandra/lib
COPY stack/cassandra/ /opt/cassandra/stack/
COPY docker/cassandra-entrypoint docker/cql-probe /usr/local/bin/
USER cassandra
ENTRYPOINT ["/usr/local/bin/cassandra-entrypoint"]
