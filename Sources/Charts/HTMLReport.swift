/// One self-contained HTML report page: inline CSS, inline SVG, no scripts, no network.
///
/// The output is also well-formed XML (XHTML syntax), so it can be checked with an XML parser.
public enum HTMLReport {
    /// A key number shown as a card ("kept", "12,345").
    public struct Card: Sendable, Equatable {
        /// Short caption above the number.
        public var label: String
        /// The number, already formatted.
        public var value: String
        /// Optional small print under the number.
        public var note: String?
        /// Creates a card.
        public init(label: String, value: String, note: String? = nil) {
            self.label = label; self.value = value; self.note = note
        }
    }

    /// A table; cells are plain text (escaped on output); numeric-looking columns align right.
    public struct Table: Sendable, Equatable {
        /// Column headings.
        public var headers: [String]
        /// Rows of cells; short rows are padded with empty cells.
        public var rows: [[String]]
        /// Optional caption above the table.
        public var caption: String?
        /// Creates a table.
        public init(headers: [String], rows: [[String]], caption: String? = nil) {
            self.headers = headers; self.rows = rows; self.caption = caption
        }
    }

    /// One piece of a section's content.
    public enum Block: Sendable, Equatable {
        /// Plain text; blank lines separate paragraphs.
        case prose(String)
        /// Trusted SVG markup (from ``SVGChart``), inserted as is.
        case svg(String)
        /// A table.
        case table(Table)
        /// A row of key-number cards.
        case cards([Card])
        /// Monospaced text kept as written (escaped).
        case preformatted(String)
    }

    /// A headed part of the page.
    public struct Section: Sendable, Equatable {
        /// The `<h2>` heading.
        public var heading: String
        /// The content, in order.
        public var blocks: [Block]
        /// Creates a section.
        public init(heading: String, blocks: [Block]) { self.heading = heading; self.blocks = blocks }
        /// A section of prose followed by other blocks.
        public init(heading: String, prose: String? = nil, svg: String? = nil, table: Table? = nil, cards: [Card] = []) {
            var blocks: [Block] = []
            if !cards.isEmpty { blocks.append(.cards(cards)) }
            if let prose { blocks.append(.prose(prose)) }
            if let svg { blocks.append(.svg(svg)) }
            if let table { blocks.append(.table(table)) }
            self.init(heading: heading, blocks: blocks)
        }
    }

    /// A complete HTML document.
    /// - Parameters:
    ///   - title: the `<title>` and `<h1>`.
    ///   - subtitle: an optional line under the heading (e.g. the command and date).
    ///   - sections: the content.
    /// - Returns: the document text, UTF-8 ready.
    /// - Complexity: O(total content size).
    public static func page(title: String, subtitle: String? = nil, sections: [Section]) -> String {
        var out = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
        out += "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        out += "<title>\(Markup.escape(title))</title>\n<style>\(stylesheet)</style>\n</head>\n<body>\n<main>\n"
        out += "<h1>\(Markup.escape(title))</h1>\n"
        if let subtitle { out += "<p class=\"subtitle\">\(Markup.escape(subtitle))</p>\n" }
        for section in sections {
            out += "<section>\n<h2>\(Markup.escape(section.heading))</h2>\n"
            for block in section.blocks { out += render(block) }
            out += "</section>\n"
        }
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    static func render(_ block: Block) -> String {
        switch block {
        case let .prose(text):
            return text.split(separator: "\n\n", omittingEmptySubsequences: true)
                .map { "<p>\(Markup.escape(String($0)))</p>\n" }.joined()
        case let .svg(markup):
            return "<figure>\(markup)</figure>\n"
        case let .preformatted(text):
            return "<pre>\(Markup.escape(text))</pre>\n"
        case let .cards(cards):
            var out = "<div class=\"cards\">"
            for card in cards {
                out += "<div class=\"card\"><div class=\"label\">\(Markup.escape(card.label))</div><div class=\"value\">\(Markup.escape(card.value))</div>"
                if let note = card.note { out += "<div class=\"note\">\(Markup.escape(note))</div>" }
                out += "</div>"
            }
            return out + "</div>\n"
        case let .table(table):
            return render(table)
        }
    }

    static func render(_ table: Table) -> String {
        let width = max(table.headers.count, table.rows.map(\.count).max() ?? 0)
        let numeric = (0 ..< width).map { column in
            let cells = table.rows.compactMap { column < $0.count ? $0[column] : nil }.filter { !$0.isEmpty }
            return !cells.isEmpty && cells.allSatisfy(looksNumeric)
        }
        var out = "<div class=\"table-wrap\"><table>"
        if let caption = table.caption { out += "<caption>\(Markup.escape(caption))</caption>" }
        if !table.headers.isEmpty {
            out += "<thead><tr>"
            for column in 0 ..< width {
                let text = column < table.headers.count ? table.headers[column] : ""
                out += "<th\(numeric[column] ? " class=\"num\"" : "")>\(Markup.escape(text))</th>"
            }
            out += "</tr></thead>"
        }
        out += "<tbody>"
        for row in table.rows {
            out += "<tr>"
            for column in 0 ..< width {
                let text = column < row.count ? row[column] : ""
                out += "<td\(numeric[column] ? " class=\"num\"" : "")>\(Markup.escape(text))</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table></div>\n"
    }

    /// Whether a cell reads as a number (digits with optional sign, separators, decimals, percent).
    static func looksNumeric(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: [" ", "%"])
        guard !trimmed.isEmpty, trimmed.contains(where: \.isNumber) else { return false }
        return trimmed.allSatisfy { $0.isNumber || "+-−.,eE".contains($0) }
    }

    static let stylesheet = """
    :root{color-scheme:light;--ink:#1d1d1f;--muted:#5f6368;--line:#dadce0;--accent:#0072B2}
    *{box-sizing:border-box}
    body{margin:0;background:#f7f7f8;color:var(--ink);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
    main{max-width:1040px;margin:0 auto;padding:24px 20px 48px;background:#fff}
    h1{font-size:1.7rem;margin:.2em 0 .1em}
    h2{font-size:1.25rem;margin:1.6em 0 .5em;padding-bottom:.2em;border-bottom:1px solid var(--line)}
    p{max-width:72ch}
    .subtitle{color:var(--muted);margin-top:0}
    figure{margin:1em 0;overflow-x:auto}
    figure svg{display:block;max-width:100%;height:auto}
    .cards{display:flex;flex-wrap:wrap;gap:12px;margin:1em 0}
    .card{flex:1 1 150px;border:1px solid var(--line);border-radius:8px;padding:10px 14px}
    .card .label{font-size:.8rem;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
    .card .value{font-size:1.5rem;font-weight:600;font-variant-numeric:tabular-nums}
    .card .note{font-size:.8rem;color:var(--muted)}
    .table-wrap{overflow-x:auto;margin:1em 0}
    table{border-collapse:collapse;font-size:.9rem;min-width:50%}
    caption{text-align:left;color:var(--muted);padding-bottom:4px}
    th,td{border-bottom:1px solid var(--line);padding:5px 10px;text-align:left;vertical-align:top}
    th{background:#f1f3f4;font-weight:600}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    pre{background:#f1f3f4;padding:10px;overflow-x:auto;font-size:.85rem}
    @media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}figure,table,.card{break-inside:avoid}a{color:inherit}}
    @media (max-width:600px){main{padding:12px}.card .value{font-size:1.2rem}}
    """
}
