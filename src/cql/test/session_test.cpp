// Against the stack's real Cassandra: every type through prepared statements, paging, batches,
// server errors, and a cross-check with Debian's python3-cassandra driver in both directions.
#include <gtest/gtest.h>

#include <thread>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <set>

#include "cql/error.hpp"
#include "cql/session.hpp"

using namespace jobstream::cql;

namespace {
std::string env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

class CqlSession : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    SessionConfig cfg;
    cfg.contact_points = {env_or("CASSANDRA_CONTACT_POINTS", "127.0.0.1")};
    cfg.port = static_cast<std::uint16_t>(std::stoi(env_or("CASSANDRA_PORT", "9042")));
    cfg.consistency = Consistency::one;
    cfg.request_timeout = std::chrono::seconds(30);
    session_ = Session::connect(cfg);
    std::random_device rd;
    keyspace_ = "cql_it_" + std::to_string(rd() % 100000000);
    session_->query("CREATE KEYSPACE " + keyspace_ +
                    " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    session_->query(
        "CREATE TABLE " + keyspace_ +
        ".all_types (id text PRIMARY KEY, a ascii, bi bigint, b blob, bo boolean, dc decimal, d double, "
        "f float, i int, ts timestamp, dt date, u uuid, tu timeuuid, si smallint, ti tinyint, vi varint, "
        "t text, l list<int>, s set<text>, m map<text, bigint>, n int)");
  }
  static void TearDownTestSuite() {
    try {
      session_->query("DROP KEYSPACE IF EXISTS " + keyspace_);
    } catch (const std::exception&) {
    }
    session_.reset();
  }

  static std::vector<Value> reference_values() {
    Uuid u{{0x55, 0x0e, 0x84, 0x00, 0xe2, 0x9b, 0x41, 0xd4, 0xa7, 0x16, 0x44, 0x66, 0x55, 0x44, 0x00, 0x00}};
    Uuid tu{{0xd2, 0x17, 0x7d, 0xd0, 0xea, 0xa2, 0x11, 0xde, 0xa5, 0x72, 0x00, 0x1b, 0x77, 0x9c, 0x76, 0xe3}};
    Varint big{{0x40, 0, 0, 0, 0, 0, 0, 0, 0}};  // 2^70
    return {Ascii{"plain ascii"},
            std::int64_t{-9000000000},
            Blob{{0x00, 0xFF, 0x10}},
            true,
            Decimal{3, Varint::from_int64(12345)},
            -2.5,
            1.5f,
            std::int32_t{123456},
            Timestamp{1700000000123},
            Date{19675},
            u,
            tu,
            std::int16_t{-1234},
            std::int8_t{-12},
            big,
            std::string("Zo\xC3\xAB \xE2\x80\x94 \xE6\x9D\xB1\xE4\xBA\xAC"),
            Value::list({std::int32_t{1}, std::int32_t{2}, std::int32_t{3}}),
            Value::list({std::string("a"), std::string("b")}),
            Value::map({{std::string("k"), std::int64_t{7}}}),
            Null{}};
  }
  static std::string columns() {
    return "a, bi, b, bo, dc, d, f, i, ts, dt, u, tu, si, ti, vi, t, l, s, m, n";
  }
  static PreparedStatement insert_all() {
    return session_->prepare("INSERT INTO " + keyspace_ + ".all_types (id, " + columns() +
                             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }
  static std::vector<Value> read_row(const std::string& id) {
    auto sel = session_->prepare("SELECT " + columns() + " FROM " + keyspace_ + ".all_types WHERE id = ?");
    auto res = session_->execute({sel, {id}});
    if (res.rows.size() != 1) throw std::runtime_error("expected one row for " + id);
    return res.rows[0];
  }
  static std::string python(const std::string& mode, const std::string& id) {
    std::string cmd = "/usr/bin/python3 " JOBSTREAM_CQL_PYCHECK " " +
                      env_or("CASSANDRA_CONTACT_POINTS", "127.0.0.1") + " " +
                      env_or("CASSANDRA_PORT", "9042") + " " + keyspace_ + " " + mode + " " + id + " 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> p(::popen(cmd.c_str(), "r"), ::pclose);
    std::string out;
    char buf[4096];
    while (auto n = std::fread(buf, 1, sizeof buf, p.get())) out.append(buf, n);
    return out;
  }

  static std::unique_ptr<Session> session_;
  static std::string keyspace_;
};
std::unique_ptr<Session> CqlSession::session_;
std::string CqlSession::keyspace_;
}  // namespace

