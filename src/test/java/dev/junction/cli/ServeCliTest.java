package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.Plans;
import dev.junction.testing.TestRepo;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction serve} refusing to start: what it says and how it exits. */
class ServeCliTest {
  @Test
  void anAddressThatIsNotHostAndPortIsBadInputNamingListen(@TempDir Path dir) throws Exception {
    TestRepo.init(dir).close();
    for (String bad : new String[] {"7420", "localhost:", "localhost:http", "127.0.0.1:70000", ":80"}) {
      CliTest.Run run = CliTest.run("serve", "--repo", dir.toString(), "--listen", bad);
      assertThat(run.code()).as(bad).isEqualTo(ExitCodes.INVALID);
      assertThat(run.err()).as(bad).contains("--listen", "HOST:PORT");
    }
  }

  @Test
  void noRepositoryIsBadInput(@TempDir Path dir) {
    CliTest.Run run = CliTest.run("serve", "--repo", dir.toString(), "--listen", "127.0.0.1:0");
    assertThat(run.code()).isEqualTo(ExitCodes.INVALID);
    assertThat(run.err()).contains("--repo", "not a git repository");
  }

  @Test
  void anAddressInUseIsBlocked(@TempDir Path dir) throws Exception {
    try (TestRepo repo = TestRepo.init(dir)) {
      repo.commit("main", "chore: plan\n", "junction.yaml", Plans.ONE_SESSION);
    }
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      CliTest.Run run = CliTest.run("serve", "--repo", dir.toString(), "--listen", "127.0.0.1:" + taken.getLocalPort());
      assertThat(run.code()).isEqualTo(ExitCodes.BLOCKED);
      assertThat(run.err()).contains("serve: cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void anIpv6AddressIsInBrackets() {
    assertThat(ServeCommand.Address.parse("[::1]:7420")).isEqualTo(new ServeCommand.Address("::1", 7420));
    assertThat(ServeCommand.Address.parse("0.0.0.0:0")).isEqualTo(new ServeCommand.Address("0.0.0.0", 0));
  }
}
