package demo;

/** A calculator with just enough branches to leave some lines uncovered. */
public class Calculator {

  public int add(int a, int b) {
    return a + b;
  }

  public int divide(int a, int b) {
    if (b == 0) {
      throw new ArithmeticException("division by zero");
    }
    return a / b;
  }

  public int abs(int a) {
    if (a < 0) {
      return -a;
    }
    return a;
  }

  public String describe(int a) {
    StringBuilder b = new StringBuilder();
    b.append("value ");
    b.append(a);
    return b.toString();
  }
}