TEST_F(CqlSession, EveryTypeRoundTripsThroughPreparedStatements) {
  auto ins = insert_all();
  auto values = reference_values();
  std::vector<Value> bound{std::string("rt1")};
  bound.insert(bound.end(), values.begin(), values.end());
  auto res = session_->execute({ins, bound});
  EXPECT_EQ(res.kind, ResultKind::void_);
  auto row = read_row("rt1");
  ASSERT_EQ(row.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) EXPECT_EQ(row[i], values[i]) << "column " << i;
}

TEST_F(CqlSession, UnsetLeavesColumnNullOverwrites) {
  auto ins = session_->prepare("INSERT INTO " + keyspace_ + ".all_types (id, i, t) VALUES (?, ?, ?)");
  session_->execute({ins, {std::string("un"), std::int32_t{5}, std::string("x")}});
  session_->execute({ins, {std::string("un"), Unset{}, Null{}}});
  auto sel = session_->prepare("SELECT i, t FROM " + keyspace_ + ".all_types WHERE id = ?");
  auto r = session_->execute({sel, {std::string("un")}});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0].as<std::int32_t>(), 5);  // unset: untouched
  EXPECT_TRUE(r.rows[0][1].is_null());            // null: deleted
  session_->execute({ins, {std::string("un"), std::int32_t{6}, std::string()}});
  r = session_->execute({sel, {std::string("un")}});
  EXPECT_EQ(r.rows[0][1].as<std::string>(), "");  // empty is not null
}

TEST_F(CqlSession, TenThousandRowsComeBackOverPages) {
  session_->query("CREATE TABLE " + keyspace_ + ".paged (p int, c int, v text, PRIMARY KEY (p, c))");
  auto ins = session_->prepare("INSERT INTO " + keyspace_ + ".paged (p, c, v) VALUES (?, ?, ?)");
  std::vector<PendingResult> inflight;
  for (std::int32_t i = 0; i < 10000; ++i) {
    inflight.push_back(
        session_->execute_async({ins, {std::int32_t{i % 7}, i, std::string("v") + std::to_string(i)}}));
    if (inflight.size() == 512) {
      for (auto& p : inflight) p.get();
      inflight.clear();
    }
  }
  for (auto& p : inflight) p.get();
  auto sel = session_->prepare("SELECT p, c, v FROM " + keyspace_ + ".paged");
  BoundStatement st{sel, {}};
  st.page_size = 1000;
  int pages = 0;
  std::set<std::int32_t> seen;
  for (;;) {
    auto res = session_->execute(st);
    ++pages;
    for (const auto& r : res.rows) {
      auto c = r[1].as<std::int32_t>();
      EXPECT_EQ(r[2].as<std::string>(), "v" + std::to_string(c));
      seen.insert(c);
    }
    if (!res.has_more_pages()) break;
    st.paging_state = res.metadata.paging_state;
  }
  EXPECT_EQ(seen.size(), 10000u);
  EXPECT_GE(pages, 10);
  EXPECT_EQ(session_->fetch_all({sel, {}}).size(), 10000u);
}

TEST_F(CqlSession, LoggedAndUnloggedBatches) {
  session_->query("CREATE TABLE " + keyspace_ + ".batched (p text, c int, PRIMARY KEY (p, c))");
  auto ins = session_->prepare("INSERT INTO " + keyspace_ + ".batched (p, c) VALUES (?, ?)");
  for (auto type : {BatchType::logged, BatchType::unlogged}) {
    std::string p = type == BatchType::logged ? "logged" : "unlogged";
    std::vector<BoundStatement> stmts;
    stmts.reserve(40);
    for (std::int32_t i = 0; i < 40; ++i) stmts.push_back({ins, {p, i}});
    EXPECT_EQ(session_->execute_batch(stmts, type).kind, ResultKind::void_);
    auto sel = session_->prepare("SELECT c FROM " + keyspace_ + ".batched WHERE p = ?");
    EXPECT_EQ(session_->execute({sel, {p}}).rows.size(), 40u) << p;
  }
}

