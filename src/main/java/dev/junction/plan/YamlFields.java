package dev.junction.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping read field by field, with its path and line, reporting every problem into a
 * shared list instead of stopping at the first: unknown keys, repeated keys, wrong types, missing
 * required fields.
 */
final class YamlFields {
  private final String file;
  private final String path;
  private final Node node;
  private final List<PlanError> errors;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

  private YamlFields(String file, String path, Node node, List<PlanError> errors) {
    this.file = file;
    this.path = path;
    this.node = node;
    this.errors = errors;
  }

  /** Reads {@code node} as a mapping whose keys must be among {@code known}. */
  static Optional<YamlFields> of(
      String file, String path, Node node, Set<String> known, List<PlanError> errors) {
    if (!(node instanceof MappingNode mapping)) {
      errors.add(new PlanError(file, line(node), path, "expected a mapping, found " + kind(node)));
      return Optional.empty();
    }
    YamlFields fields = new YamlFields(file, path, node, errors);
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      String key = keyNode instanceof ScalarNode s ? s.getValue() : null;
      String keyPath = join(path, key == null ? "?" : key);
      if (key == null) {
        errors.add(new PlanError(file, line(keyNode), path, "keys must be plain words"));
      } else if (!known.contains(key)) {
        errors.add(new PlanError(file, line(keyNode), keyPath,
            "unknown key (expected one of " + String.join(", ", known.stream().sorted().toList()) + ")"));
      } else if (fields.entries.containsKey(key)) {
        errors.add(new PlanError(file, line(keyNode), keyPath,
            "repeated key (first at line " + line(fields.entries.get(key).getKeyNode()) + ")"));
      } else {
        fields.entries.put(key, tuple);
      }
    }
    return Optional.of(fields);
  }

  String file() {
    return file;
  }

  String path() {
    return path;
  }

  int line() {
    return line(node);
  }

  /** The value node of {@code key}, absent when the key is absent or its value is null. */
  Optional<Node> node(String key) {
    NodeTuple tuple = entries.get(key);
    if (tuple == null || isNull(tuple.getValueNode())) {
      return Optional.empty();
    }
    return Optional.of(tuple.getValueNode());
  }

  /** Line of the key, or of the mapping when absent. */
  int lineOf(String key) {
    NodeTuple tuple = entries.get(key);
    return tuple == null ? line() : line(tuple.getKeyNode());
  }

  String pathOf(String key) {
    return join(path, key);
  }

  Optional<String> string(String key) {
    return node(key).flatMap(n -> scalar(n, pathOf(key)));
  }

  /** A required single value; reports it missing or empty and answers null then. */
  String requiredString(String key) {
    if (!entries.containsKey(key)) {
      error(line(), pathOf(key), "required field is missing");
      return null;
    }
    Optional<Node> value = node(key);
    if (value.isEmpty()) {
      error(lineOf(key), pathOf(key), "required field is empty");
      return null;
    }
    Optional<String> text = scalar(value.get(), pathOf(key));
    if (text.isPresent() && text.get().isBlank()) {
      error(lineOf(key), pathOf(key), "required field is empty");
      return null;
    }
    return text.orElse(null);
  }

  Optional<Integer> integer(String key) {
    return node(key).flatMap(n -> {
      if (n instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
        try {
          return Optional.of(Integer.parseInt(s.getValue()));
        } catch (NumberFormatException e) {
          // falls through to the error below
        }
      }
      error(line(n), pathOf(key), "expected a whole number, found " + kind(n));
      return Optional.empty();
    });
  }

  Optional<Boolean> bool(String key) {
    return node(key).flatMap(n -> {
      if (n instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
        // YAML 1.1, as SnakeYAML reads it: yes/on/true are true, no/off/false are false.
        String word = s.getValue().toLowerCase(java.util.Locale.ROOT);
        return Optional.of(word.equals("true") || word.equals("yes") || word.equals("on"));
      }
      error(line(n), pathOf(key), "expected true or false, found " + kind(n));
      return Optional.empty();
    });
  }

  /** A list of strings; a single string is accepted as a list of one. */
  List<Located<String>> strings(String key) {
    List<Located<String>> out = new ArrayList<>();
    node(key).ifPresent(n -> {
      if (n instanceof ScalarNode) {
        scalar(n, pathOf(key)).ifPresent(v -> out.add(new Located<>(v, line(n), pathOf(key))));
        return;
      }
      for (Located<Node> item : items(key)) {
        scalar(item.value(), item.path())
            .ifPresent(v -> out.add(new Located<>(v, item.line(), item.path())));
      }
    });
    return out;
  }

  /** Items of a list field that must hold at least one item; reports an empty list. */
  List<Located<Node>> nonEmptyItems(String key, String why) {
    List<Located<Node>> items = items(key);
    if (items.isEmpty() && node(key).filter(n -> n instanceof SequenceNode).isPresent()) {
      error(lineOf(key), pathOf(key), "empty list: " + why);
    }
    return items;
  }

  /** Items of a list field, each with its path and line. */
  List<Located<Node>> items(String key) {
    List<Located<Node>> out = new ArrayList<>();
    node(key).ifPresent(n -> {
      if (!(n instanceof SequenceNode seq)) {
        error(line(n), pathOf(key), "expected a list, found " + kind(n));
        return;
      }
      List<Node> values = seq.getValue();
      for (int i = 0; i < values.size(); i++) {
        out.add(new Located<>(values.get(i), line(values.get(i)), pathOf(key) + "[" + i + "]"));
      }
    });
    return out;
  }

  /** Entries of a mapping field whose keys are free (names chosen by the user). */
  <T> Map<String, T> freeMap(String key, BiFunction<String, Located<Node>, Optional<T>> value) {
    Map<String, T> out = new LinkedHashMap<>();
    node(key).ifPresent(n -> {
      if (!(n instanceof MappingNode mapping)) {
        error(line(n), pathOf(key), "expected a mapping, found " + kind(n));
        return;
      }
      for (NodeTuple tuple : mapping.getValue()) {
        Optional<String> name = scalar(tuple.getKeyNode(), pathOf(key));
        if (name.isEmpty()) {
          continue;
        }
        String itemPath = pathOf(key) + "." + name.get();
        if (out.containsKey(name.get())) {
          error(line(tuple.getKeyNode()), itemPath, "repeated key");
          continue;
        }
        Located<Node> located = new Located<>(tuple.getValueNode(), line(tuple.getValueNode()), itemPath);
        value.apply(name.get(), located).ifPresent(v -> out.put(name.get(), v));
      }
    });
    return out;
  }

  void error(int line, String field, String message) {
    errors.add(new PlanError(file, line, field, message));
  }

  Optional<String> scalar(Node n, String at) {
    if (n instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
      return Optional.of(s.getValue());
    }
    error(line(n), at, "expected a single value, found " + kind(n));
    return Optional.empty();
  }

  static int line(Node node) {
    return node == null ? 0 : node.getStartMark().getLine() + 1;
  }

  static String kind(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    if (isNull(node)) {
      return "nothing";
    }
    return "'" + ((ScalarNode) node).getValue() + "'";
  }

  private static boolean isNull(Node node) {
    return node == null || (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL));
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** A value with the line and field path it came from. */
  record Located<T>(T value, int line, String path) {}
}
