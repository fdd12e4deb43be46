# Prometheus for the compose system: Debian's own package (the version the project's tests use), with
# the scrape configuration of the compose services and the alert rules of deploy/prometheus/.
FROM debian:bookworm
# A package's maintainer scripts must not start its daemon inside the build.
RUN printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d \
 && apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/prometheus/metrics2 && chown -R prometheus:prometheus /var/lib/prometheus
COPY deploy/prometheus/alerts.yml /etc/prometheus/alerts.yml
COPY docker/prometheus.yml /etc/prometheus/prometheus.yml
USER prometheus
ENTRYPOINT ["/usr/bin/prometheus", "--config.file=/etc/prometheus/prometheus.yml", \
            "--storage.tsdb.path=/var/lib/prometheus/metrics2", "--web.listen-address=0.0.0.0:9090"]
