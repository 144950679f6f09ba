package io.hwoffload.cli.flows;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A page written by {@code flows report}, read with the JDK's XML parser (the page is well-formed
 * XML on purpose) and queried by XPath over local names, so the SVG namespace needs no prefix.
 */
record ReportPage(String html, Document document) {
    private static final XPath XPATH = XPathFactory.newInstance().newXPath();

    static ReportPage parse(String html) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return new ReportPage(html, factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8))));
        } catch (Exception e) {
            throw new AssertionError("the report is not well-formed: " + e.getMessage(), e);
        }
    }

    List<Element> all(String xpath) {
        try {
            NodeList nodes = (NodeList) XPATH.evaluate(xpath, document, XPathConstants.NODESET);
            List<Element> elements = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                elements.add((Element) nodes.item(i));
            }
            return elements;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }

    Element one(String xpath) {
        List<Element> found = all(xpath);
        if (found.size() != 1) {
            throw new AssertionError("expected one element at " + xpath + ", found " + found.size());
        }
        return found.get(0);
    }

    /** The element with this id, e.g. {@code ratio-packets}. */
    Element byId(String id) {
        return one("//*[@id='" + id + "']");
    }

    /** The flows drawn in the graph, one SVG group each. */
    List<Element> graphNodes() {
        return all("//*[local-name()='g'][starts-with(@class, 'node ')]");
    }

    List<Element> graphEdges() {
        return all("//*[local-name()='path'][@class='edge']");
    }
}
