package dev.vgp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vgp.files.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatasetKindTest {

  @Test
  void aDatasetIsNamedByItsIdInAnyCaseWithUnderscoresForDashes() {
    for (String name : new String[] {"fashion-mnist", "FASHION_MNIST", "fashion_mnist"}) {
      assertEquals(DatasetKind.FASHION_MNIST, DatasetKind.parse(name));
    }
    assertEquals(DatasetKind.CIFAR100, DatasetKind.parse("CIFAR100"));
    DataException e = assertThrows(DataException.class, () -> DatasetKind.parse("mnist"));
    assertEquals("unknown dataset 'mnist': use one of cifar100, cifar10, fashion-mnist",
        e.getMessage());
  }

  @Test
  void preparedDataIsWrittenWithTheIdAndReadFromEarlierPlanFiles() {
    PreparedData prepared = new PreparedData(DatasetKind.FASHION_MNIST, Path.of("/data"),
        "sha256:0");
    String json = Json.write(prepared);
    assertEquals("{\n  \"kind\": \"fashion-mnist\",\n  \"directory\": \"/data\",\n"
        + "  \"checksum\": \"sha256:0\"\n}\n", json);
    assertEquals(prepared, Json.read(json, PreparedData.class));
    assertEquals(prepared, Json.read(json.replace("fashion-mnist", "fashion_mnist"),
        PreparedData.class));
  }
}
