#include "kafka/produce.hpp"

#include <string>

namespace jobstream::kafka {

rd_kafka_resp_err_t produce(rd_kafka_t* producer, ProduceRequest& request) {
  // produceva takes a NUL-terminated topic name.
  const std::string topic(request.topic);
  rd_kafka_vu_t vus[6] = {};
  std::size_t n = 0;
  vus[n].vtype = RD_KAFKA_VTYPE_TOPIC;
  vus[n++].u.cstr = topic.c_str();
  vus[n].vtype = RD_KAFKA_VTYPE_KEY;
  vus[n++].u.mem = {const_cast<char*>(request.key.data()), request.key.size()};
  vus[n].vtype = RD_KAFKA_VTYPE_VALUE;
  vus[n++].u.mem = {const_cast<char*>(request.value.data()), request.value.size()};
  vus[n].vtype = RD_KAFKA_VTYPE_OPAQUE;
  vus[n++].u.ptr = request.opaque;
  // Without F_COPY librdkafka would keep pointing at the caller's buffers.
  vus[n].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
  vus[n++].u.i = RD_KAFKA_MSG_F_COPY;
  if (request.headers) {
    vus[n].vtype = RD_KAFKA_VTYPE_HEADERS;
    vus[n++].u.headers = request.headers.get();
  }
  ErrorPtr error(rd_kafka_produceva(producer, vus, n));
  if (error) return rd_kafka_error_code(error.get());
  static_cast<void>(request.headers.release());  // librdkafka owns them once the message is queued
  return RD_KAFKA_RESP_ERR_NO_ERROR;
}

}  // namespace jobstream::kafka