TEST_F(CqlSession, ServerErrorsSurfaceWithTheirMessage) {
  try {
    session_->prepare("SELEC nonsense FROM nowhere");
    FAIL() << "syntax error expected";
  } catch (const CqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::syntax_error);
    EXPECT_FALSE(e.retryable());
    EXPECT_NE(e.server_message().find("SELEC"), std::string::npos) << e.server_message();
  }
  try {
    session_->prepare("SELECT * FROM " + keyspace_ + ".no_such_table");
    FAIL() << "invalid expected";
  } catch (const CqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::invalid);
    EXPECT_NE(e.server_message().find("no_such_table"), std::string::npos) << e.server_message();
  }
  try {
    session_->query("CREATE TABLE " + keyspace_ + ".all_types (id int PRIMARY KEY)");
    FAIL() << "already exists expected";
  } catch (const CqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::already_exists);
  }
  auto ins = session_->prepare("INSERT INTO " + keyspace_ + ".all_types (id, i) VALUES (?, ?)");
  EXPECT_THROW(session_->execute({ins, {std::string("x")}}), CqlError);  // wrong value count
  try {
    session_->execute({ins, {std::string("x"), std::string("not an int")}});
    FAIL() << "invalid value expected";
  } catch (const CqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::invalid) << e.what();
  }
}

TEST_F(CqlSession, PythonDriverReadsWhatJobstreamWrote) {
  auto values = reference_values();
  std::vector<Value> bound{std::string("js1")};
  bound.insert(bound.end(), values.begin(), values.end());
  session_->execute({insert_all(), bound});
  auto out = python("read", "js1");
  const char* want =
      "a=plain ascii\nbi=-9000000000\nb=00ff10\nbo=true\ndc=12.345\nd=-2.5\nf=1.5\ni=123456\nts=1700000000123\n"
      "dt=19675\nu=550e8400-e29b-41d4-a716-446655440000\ntu=d2177dd0-eaa2-11de-a572-001b779c76e3\nsi=-1234\n"
      "ti=-12\nvi=1180591620717411303424\nt=Zo\xC3\xAB \xE2\x80\x94 \xE6\x9D\xB1\xE4\xBA\xAC\nl=[1,2,3]\ns={a,b}\n"
      "m={k:7}\nn=null\n";
  EXPECT_EQ(out, want);
}

TEST_F(CqlSession, JobstreamReadsWhatPythonDriverWrote) {
  auto out = python("write", "py1");
  ASSERT_EQ(out, "");
  auto row = read_row("py1");
  auto values = reference_values();
  ASSERT_EQ(row.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) EXPECT_EQ(row[i], values[i]) << "column " << i;
}

TEST_F(CqlSession, UnpreparedAfterTableRecreateIsReprepared) {
  // Dropping a table makes the node forget the statements prepared on it: the next EXECUTE
  // gets UNPREPARED, which the session answers by re-preparing and resending.
  session_->query("CREATE TABLE " + keyspace_ + ".recreated (id int PRIMARY KEY, v text)");
  auto ins = session_->prepare("INSERT INTO " + keyspace_ + ".recreated (id, v) VALUES (?, ?)");
  session_->execute({ins, {std::int32_t{1}, std::string("a")}});
  session_->query("DROP TABLE " + keyspace_ + ".recreated");
  session_->query("CREATE TABLE " + keyspace_ + ".recreated (id int PRIMARY KEY, v text)");
  auto before = session_->reprepare_count();
  session_->execute({ins, {std::int32_t{2}, std::string("b")}});
  EXPECT_EQ(session_->reprepare_count(), before + 1);
  auto sel = session_->prepare("SELECT v FROM " + keyspace_ + ".recreated WHERE id = ?");
  auto r = session_->execute({sel, {std::int32_t{2}}});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0].as<std::string>(), "b");
}

