package dev.junction.server;

import dev.junction.app.JsonContract;
import dev.junction.plan.Disposition;
import dev.junction.plan.InputError;
import dev.junction.plan.PlanError;
import dev.junction.plan.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One response: a status and a JSON body, written by {@link JsonContract} exactly as the CLI
 * prints it with {@code --json} (its trailing line feed included), so agents see one contract.
 */
record Answer(int status, String body) {
  static final int OK = 200;
  static final int BAD_REQUEST = 400;
  static final int UNAUTHORIZED = 401;
  static final int FORBIDDEN = 403;
  static final int NOT_FOUND = 404;
  static final int METHOD_NOT_ALLOWED = 405;
  static final int CONFLICT = 409;
  static final int TOO_LARGE = 413;
  static final int UNPROCESSABLE = 422;
  static final int LOCKED = 423;
  static final int INTERNAL = 500;
  static final int UNAVAILABLE = 503;

  /** What a route answers once it has taken the response over (an event stream): nothing more is sent. */
  static final Answer STREAMED = new Answer(OK, "");

  /** The status of a disposition (DESIGN.md, "Exit codes ... and HTTP statuses"). */
  static int status(Disposition d) {
    return switch (d) {
      case DONE -> OK;
      case NO -> CONFLICT;
      case INVALID -> BAD_REQUEST;
      case BLOCKED -> LOCKED;
      case FORBIDDEN -> FORBIDDEN;
    };
  }

  /** {@code value} as the answer of an outcome whose disposition is {@code d}. */
  static Answer of(Disposition d, Object value) {
    return new Answer(status(d), json(value));
  }

  static String json(Object value) {
    return JsonContract.write(value) + "\n";
  }

  /** An error with no field at fault: {@code {"error": message}}. */
  static Answer error(int status, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", message);
    return new Answer(status, json(body));
  }

  /**
   * Bad input: the first problem as {@code error} and {@code pointer}, and every problem under
   * {@code errors}; an input error's field becomes a JSON pointer ({@code target} is
   * {@code /target}, {@code findings[0]} is {@code /findings/0}); a plan error names its file,
   * line and field instead.
   */
  static Answer invalid(List<Problem> problems) {
    List<Map<String, Object>> errors = new ArrayList<>();
    for (Problem p : problems) {
      errors.add(problem(p));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (errors.isEmpty()) {
      body.put("error", "invalid input");
    } else {
      body.putAll(errors.get(0));
    }
    body.put("errors", errors);
    return new Answer(BAD_REQUEST, json(body));
  }

  static Map<String, Object> problem(Problem p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", p.message());
    if (p instanceof InputError e) {
      out.put("pointer", pointer(e.field()));
    } else if (p instanceof PlanError e) {
      out.put("file", e.file());
      out.put("line", e.line());
      out.put("field", e.field());
    }
    return out;
  }

  /**
   * A domain field as a JSON pointer (RFC 6901): {@code findings[0].text} is
   * {@code /findings/0/text}; a field that is a pointer already stays as it is.
   */
  static String pointer(String field) {
    if (field.isEmpty() || field.startsWith("/")) {
      return field;
    }
    StringBuilder b = new StringBuilder();
    for (String part : field.split("\\.", -1)) {
      int bracket = part.indexOf('[');
      String name = bracket < 0 ? part : part.substring(0, bracket);
      b.append('/').append(escape(name));
      while (bracket >= 0) {
        int close = part.indexOf(']', bracket);
        if (close < 0) {
          break;
        }
        b.append('/').append(escape(part.substring(bracket + 1, close)));
        bracket = part.indexOf('[', close);
      }
    }
    return b.toString();
  }

  /** One reference token of a pointer: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
