import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Charts
import Testing

/// Parses `markup` as XML; returns the parser error description, or nil when well-formed.
func xmlError(_ markup: String) -> String? {
    let parser = XMLParser(data: Data(markup.utf8))
    return parser.parse() ? nil : String(describing: parser.parserError)
}

/// Collects the text content of every element named `name`.
final class TextCollector: NSObject, XMLParserDelegate {
    let name: String
    var texts: [String] = []
    var depth = 0
    var current = ""
    init(name: String) { self.name = name }
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if elementName == name { depth += 1; current = "" }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if depth > 0 { current += string } }
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if elementName == name { depth -= 1; texts.append(current) }
    }
    static func texts(of name: String, in markup: String) -> [String] {
        let collector = TextCollector(name: name)
        let parser = XMLParser(data: Data(markup.utf8))
        parser.delegate = collector
        _ = parser.parse()
        return collector.texts
    }
}

let nasty = #"a<b & "c" 'd'>"#

@Suite struct MarkupTests {
    @Test func escapesAllFiveCharacters() {
        #expect(Markup.escape(nasty) == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
    }

    @Test func dropsControlCharactersXMLForbids() {
        #expect(Markup.escape("a\u{0}b\u{1B}c\td") == "abc\td")
    }
}

@Suite struct NiceTicksTests {
    @Test func coversTheRangeWithRoundSteps() {
        let ticks = NiceTicks(lower: 0.7, upper: 0.99, count: 6)
        #expect(ticks.values.first! <= 0.7 && ticks.values.last! >= 0.99)
        #expect(isCloseD(ticks.step, 0.05))
        #expect(ticks.values.map { ticks.label($0) } == ["0.70", "0.75", "0.80", "0.85", "0.90", "0.95", "1.00"])
    }

    @Test func largeRangeUsesPowersOfTen() {
        let ticks = NiceTicks(lower: 0, upper: 9_000, count: 5)
        #expect(ticks.values == [0, 2_000, 4_000, 6_000, 8_000, 10_000])
        #expect(ticks.label(4_000) == "4000")
    }

    @Test func quarterStepsPrintTwoDecimals() {
        let ticks = NiceTicks(lower: 0, upper: 1, count: 4)
        #expect(ticks.values.map { ticks.label($0) } == ["0.00", "0.25", "0.50", "0.75", "1.00"])
    }

    @Test func degenerateAndNonFiniteRangesDoNotTrap() {
        let single = NiceTicks(lower: 3, upper: 3)
        #expect(single.lower < 3 && single.upper > 3)
        let zero = NiceTicks(lower: 0, upper: 0)
        #expect(zero.lower < 0 && zero.upper > 0)
        let broken = NiceTicks(lower: .nan, upper: .infinity)
        #expect(broken.values.count >= 2)
        let reversed = NiceTicks(lower: 10, upper: -10)
        #expect(reversed.lower <= -10 && reversed.upper >= 10)
    }

    @Test func negativeZeroIsPrintedAsZero() {
        let ticks = NiceTicks(lower: -1, upper: 1, count: 4)
        #expect(ticks.values.map { ticks.label($0) }.contains("0.0") || ticks.values.map { ticks.label($0) }.contains("0"))
        #expect(!ticks.values.map { ticks.label($0) }.contains { $0.hasPrefix("-0") && Double($0) == 0 })
    }

    func isCloseD(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-12 }
}

@Suite struct SVGChartTests {
    @Test func lineChartIsWellFormedAndEscapesText() throws {
        let svg = SVGChart.line(
            series: [.init(name: nasty, x: [0.7, 0.8, 0.9], y: [10, 5, 1]), .init(name: "second", x: [0.7, 0.9], y: [3, 4])],
            title: nasty, xLabel: "τ", yLabel: "removed", markers: [.init(x: 0.85, label: "chosen τ = 0.85 <")])
        #expect(xmlError(svg) == nil)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!svg.contains(nasty))
        #expect(TextCollector.texts(of: "title", in: svg).contains(nasty))
        #expect(TextCollector.texts(of: "text", in: svg).contains("chosen τ = 0.85 <"))
        #expect(svg.components(separatedBy: "<path ").count - 1 == 2)
    }

