package io.sluice.connector.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilesOffsetTest {
  @Test
  void roundTripsThroughJsonInNameOrder() {
    FilesOffset offset = new FilesOffset(List.of("b.json", "a \"quoted\".json", "c.json"));

    assertThat(offset.toJson())
        .isEqualTo("{\"files\":[\"a \\\"quoted\\\".json\",\"b.json\",\"c.json\"]}");
    assertThat(FilesOffset.fromJson(offset.toJson())).isEqualTo(offset);
    assertThat(FilesOffset.fromJson(FilesOffset.EMPTY.toJson())).isEqualTo(FilesOffset.EMPTY);
  }

  @Test
  void listsFilesAfterAnEarlierOffset() {
    FilesOffset start = new FilesOffset(List.of("a", "c"));
    FilesOffset end = start.plus(List.of("d", "b"));

    assertThat(end.filesAfter(start)).containsExactly("b", "d");
    assertThat(end.files()).containsExactly("a", "b", "c", "d");
    assertThat(start.files()).containsExactly("a", "c");
  }

  @Test
  void keepsAPartlyReadFileAndItsPosition() {
    FilesOffset start = new FilesOffset(List.of("a"), "b", 100);
    FilesOffset end = start.plus(List.of("b", "c"), "d", 7);

    assertThat(FilesOffset.fromJson(start.toJson())).isEqualTo(start);
    assertThat(start.toJson())
        .isEqualTo("{\"files\":[\"a\"],\"partial\":{\"file\":\"b\",\"position\":100}}");
    assertThat(end.rangesAfter(start))
        .containsExactly(
            new FilesOffset.FileRange("b", 100, Long.MAX_VALUE),
            new FilesOffset.FileRange("c", 0, Long.MAX_VALUE),
            new FilesOffset.FileRange("d", 0, 7));
    FilesOffset further = new FilesOffset(List.of("a"), "b", 250);
    assertThat(further.rangesAfter(start))
        .containsExactly(new FilesOffset.FileRange("b", 100, 250));
    assertThat(start.rangesAfter(start)).isEmpty();
    assertThatThrownBy(() -> new FilesOffset(List.of("a"), "a", 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{}", "{\"files\": \"a\"}", "{\"files\": [1]}", "[\"a\"]", "{"})
  void rejectsOtherJson(String json) {
    assertThatThrownBy(() -> FilesOffset.fromJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Not a files offset");
  }
}
