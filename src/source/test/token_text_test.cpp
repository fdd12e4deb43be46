// What the token provider lets through from a token endpoint's answer: error texts with the client
// secret masked, and only access tokens that are safe in a request header.
#include <gtest/gtest.h>

#include "source/token_provider.hpp"

namespace jobstream::source {
namespace {

TEST(OAuthErrorText, ASecretEchoedInTheErrorDescriptionIsMasked) {
  const common::Secret secret("s3cr3t+value/0123456789");
  // The raw string's delimiter is "j": the text holds `)"`.
  const std::string echoed =
      R"j({"error":"invalid_client","error_description":)j"
      R"j("client_secret=s3cr3t%2Bvalue%2F0123456789 rejected (s3cr3t+value/0123456789)"})j";
  const auto text = oauth_error_text(echoed, secret);
  EXPECT_NE(text.find("invalid_client"), std::string::npos) << text;
  EXPECT_EQ(text.find("s3cr3t"), std::string::npos) << text;
  EXPECT_NE(text.find("***"), std::string::npos) << text;
  EXPECT_EQ(oauth_error_text("<html>secret s3cr3t+value/0123456789</html>", secret),
            "no OAuth2 error in the answer");
}

TEST(AccessToken, ControlCharactersAndSpacesAreRefused) {
  EXPECT_TRUE(is_usable_access_token("eyJ0eXAi.abc-_~+/="));
  for (const char* bad : {"", "tok\r\nX-Injected: 1", "tok\n", "tok en", "tok\t", "t\x7f", "t\xc3\xa9"}) {
    EXPECT_FALSE(is_usable_access_token(bad)) << bad;
  }
}

}  // namespace
}  // namespace jobstream::source
