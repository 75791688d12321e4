extension StringProtocol {
    /// Whether the text is empty or only whitespace (Unicode's definition).
    ///
    /// - Complexity: O(n); ASCII text is decided byte by byte without Unicode property look-ups.
    var isBlank: Bool {
        for byte in utf8 {
            switch byte {
            case 0x20, 0x09...0x0D: continue
            case 0..<0x80: return false
            default: return !unicodeScalars.contains { !$0.properties.isWhitespace }
            }
        }
        return true
    }
}
