/// Escaping of measured text (phrases, terms, component values) for GitHub-flavoured Markdown, so
/// a `*` slot marker or a `|` in a value cannot turn into emphasis, raw HTML or a broken table.
enum MarkdownText {
    /// `text` on one line with Markdown's special characters backslash-escaped.
    static func inline(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\n", "\r", "\t": result.append(" ")
            case "\\", "`", "*", "_", "[", "]", "<", ">", "|", "#", "~": result.append("\\"); result.append(character)
            default: result.append(character)
            }
        }
        return result
    }

    /// `text` as a code span (backticks become quotes; code spans take no backslash escapes).
    static func code(_ text: String) -> String {
        "`" + String(text.map { $0 == "`" ? "'" : ($0.isNewline || $0 == "|" ? " " : $0) }) + "`"
    }

    /// A table row from cells (already formatted Markdown).
    static func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }

    /// A table's header and separator rows; `numeric` columns are right-aligned.
    static func header(_ names: [String], numeric: Set<Int> = []) -> [String] {
        [row(names), "|" + names.indices.map { numeric.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|"]
    }

    /// A YAML double-quoted scalar.
    static func yamlQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n", "\r", "\t": result += " "
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
