#pragma once

#include <curl/curl.h>

#include <memory>

namespace jobstream::source {

/// RAII for libcurl's C handles, deleters defined once.
struct CurlEasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct CurlSlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct CurlStringDeleter {
  void operator()(char* s) const { curl_free(s); }
};

using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
using CurlSlist = std::unique_ptr<curl_slist, CurlSlistDeleter>;
using CurlString = std::unique_ptr<char, CurlStringDeleter>;

/// Runs curl_global_init once per process (thread-safe).
void ensure_curl_global_init();

}  // namespace jobstream::source
