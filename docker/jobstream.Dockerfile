# The jobstream image: one binary, every subcommand (init-db, produce, consume, serve, emulate-api),
# and the dashboard's built files. Multi-stage: the compiler and -dev packages stay in the build stage.
# The base image is Debian 12; scripts/docker-base makes it when no registry can be pulled from.

FROM debian:bookworm AS build
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      g++ make cmake ninja-build pkg-config librdkafka-dev libcurl4-openssl-dev libsimdjson-dev \
      nlohmann-json3-dev libfmt-dev libspdlog-dev libcli11-dev libcpp-httplib-dev liblz4-dev libssl-dev \
      prometheus-cpp-dev zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt ./
COPY cmake cmake
COPY src src
COPY tests/CMakeLists.txt tests/CMakeLists.txt
# -O2 as scripts/build (GCC 12's -O3 warns falsely about memcpy overlaps, and warnings are errors);
# -j2: the project's machines have two cores, shared.
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" \
      -DJOBSTREAM_BUILD_TESTS=OFF \
      -DJOBSTREAM_BUILD_BENCH=OFF >/dev/null \
 && ninja -j2 -C build jobstream \
 && strip build/bin/jobstream

# The dashboard: web/dist as built on the host (scripts/build), or built here with npm when absent
# (on machines whose containers reach the npm registry).
FROM debian:bookworm AS web
COPY web /web
RUN if [ ! -f /web/dist/index.html ]; then \
      apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm \
      && cd /web && npm ci --no-audit --no-fund && npm run build; \
    fi

FROM debian:bookworm
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      librdkafka1 libcurl4 libsimdjson14 libfmt9 libspdlog1.10 libcpp-httplib0.11 liblz4-1 libssl3 \
      libprometheus-cpp-core1.0 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/jobstream --create-home jobstream
COPY --from=build /src/build/bin/jobstream /usr/local/bin/jobstream
COPY --from=web /web/dist /usr/share/jobstream/web
COPY docker/jobstream-entrypoint docker/jobstream-health /usr/local/bin/
ENV JOBSTREAM_STATE_DIR=/var/lib/jobstream JOBSTREAM_WEB_ROOT=/usr/share/jobstream/web
USER jobstream
WORKDIR /var/lib/jobstream
ENTRYPOINT ["/usr/local/bin/jobstream-entrypoint"]
CMD ["--help"]