    @Test func emptyAndSinglePointSeriesDoNotTrap() {
        let empty = SVGChart.line(series: [], title: "empty")
        #expect(xmlError(empty) == nil)
        #expect(empty.contains("no data"))
        let hollow = SVGChart.line(series: [.init(name: "none", points: [])], title: "hollow")
        #expect(xmlError(hollow) == nil)
        let single = SVGChart.line(series: [.init(name: "one", x: [1], y: [1])], title: "single")
        #expect(xmlError(single) == nil)
        #expect(single.contains("<circle"))
        let nonFinite = SVGChart.line(series: [.init(name: "nan", x: [.nan, 1, 2], y: [1, .infinity, 3])], title: "nan")
        #expect(xmlError(nonFinite) == nil)
        #expect(!nonFinite.contains("nan") || nonFinite.contains("<title>nan</title>"))
    }

    @Test func barsSwitchToHorizontalForLongLabels() {
        let short = SVGChart.bars([.init(label: "P", value: 3), .init(label: "X", value: 5)], title: "tiers")
        let long = SVGChart.bars([.init(label: "a rather long label <here>", value: 3), .init(label: "b", value: -1)], title: "long")
        #expect(xmlError(short) == nil)
        #expect(xmlError(long) == nil)
        #expect(TextCollector.texts(of: "text", in: long).contains("a rather long label <here>"))
        #expect(xmlError(SVGChart.bars([], title: "none")) == nil)
        // Horizontal bars put labels right-aligned to the left of the plot.
        #expect(long.contains("text-anchor=\"end\" font-size=\"12\">a rather long"))
    }

    @Test func histogramCountsEveryFiniteValue() throws {
        let values = (0 ..< 100).map { Double($0) / 100 } + [.nan]
        let svg = SVGChart.histogram(values: values, binCount: 10, title: "scores", markers: [.init(x: 0.5, label: "τ")])
        #expect(xmlError(svg) == nil)
        let hovers = TextCollector.texts(of: "title", in: svg).dropFirst().filter { $0.contains(":") }
        let total = hovers.compactMap { Int($0.split(separator: ":").last!.trimmingCharacters(in: .whitespaces)) }.reduce(0, +)
        #expect(total == 100)
        #expect(xmlError(SVGChart.histogram(values: [], title: "none")) == nil)
        #expect(xmlError(SVGChart.histogram(values: [2, 2, 2], title: "same")) == nil)
    }

    @Test func scatterColoursByGroupAndCarriesHoverText() {
        let points = [
            SVGChart.ScatterPoint(x: 0, y: 0, group: "a", hover: "first <one>"),
            .init(x: 1, y: 1, group: "b", hover: "second"),
            .init(x: 2, y: 0.5, group: "a", hover: "third"),
        ]
        let svg = SVGChart.scatter(points: points, title: "map")
        #expect(xmlError(svg) == nil)
        #expect(TextCollector.texts(of: "title", in: svg).contains("first <one>"))
        #expect(svg.components(separatedBy: Palette.colour(0)).count - 1 == 3) // legend swatch + two points
        #expect(svg.components(separatedBy: Palette.colour(1)).count - 1 == 2)
        #expect(xmlError(SVGChart.scatter(points: [], title: "none")) == nil)
    }
}

@Suite struct HTMLReportTests {
    @Test func pageIsWellFormedSelfContainedAndEscaped() {
        let page = HTMLReport.page(title: nasty, subtitle: "run & done", sections: [
            .init(heading: "Numbers", prose: "first paragraph\n\nsecond <b>", svg: SVGChart.line(series: [], title: "x"),
                  table: .init(headers: ["τ", "text"], rows: [["0.85", nasty], ["0.90"]], caption: "pairs"),
                  cards: [.init(label: "kept", value: "1,234", note: "of 2,000")]),
            .init(heading: "Raw", blocks: [.preformatted("a < b\n  c")]),
        ])
        #expect(xmlError(page) == nil)
        #expect(!page.contains(nasty))
        #expect(!page.contains("http://") || !page.contains("src="))
        #expect(!page.contains("<script"))
        #expect(TextCollector.texts(of: "td", in: page).contains(nasty))
        #expect(TextCollector.texts(of: "p", in: page).contains("second <b>"))
        #expect(page.contains("<td class=\"num\">0.85</td>"))
        #expect(page.contains("@media print"))
    }
}