TEST_F(CqlSession, TokensMatchTheServersTokenFunction) {
  EXPECT_GT(session_->ring_size(), 0u);  // system.local tokens were read
  session_->query("CREATE TABLE " + keyspace_ + ".composite (a text, b int, c int, PRIMARY KEY ((a, b), c))");
  auto ins = session_->prepare("INSERT INTO " + keyspace_ + ".composite (c, b, a) VALUES (?, ?, ?)");
  ASSERT_EQ(ins->pk_indexes, (std::vector<std::uint16_t>{2, 1}));  // a is marker 2, b is marker 1
  auto sel = session_->prepare("SELECT token(a, b) FROM " + keyspace_ + ".composite WHERE a = ? AND b = ?");
  auto single = session_->prepare("SELECT token(id) FROM " + keyspace_ + ".all_types WHERE id = ?");
  auto ins_single = session_->prepare("INSERT INTO " + keyspace_ + ".all_types (id) VALUES (?)");
  for (std::int32_t i = 0; i < 50; ++i) {
    std::string a = "key-" + std::to_string(i * 7919) + std::string(static_cast<std::size_t>(i), 'z');
    BoundStatement st(ins, {std::int32_t{0}, i, a});
    session_->execute(st);
    auto key = routing_key(st.values, ins->pk_indexes);
    ASSERT_TRUE(key.has_value());
    auto server = session_->execute({sel, {a, i}});
    ASSERT_EQ(server.rows.size(), 1u);
    EXPECT_EQ(murmur3_token(*key), server.rows[0][0].as<std::int64_t>()) << a;
    EXPECT_EQ(session_->route(st), "");  // a single node owns every token

    session_->execute({ins_single, {a}});
    auto one = session_->execute({single, {a}});
    ASSERT_EQ(one.rows.size(), 1u);
    EXPECT_EQ(murmur3_token(*routing_key({Value(a)}, {0})), one.rows[0][0].as<std::int64_t>()) << a;
  }
}

TEST_F(CqlSession, Lz4CompressedSessionRoundTrips) {
  SessionConfig cfg = session_->config();
  cfg.lz4 = true;
  auto lz = Session::connect(cfg);
  lz->query("CREATE TABLE " + keyspace_ + ".compressed (id int PRIMARY KEY, body text)");
  auto ins = lz->prepare("INSERT INTO " + keyspace_ + ".compressed (id, body) VALUES (?, ?)");
  std::vector<PendingResult> pending;
  pending.reserve(300);
  for (std::int32_t i = 0; i < 300; ++i)
    pending.push_back(lz->execute_async({ins, {i, std::string(3000, static_cast<char>('a' + i % 26))}}));
  for (auto& p : pending) p.get();
  auto sel = lz->prepare("SELECT id, body FROM " + keyspace_ + ".compressed");
  BoundStatement st(sel);
  st.page_size = 100;
  auto rows = lz->fetch_all(st);
  ASSERT_EQ(rows.size(), 300u);
  for (const auto& r : rows)
    EXPECT_EQ(r[1].as<std::string>(),
              std::string(3000, static_cast<char>('a' + r[0].as<std::int32_t>() % 26)));
}

TEST_F(CqlSession, ConcurrentCallersShareWriteCalls) {
  // Requests queued while another thread is writing leave in the same write call.
  auto s = Session::connect(session_->config());
  s->query("CREATE TABLE " + keyspace_ + ".coalesced (id int PRIMARY KEY, body text)");
  auto ins = s->prepare("INSERT INTO " + keyspace_ + ".coalesced (id, body) VALUES (?, ?)");
  const auto before = s->frames_and_writes();
  std::vector<std::thread> callers;
  callers.reserve(8);
  for (int t = 0; t < 8; ++t) {
    callers.emplace_back([&, t] {
      std::vector<PendingResult> pending;
      pending.reserve(500);
      for (std::int32_t i = 0; i < 500; ++i)
        pending.push_back(s->execute_async({ins, {t * 1000 + i, std::string(200, 'c')}}));
      for (auto& p : pending) p.get();
    });
  }
  for (auto& c : callers) c.join();
  const auto after = s->frames_and_writes();
  const auto frames = after.first - before.first, writes = after.second - before.second;
  EXPECT_GE(frames, 4000u);
  EXPECT_LT(writes, frames) << "no two requests ever shared a write";
  std::printf("4000 concurrent requests: %llu frames in %llu write calls\n",
              static_cast<unsigned long long>(frames), static_cast<unsigned long long>(writes));
  auto rows = s->fetch_all({s->prepare("SELECT id FROM " + keyspace_ + ".coalesced"), {}});
  EXPECT_EQ(rows.size(), 4000u);
}
