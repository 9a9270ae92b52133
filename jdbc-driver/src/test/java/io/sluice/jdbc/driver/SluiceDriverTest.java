package io.sluice.jdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** How Sluice URLs and connection properties become Avatica's. */
class SluiceDriverTest {
  @Test
  void tlsInTheUrlSelectsHttps() throws SQLException {
    assertThat(SluiceDriver.avaticaProperties("jdbc:sluice://db:9000"))
        .isEqualTo("url=http://db:9000;serialization=protobuf");
    assertThat(SluiceDriver.avaticaProperties("jdbc:sluice://db?tls=true"))
        .isEqualTo("url=https://db:8765;serialization=protobuf");
    assertThat(SluiceDriver.avaticaProperties("jdbc:sluice://db:9000?tls=false&x=1"))
        .isEqualTo("url=http://db:9000;serialization=protobuf");
    assertThatThrownBy(() -> SluiceDriver.avaticaProperties("jdbc:sluice://db?tls=yes"))
        .hasMessage(
            "Invalid Sluice URL 'jdbc:sluice://db?tls=yes': tls must be true or false, not 'yes'");
  }

  @Test
  void userAndPasswordBecomeBasicCredentialsAndThePasswordGoesNowhereElse() {
    Properties info = new Properties();
    info.setProperty("user", "alice");
    info.setProperty("password", "secret");
    Properties properties = SluiceDriver.connectionProperties("jdbc:sluice://db", info);
    assertThat(properties.getProperty("authentication")).isEqualTo("BASIC");
    assertThat(properties.getProperty("avatica_user")).isEqualTo("alice");
    assertThat(properties.getProperty("avatica_password")).isEqualTo("secret");
    assertThat(properties.getProperty("password")).isNull();
  }

  @Test
  void urlParametersAreDecodedAndPropertiesWinOverThem() {
    Properties info = new Properties();
    info.setProperty("truststore", "/etc/given.p12");
    Properties properties =
        SluiceDriver.connectionProperties(
            "jdbc:sluice://db?tls=true&truststore=/etc/url.p12&user=bob&password=a%20b%26c", info);
    assertThat(properties.getProperty("truststore")).isEqualTo("/etc/given.p12");
    assertThat(properties.getProperty("avatica_user")).isEqualTo("bob");
    assertThat(properties.getProperty("avatica_password")).isEqualTo("a b&c");
  }

  @Test
  void noUserNoCredentials() {
    Properties properties = SluiceDriver.connectionProperties("jdbc:sluice://db", new Properties());
    assertThat(properties.getProperty("authentication")).isNull();
    Properties empty = new Properties();
    empty.setProperty("user", "");
    assertThat(
            SluiceDriver.connectionProperties("jdbc:sluice://db", empty)
                .getProperty("authentication"))
        .isNull();
  }
}
