package dev.junction.gate;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses report XML with the JDK's parser, safe against XXE: no external DTD, entity or schema is
 * ever fetched, and entity expansion is capped. JaCoCo's and Cobertura's files name a DTD in their
 * DOCTYPE, so a DOCTYPE is allowed; it is simply not loaded.
 */
final class SafeXml {
  private static final ErrorHandler STRICT = new ErrorHandler() {
    @Override
    public void warning(SAXParseException e) {
      // Warnings (an unresolvable DTD, for one) do not make a report unreadable.
    }

    @Override
    public void error(SAXParseException e) throws SAXException {
      throw e;
    }

    @Override
    public void fatalError(SAXParseException e) throws SAXException {
      throw e;
    }
  };

  private SafeXml() {}

  /** The whole document, or a {@link ReportException} naming {@code file} and the first error. */
  static Document parse(String file, InputStream in) throws ReportException {
    DocumentBuilder builder = builder();
    try {
      return builder.parse(in);
    } catch (SAXParseException e) {
      throw new ReportException(
          file, "not well-formed XML at line " + e.getLineNumber() + ": " + e.getMessage(), e);
    } catch (SAXException | IOException e) {
      throw new ReportException(file, "not readable as XML: " + e.getMessage(), e);
    }
  }

  /** The document element, checked to be one of {@code names}. */
  static Element root(String file, Document document, String... names) throws ReportException {
    Element root = document.getDocumentElement();
    for (String name : names) {
      if (name.equals(root.getTagName())) {
        return root;
      }
    }
    throw new ReportException(file, "root element is <" + root.getTagName() + ">, expected <"
        + String.join("> or <", names) + ">");
  }

  /** The element children of {@code parent} named {@code name}, in document order. */
  static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getTagName())) {
        found.add(e);
      }
    }
    return found;
  }

  /** A required attribute as a non-negative whole number. */
  static long count(String file, Element element, String attribute) throws ReportException {
    String value = required(file, element, attribute);
    try {
      long n = Long.parseLong(value.strip());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below, with the element it came from.
    }
    throw new ReportException(file, "<" + element.getTagName() + "> attribute " + attribute
        + " is '" + value + "', expected a whole number");
  }

  /** A required, non-blank attribute. */
  static String required(String file, Element element, String attribute) throws ReportException {
    String value = element.getAttribute(attribute);
    if (value.isBlank()) {
      throw new ReportException(
          file, "<" + element.getTagName() + "> has no " + attribute + " attribute");
    }
    return value;
  }

  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
      factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      factory.setNamespaceAware(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(STRICT);
      // Belt and braces: should anything still ask for an external entity, it reads nothing.
      builder.setEntityResolver((publicId, systemId) -> {
        throw new SAXException("external entity " + systemId + " refused");
      });
      return builder;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser lacks a safety feature", e);
    }
  }
}
