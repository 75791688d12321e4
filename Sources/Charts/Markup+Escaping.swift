/// Escaping for text placed inside XML, SVG and HTML.
public enum Markup {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities, safe in element content
    /// and in single- or double-quoted attribute values.
    ///
    /// Control characters that XML 1.0 forbids (everything below U+0020 except tab, newline
    /// and carriage return) are dropped, so the output always parses.
    /// - Complexity: O(n) in the length of `text`.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
